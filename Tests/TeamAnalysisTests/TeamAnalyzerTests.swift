import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TestSupport
import XCTest

final class TeamAnalyzerTests: XCTestCase {
    let hostMAC = MACAddress(rawValue: 0x02_00_00_00_0A_01)
    let peerMAC = MACAddress(rawValue: 0x02_00_00_00_0B_01)

    private func frame(fromHost: Bool, id: UInt16, payload: Int = 1000) -> FrameBuilder.Frame {
        FrameBuilder.tcp(srcMAC: fromHost ? hostMAC : peerMAC, dstMAC: fromHost ? peerMAC : hostMAC,
                         src: IPAddress(fromHost ? "192.0.2.1" : "192.0.2.2")!, dst: IPAddress(fromHost ? "192.0.2.2" : "192.0.2.1")!,
                         sport: fromHost ? 40000 : 6600, dport: fromHost ? 6600 : 40000, seq: UInt32(id) * 1000, ack: 1,
                         flags: .ack, payload: fromHost ? payload : 0, ipID: id)
    }

    private func write(_ path: String, _ packets: [(Int64, FrameBuilder.Frame)]) throws {
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "x", snapLength: 128)])
        for (t, f) in packets { w.write(timestamp: t, bytes: f.bytes, wireLength: f.wireLength) }
        w.close()
    }

    /// A bond master captured beside its members: each packet counts once, at its member; the
    /// master's copies are removed as duplicates, and their order tells the direction.
    func testBondMasterBesideMembers() throws {
        let dir = try TestEnvironment.temporaryFolder()
        var eth0: [(Int64, FrameBuilder.Frame)] = [], eth1: [(Int64, FrameBuilder.Frame)] = [], bond: [(Int64, FrameBuilder.Frame)] = []
        for i in 0..<200 {
            let t = 1_000_000_000 + Int64(i) * 100_000
            let out = frame(fromHost: true, id: UInt16(i))
            bond.append((t, out))                                   // transmit: bond first
            (i % 2 == 0 ? { eth0.append((t + 2_000, out)) } : { eth1.append((t + 2_000, out)) })()
            let back = frame(fromHost: false, id: UInt16(1000 + i))
            eth1.append((t + 50_000, back))                         // receive: member first
            bond.append((t + 52_000, back))
        }
        // A retransmission with identical bytes on one member is traffic, not a duplicate.
        eth0.append((1_000_000_000 + 200 * 100_000, eth0.last!.1))
        try write(dir + "/eth0.pcap", eth0)
        try write(dir + "/eth1.pcap", eth1)
        try write(dir + "/bond0.pcap", bond)
        let report = try TeamAnalyzer(specs: ["eth0", "eth1", "bond0"].map { CaptureSpec(path: "\(dir)/\($0).pcap") },
                                      options: AnalysisOptions()).run()
        XCTAssertEqual(report.packetsRead, 101 + 300 + 400)
        XCTAssertEqual(report.duplicatesRemoved, 400)
        XCTAssertEqual(report.aggregates.map(\.name), ["bond0"])
        XCTAssertEqual(report.aggregates.first?.matchedOnMember, 400)
        XCTAssertEqual(report.aggregates.first?.onlyOnAggregate, 0)
        let m = Dictionary(uniqueKeysWithValues: report.members.map { ($0.name, $0) })
        XCTAssertEqual(m["eth0"]?.packets, 101)
        XCTAssertEqual(m["eth0"]?.sent.packets, 101)
        XCTAssertEqual(m["eth1"]?.sent.packets, 100)
        XCTAssertEqual(m["eth1"]?.received.packets, 200)
        XCTAssertEqual(m["eth0"]?.received.packets, 0)
        XCTAssertEqual(report.hosts.first?.direction.method, .inferred)
        XCTAssertEqual(report.hosts.first?.direction.localMacs, [hostMAC.description])
    }

    /// With only one host's members on a shared segment, nothing tells the two MACs apart: the
    /// team is judged with each as the host's (never a table of zeros), the report says so and
    /// what would decide; --local-mac settles it.
    func testAmbiguousDirectionIsSaidPlainly() throws {
        let dir = try TestEnvironment.temporaryFolder()
        var eth0: [(Int64, FrameBuilder.Frame)] = [], eth1: [(Int64, FrameBuilder.Frame)] = []
        for i in 0..<50 {
            let t = 1_000_000_000 + Int64(i) * 100_000
            eth0.append((t, frame(fromHost: true, id: UInt16(i))))
            eth0.append((t + 10, frame(fromHost: false, id: UInt16(100 + i))))
            eth1.append((t + 20, frame(fromHost: true, id: UInt16(200 + i))))
            eth1.append((t + 30, frame(fromHost: false, id: UInt16(300 + i))))
        }
        try write(dir + "/eth0.pcap", eth0)
        try write(dir + "/eth1.pcap", eth1)
        let specs = ["eth0", "eth1"].map { CaptureSpec(path: "\(dir)/\($0).pcap") }
        let unknown = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
        XCTAssertEqual(unknown.hosts.first?.direction.method, .inferred)
        XCTAssertEqual(unknown.hosts.first?.direction.confidence, .low)
        XCTAssertEqual(unknown.hosts.first?.direction.basis, .hypotheses(stations: [[hostMAC.description], [peerMAC.description]], signals: []))
        XCTAssertEqual(unknown.hosts.first?.direction.hypotheses?.map(\.localMacs).sorted { $0[0] < $1[0] }, [[hostMAC.description], [peerMAC.description]])
        XCTAssertEqual(unknown.members.map(\.unknownDirection.packets), [0, 0])
        XCTAssertEqual(unknown.members.map { $0.sent.packets + $0.received.packets }, [100, 100])
        XCTAssertEqual(unknown.hosts.first?.team?.wouldDecide.first, .localMAC)
        var options = AnalysisOptions()
        options.localMACs = [LocalAddress(host: nil, address: hostMAC)]
        let known = try TeamAnalyzer(specs: specs, options: options).run()
        XCTAssertEqual(known.members.map(\.sent.packets), [50, 50])
        XCTAssertEqual(known.members.map(\.received.packets), [50, 50])
        XCTAssertEqual(known.members.map(\.directionSource), [.method(.localMAC), .method(.localMAC)])
        XCTAssertEqual(known.members.map { $0.sent.share }, [0.5, 0.5])
        // --local-ip works as well: the MAC sending from that address becomes the host's.
        options = AnalysisOptions()
        options.localIPs = [LocalAddress(host: nil, address: IPAddress("192.0.2.1")!)]
        let byIP = try TeamAnalyzer(specs: specs, options: options).run()
        XCTAssertEqual(byIP.members.map(\.sent.packets), [50, 50])
        XCTAssertEqual(byIP.hosts.first?.direction.method, .localIP)
    }

    /// A damaged input: what came before the damage counts, the others are read normally, and
    /// the report says where reading stopped.
    func testDamagedInputKeepsEverythingElse() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try write(dir + "/eth0.pcap", (0..<100).map { (1_000_000_000 + Int64($0) * 1000, frame(fromHost: true, id: UInt16($0))) })
        try write(dir + "/eth1.pcap", (0..<100).map { (1_000_000_000 + Int64($0) * 1000, frame(fromHost: true, id: UInt16(500 + $0))) })
        // Each record: 16-byte header + 54 captured bytes. Cut inside the 31st record's data.
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/eth1.pcap"))
        let cut = 24 + 30 * 70 + 30
        try data.prefix(cut).write(to: URL(fileURLWithPath: dir + "/eth1.pcap"))
        try Data("not a capture at all".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        let report = try TeamAnalyzer(specs: ["eth0.pcap", "eth1.pcap", "notes.txt", "missing.pcap"].map { CaptureSpec(path: "\(dir)/\($0)") },
                                      options: AnalysisOptions()).run()
        XCTAssertEqual(report.inputs.map(\.packets), [100, 30, 0, 0])
        XCTAssertNil(report.inputs[0].error)
        XCTAssertEqual(report.inputs[1].errorOffset, cut)
        XCTAssertTrue(report.inputs[1].error!.contains("eth1.pcap: byte \(cut): 54 bytes of packet data"), report.inputs[1].error!)
        XCTAssertTrue(report.inputs[2].error!.contains("notes.txt: byte 0: a capture file"), report.inputs[2].error!)
        XCTAssertNotNil(report.inputs[3].error)
        XCTAssertEqual(report.members.map(\.packets), [100, 30])
    }

    /// pktmon-style pcapng: the same packet id at the team adapter and at a NIC counts once, at
    /// the NIC; epb_flags give the direction without any option.
    func testPacketIDDuplicatesAndCaptureFlags() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let path = dir + "/pktmon.pcapng"
        let w = try CaptureWriter(path: path, format: .pcapng, interfaces: [
            .init(name: "NIC1"), .init(name: "NIC2"),
            .init(name: "vmswitch port", description: "Microsoft Network Adapter Multiplexor Driver"),
        ])
        for i in 0..<60 {
            let t = 1_000_000_000 + Int64(i) * 10_000
            let f = frame(fromHost: i % 3 != 0, id: UInt16(i))
            let outbound = i % 3 != 0
            // The vSwitch component may see the frame differently (e.g. tagged): only the id ties them.
            var seen = f.bytes
            seen[20] ^= 0xFF
            w.write(timestamp: t, interface: 2, bytes: seen, wireLength: f.wireLength, flags: outbound ? 2 : 1, packetID: UInt64(i + 1))
            w.write(timestamp: t + 500, interface: outbound ? i % 2 : 0, bytes: f.bytes, wireLength: f.wireLength,
                    flags: outbound ? 2 : 1, packetID: UInt64(i + 1))
        }
        w.close()
        var options = AnalysisOptions()
        options.aggregates = ["vmswitch port"]
        let report = try TeamAnalyzer(specs: [CaptureSpec(path: path)], options: options).run()
        XCTAssertEqual(report.packetsRead, 120)
        XCTAssertEqual(report.duplicatesRemoved, 60)
        XCTAssertEqual(report.members.map(\.name), ["NIC1", "NIC2"])
        XCTAssertEqual(report.members.map(\.packets).reduce(0, +), 60)
        XCTAssertEqual(report.members[0].received.packets, 20)
        XCTAssertEqual(report.members[1].received.packets, 0)
        XCTAssertEqual(report.members.map(\.sent.packets).reduce(0, +), 40)
        XCTAssertEqual(report.members.map(\.directionSource), [.method(.pcapngFlags), .method(.pcapngFlags)])
        XCTAssertEqual(report.hosts.first?.direction.confidence, .certain)
    }

    func testCaptureArgumentForms() {
        XCTAssertEqual(CaptureSpec.parse("/nonexistent/eth0.pcap.gz").stem, "eth0")
        XCTAssertEqual(CaptureSpec.parse("eth1=/x/a.pcap"), CaptureSpec(path: "/x/a.pcap", member: "eth1"))
        XCTAssertEqual(CaptureSpec.parse("hv01/NIC2=/x/b.pcapng"), CaptureSpec(path: "/x/b.pcapng", host: "hv01", member: "NIC2"))
        XCTAssertEqual(CaptureSpec.parse("hv01/*=/x/b.pcapng"), CaptureSpec(path: "/x/b.pcapng", host: "hv01", member: nil))
    }

    func testSeveralHostsNeedToSayWhoseMACItIs() {
        var options = AnalysisOptions()
        options.localMACs = [LocalAddress(host: nil, address: hostMAC)]
        XCTAssertThrowsError(try TeamAnalyzer(specs: [CaptureSpec(path: "a.pcap", host: "A"), CaptureSpec(path: "b.pcap", host: "B")],
                                              options: options)) { error in
            XCTAssertTrue("\(error)".contains("HOST=MAC"))
        }
    }
}

final class FlowBadInputTests: XCTestCase {
    /// A SYN flood of 5,000 one-packet flows against a 1,000-flow table, plus TCP headers with
    /// a data offset below 5: counted, bounded, reported, never a crash.
    func testSynFloodAndGarbageHeadersAreBoundedAndCounted() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let path = dir + "/flood.pcap"
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0", snapLength: 128)])
        let a = MACAddress(rawValue: 0x02_00_00_00_00_01), b = MACAddress(rawValue: 0x02_00_00_00_00_02)
        for i in 0..<5_000 {
            let f = FrameBuilder.tcp(srcMAC: a, dstMAC: b, src: IPAddress(ipv4: 0xC633_6400 | UInt32(i & 0xFF)), dst: IPAddress("203.0.113.9")!,
                                     sport: UInt16(1024 + i), dport: 445, seq: UInt32(i), ack: 0, flags: .syn, payload: 0, ipID: UInt16(i & 0xFFFF))
            w.write(timestamp: 1_000_000_000 + Int64(i) * 1000, bytes: f.bytes, wireLength: f.wireLength)
        }
        for i in 0..<10 {
            var f = FrameBuilder.tcp(srcMAC: a, dstMAC: b, src: IPAddress("192.0.2.1")!, dst: IPAddress("192.0.2.2")!,
                                     sport: 4000, dport: 6600, seq: 1, ack: 1, flags: .ack, payload: 100, ipID: UInt16(i)).bytes
            f[14 + 20 + 12] = 0x30 // data offset 3: impossible
            w.write(timestamp: 2_000_000_000 + Int64(i), bytes: f, wireLength: 154)
        }
        w.close()
        var options = AnalysisOptions()
        options.flowCapacity = 1_000
        let report = try TeamAnalyzer(specs: [CaptureSpec(path: path)], options: options).run()
        XCTAssertEqual(report.packetsRead, 5_010)
        XCTAssertEqual(report.members.first?.packets, 5_010, "every packet still counts for its member")
        XCTAssertEqual(report.flowSummary.flows, 1_000)
        XCTAssertEqual(Double(report.flowSummary.untrackedFlows), 4_000, accuracy: 80, "distinct untracked flows, estimated within 2 %")
        XCTAssertEqual(report.flowSummary.untrackedPackets, 4_000)
        XCTAssertEqual(report.flowSummary.malformedSegments, 10)
        XCTAssertEqual(report.members.first?.decode.malformed, 10)
        XCTAssertEqual(report.warningDetails, [AnalysisWarning(.flowTableFull, packets: 4_000, flows: report.flowSummary.untrackedFlows, capacity: 1_000)])
    }
}

final class RSSReportTests: XCTestCase {
    /// The first published RSS vector, 66.9.149.187:2794 → 161.142.100.80:1766, hashes to
    /// 0x51ccc178: entry 0x78 = 120 of a 128-entry table, queue 120 mod 8 = 0.
    func testFlowCarriesItsPredictedQueue() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let path = dir + "/rss.pcap"
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0", snapLength: 128)])
        let f = FrameBuilder.tcp(srcMAC: MACAddress(rawValue: 2), dstMAC: MACAddress(rawValue: 3), src: IPAddress("66.9.149.187")!,
                                 dst: IPAddress("161.142.100.80")!, sport: 2794, dport: 1766, seq: 1, ack: 1, flags: .ack, payload: 1000, ipID: 1)
        w.write(timestamp: 1_000_000_000, bytes: f.bytes, wireLength: f.wireLength)
        w.close()
        let report = try TeamAnalyzer(specs: [CaptureSpec(path: path)], options: AnalysisOptions()).run()
        let flow = try XCTUnwrap(report.flows.first)
        XCTAssertEqual(flow.src, "66.9.149.187")
        XCTAssertEqual(flow.rssQueueForward, 0)
        XCTAssertEqual(report.rssQueues, 8)
    }
}
