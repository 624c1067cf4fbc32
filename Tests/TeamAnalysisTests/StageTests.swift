import CaptureIO
import Foundation
import LabTraffic
import PacketWire
@testable import TeamAnalysis
import TestSupport
import XCTest

/// The stages on their own, fed from memory (no capture file is written): the counting pass,
/// the flow stage inline and on its own thread, and the report builder.
final class StageTests: XCTestCase {
    /// Records from memory, in order, as a capture file would give them.
    final class MemoryReader: PacketReader {
        let path: String
        var format: CaptureFormat { .pcap }
        var compressed: Bool { false }
        let interfaces: [CaptureInterface]
        var statistics: [Int: InterfaceStatistics] { [:] }
        var blockCounts: [String: Int] { ["record": packets.count] }
        private let packets: [(time: Int64, frame: FrameBuilder.Frame)]
        private var index = 0
        private var current: [UInt8] = []

        init(_ name: String, _ packets: [(time: Int64, frame: FrameBuilder.Frame)]) {
            path = "memory:\(name)"
            interfaces = [CaptureInterface(index: 0, linkType: .ethernet, snapLength: 0)]
            self.packets = packets
        }

        func next() throws(CaptureError) -> CaptureRecord? {
            guard index < packets.count else { return nil }
            let p = packets[index]
            index += 1
            current = p.frame.bytes
            // SAFETY: `current` is not touched again until the next call.
            let bytes = current.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
            return CaptureRecord(timestamp: p.time, capturedLength: bytes.count, wireLength: p.frame.wireLength, interface: 0,
                                 offset: index, bytes: bytes)
        }
    }

    let hostMAC = MACAddress(rawValue: 0x02_00_00_00_0A_01)
    let peerMAC = MACAddress(rawValue: 0x02_00_00_00_0B_01)

    private func frame(fromHost: Bool, id: UInt16) -> FrameBuilder.Frame {
        FrameBuilder.tcp(srcMAC: fromHost ? hostMAC : peerMAC, dstMAC: fromHost ? peerMAC : hostMAC,
                         src: IPAddress(fromHost ? "192.0.2.1" : "192.0.2.2")!, dst: IPAddress(fromHost ? "192.0.2.2" : "192.0.2.1")!,
                         sport: fromHost ? 40000 : 6600, dport: fromHost ? 6600 : 40000, seq: UInt32(id) * 1000, ack: 1,
                         flags: .ack, payload: fromHost ? 1000 : 0, ipID: id)
    }

    /// One host, two members and the bond master, in memory: every packet counted once at its
    /// member with its direction (from the plan's MAC), the master's copies matched.
    func testCountingPassCountsEachPacketOnceAtItsMember() throws {
        var eth0: [(time: Int64, frame: FrameBuilder.Frame)] = [], eth1 = eth0, bond = eth0
        for i in 0..<100 {
            let t = 1_000_000_000 + Int64(i) * 100_000
            let out = frame(fromHost: true, id: UInt16(i))
            bond.append((t, out))
            if i % 2 == 0 { eth0.append((t + 2_000, out)) } else { eth1.append((t + 2_000, out)) }
            let back = frame(fromHost: false, id: UInt16(1000 + i))
            eth1.append((t + 50_000, back))
            bond.append((t + 52_000, back))
        }
        for parallel in [false, true] {
            let result = pass(of: [("eth0", eth0), ("eth1", eth1), ("bond0", bond)], registered: 3, parallel: parallel)
            XCTAssertEqual(result.packetsRead, 400)
            XCTAssertEqual(result.duplicatesRemoved, 200)
            let m = Dictionary(uniqueKeysWithValues: result.members.map { ($0.name, $0) })
            XCTAssertEqual(m["eth0"]?.sent.packets, 50)
            XCTAssertEqual(m["eth1"]?.sent.packets, 50)
            XCTAssertEqual(m["eth1"]?.received.packets, 100)
            XCTAssertEqual(m["bond0"]?.matchedOnMember, 200)
            XCTAssertEqual(m["bond0"]?.onlyOnAggregate, 0)
            XCTAssertEqual(result.flows.table.count, 1, "one TCP connection")
            let flow = result.flows.table.record(0)
            XCTAssertEqual(flow.packets, 200)
            XCTAssertEqual(Set(flow.members.map(\.member)), [0, 1], "the flow's packets were at eth0 and eth1, never at bond0")
            XCTAssertEqual(result.flows.samples.count, 1, "the host sent in one flow direction")
        }
    }

    /// One counting pass over host h's `members` (name, timed frames), the first `registered`
    /// registered before it (the rest met mid-pass), the third the named aggregate, the host known
    /// by its MAC, aggregates' copies removed.
    func pass(of members: [(String, [(time: Int64, frame: FrameBuilder.Frame)])], registered: Int, parallel: Bool) -> PassResult {
        var options = AnalysisOptions()
        options.parallel = parallel
        var registry = MemberRegistry(hosts: ["h"], binWidth: options.binWidth)
        let streams = members.enumerated().map { i, m in
            InputStream(index: i, spec: CaptureSpec(path: "memory:\(m.0)", host: "h", member: m.0), host: "h", reader: MemoryReader(m.0, m.1))
        }
        for s in streams.prefix(registered) { registry.register(s) }
        registry.setRole(2, .aggregate(reason: .named))
        var plan = HostPlan(name: "h")
        plan.localMACs = [hostMAC.rawValue]
        plan.macSource = .localMAC
        plan.dedupe = .aggregates
        let pass = CountingPass(plans: [plan], registry: registry, options: options, filter: nil, origin: 1_000_000_000,
                                readers: streams.map { $0.reader })
        var merge = MemberMerge(streams)
        merge.forEach { s in pass.consume(s); return true }
        return pass.finish(inputs: [], warnings: [])
    }

    /// With the flow stage on its own thread, that thread counts each packet's traffic at its
    /// member and the counting thread its facts: the members come out the same as when one
    /// thread counts everything — for copied bytes (ARP replies are read from them), LACPDUs,
    /// ICMP, broadcasts, an aggregate's matched copies and a member first met mid-pass.
    func testMembersCountedOnTwoThreadsMatchOneThread() throws {
        var eth0: [(time: Int64, frame: FrameBuilder.Frame)] = [], eth1 = eth0, eth2 = eth0, bond = eth0
        let host = IPAddress("192.0.2.1")!, peer = IPAddress("192.0.2.2")!
        for i in 0..<60 {
            let t = 1_000_000_000 + Int64(i) * 100_000
            let out = frame(fromHost: true, id: UInt16(i))
            bond.append((t, out))
            if i % 2 == 0 { eth0.append((t + 2_000, out)) } else { eth1.append((t + 2_000, out)) }
            eth1.append((t + 50_000, frame(fromHost: false, id: UInt16(1000 + i))))
            if i % 10 == 0 {
                eth0.append((t + 60_000, FrameBuilder.arp(srcMAC: hostMAC, src: host, target: peer, reply: true, targetMAC: peerMAC)))
                eth1.append((t + 61_000, FrameBuilder.lacpdu(portMAC: hostMAC, actorSystem: hostMAC, actorPort: 2, actorKey: 9,
                                                             partnerSystem: peerMAC, partnerPort: 5)))
                eth0.append((t + 62_000, FrameBuilder.icmpEcho(srcMAC: peerMAC, dstMAC: hostMAC, src: peer, dst: host, reply: false,
                                                               id: 7, sequence: UInt16(i), ipID: UInt16(2000 + i))))
                eth1.append((t + 63_000, FrameBuilder.arp(srcMAC: peerMAC, src: peer, target: host, reply: false, targetMAC: .zero)))
            }
            // eth2's first packet comes half-way: the member is met mid-pass.
            if i >= 30 { eth2.append((t + 70_000, frame(fromHost: true, id: UInt16(3000 + i)))) }
        }
        func members(parallel: Bool) -> [String] {
            let result = pass(of: [("eth0", eth0), ("eth1", eth1), ("bond0", bond), ("eth2", eth2)], registered: 3, parallel: parallel)
            let m = Dictionary(uniqueKeysWithValues: result.members.map { ($0.name, $0) })
            XCTAssertEqual(m["eth0"]?.arpReplies.count, 1, "the host's ARP reply, read from its bytes")
            XCTAssertEqual(m["eth1"]?.health.lacpdus, 6)
            XCTAssertEqual(m["eth2"]?.sent.packets, 30)
            XCTAssertEqual(m["bond0"]?.matchedOnMember, 60)
            return result.members.map { String(describing: $0) }
        }
        let one = members(parallel: false), two = members(parallel: true)
        XCTAssertEqual(one.count, 4)
        XCTAssertEqual(one, two)
    }

    /// A report at any moment: the pass hands out a snapshot while packets keep coming, equal to
    /// what a pass over just those packets reports, and goes on to the same end result as a pass
    /// that was never interrupted.
    func testSnapshotAtAnyMomentThenCarryOn() throws {
        var eth0: [(time: Int64, frame: FrameBuilder.Frame)] = [], eth1 = eth0
        for i in 0..<3000 {
            let t = 1_000_000_000 + Int64(i) * 100_000
            let f = frame(fromHost: i % 3 != 0, id: UInt16(i))
            if i % 2 == 0 { eth0.append((t, f)) } else { eth1.append((t, f)) }
        }
        func pass(_ limit: Int?, snapshotAt: Int?, parallel: Bool) -> (AnalysisReport?, AnalysisReport) {
            var options = AnalysisOptions()
            options.parallel = parallel
            var registry = MemberRegistry(hosts: ["h"], binWidth: options.binWidth)
            let streams = [("eth0", eth0), ("eth1", eth1)].enumerated().map { i, m in
                InputStream(index: i, spec: CaptureSpec(path: "memory:\(m.0)", host: "h", member: m.0), host: "h", reader: MemoryReader(m.0, m.1))
            }
            for s in streams { registry.register(s) }
            var plan = HostPlan(name: "h")
            plan.localMACs = [hostMAC.rawValue]
            plan.macSource = .localMAC
            let counting = CountingPass(plans: [plan], registry: registry, options: options, filter: nil, origin: 1_000_000_000,
                                        readers: streams.map { $0.reader })
            var merge = MemberMerge(streams)
            var n = 0
            var snap: AnalysisReport?
            merge.forEach { s in
                counting.consume(s)
                n += 1
                if n == snapshotAt { snap = counting.snapshot(inputs: [], warnings: []) }
                return limit.map { n < $0 } ?? true
            }
            let result = counting.finish(inputs: [], warnings: [])
            return (snap, ReportBuilder(result: result, plans: [plan], options: options).build())
        }
        for parallel in [false, true] {
            let (snapshot, whole) = pass(nil, snapshotAt: 1234, parallel: parallel)
            let (_, firstPart) = pass(1234, snapshotAt: nil, parallel: parallel)
            let (_, uninterrupted) = pass(nil, snapshotAt: nil, parallel: parallel)
            let s = try XCTUnwrap(snapshot)
            XCTAssertEqual(s.packetsRead, 1234)
            XCTAssertEqual(s.members.map(\.sent.packets), firstPart.members.map(\.sent.packets))
            XCTAssertEqual(s.members.map(\.received.packets), firstPart.members.map(\.received.packets))
            XCTAssertEqual(s.flows.map(\.packets), firstPart.flows.map(\.packets))
            XCTAssertEqual(s.flows.first?.packets, 1234)
            XCTAssertEqual(whole, uninterrupted, "a snapshot changes nothing that follows")
            XCTAssertEqual(whole.packetsRead, 3000)
        }
    }

    /// The flow stage gives the same flows, series and sampled frames whether it is called
    /// directly or fed through its own thread, for copied and for uncopied bytes.
    func testFlowStageInlineAndOnItsOwnThreadAgree() throws {
        let a = LabEndpoint(name: "A", mac: hostMAC, ip: IPAddress("192.0.2.1")!, memberNames: ["eth0"], memberMACs: [hostMAC])
        let b = LabEndpoint(name: "B", mac: peerMAC, ip: IPAddress("192.0.2.2")!, memberNames: ["eth0"], memberMACs: [peerMAC])
        var rng = SplitMix64(seed: 9)
        var frames: [(time: Int64, fromClient: Bool, frame: FrameBuilder.Frame)] = []
        for c in 0..<6 {
            frames += TCPConversation(client: 0, server: 1, clientPort: UInt16(40000 + c), serverPort: c % 2 == 0 ? 6600 : 445,
                                      bytes: 600_000, start: 1_000_000_000 + Int64(c) * 1_000_000, rate: 1e9).frames(hosts: [a, b], rng: &rng)
        }
        frames.sort { $0.time < $1.time }
        func run(_ mode: Int) -> (String, Int, Int) {
            let stage = FlowStage(options: AnalysisOptions(), origin: 1_000_000_000)
            let pipeline = mode == 0 ? nil : FlowPipeline(stage: stage, inputs: [nil])
            for (i, f) in frames.enumerated() {
                f.frame.bytes.withUnsafeBytes { raw in
                    let d = PacketDecoder.decode(raw, linkType: .ethernet, wireLength: f.frame.wireLength)
                    let member: Int32 = Int32(i % 2)
                    if let pipeline {
                        pipeline.submit(d, bytes: raw, stable: false, recordOffset: i, linkType: .ethernet, time: f.time,
                                        wireLength: f.frame.wireLength, host: 0, member: member, sent: f.fromClient ? 1 : 0, input: 0, frame: Int64(i + 1))
                    } else {
                        stage.observe(d, bytes: raw, linkType: .ethernet, time: f.time, wireLength: f.frame.wireLength,
                                      host: 0, member: member, sent: f.fromClient ? 1 : 0, input: 0, frame: Int64(i + 1))
                    }
                }
            }
            if let pipeline { pipeline.finish() } else { stage.finish() }
            var text = ""
            for i in 0..<stage.table.count {
                let r = stage.table.record(i)
                text += "\(r.key) \(r.packets) \(r.bytes) \(r.members.map { "\($0.member):\($0.forwardBytes)/\($0.reverseBytes)" })\n"
            }
            return (text, stage.samples.count, stage.smb.statistics.messages)
        }
        let inline = run(0), threaded = run(1)
        XCTAssertEqual(inline.0, threaded.0)
        XCTAssertEqual(inline.1, threaded.1)
        XCTAssertEqual(inline.1, 6)
        XCTAssertEqual(inline.2, threaded.2)
        XCTAssertFalse(inline.0.isEmpty)
    }

    /// The flow stage's thread decodes nothing: it reads the facts the counting thread decoded
    /// (`FlowPacket`). Fed the same decoded packets with their bytes blanked to zeros (mapped and
    /// copied), it finds the flows, the TCP analysis of every direction and the retransmissions
    /// that the stage given the real bytes finds; a stage that decoded the bytes would find
    /// no flow at all.
    func testTheFlowThreadReadsTheDecodedFactsNotTheBytes() throws {
        let a = LabEndpoint(name: "A", mac: hostMAC, ip: IPAddress("192.0.2.1")!, memberNames: ["eth0"], memberMACs: [hostMAC])
        let b = LabEndpoint(name: "B", mac: peerMAC, ip: IPAddress("192.0.2.2")!, memberNames: ["eth0"], memberMACs: [peerMAC])
        var rng = SplitMix64(seed: 5)
        var frames: [(time: Int64, fromClient: Bool, frame: FrameBuilder.Frame)] = []
        for c in 0..<4 {
            frames += TCPConversation(client: 0, server: 1, clientPort: UInt16(41000 + c), serverPort: 5201, bytes: 300_000,
                                      start: 1_000_000_000 + Int64(c) * 1_000_000, rate: 1e9).frames(hosts: [a, b], rng: &rng)
        }
        frames.sort { $0.time < $1.time }
        // Every 40th frame again later (retransmissions), every 25th pair swapped (out of order).
        for i in stride(from: 40, to: frames.count - 5, by: 40) { frames.insert(frames[i], at: i + 5) }
        for i in stride(from: 25, to: frames.count - 1, by: 25) { frames.swapAt(i, i + 1) }
        func run(blank: Bool, stable: Bool) -> (flows: String, retransmissions: [Int]) {
            let stage = FlowStage(options: AnalysisOptions(), origin: 1_000_000_000)
            let pipeline = blank ? FlowPipeline(stage: stage, inputs: [nil]) : nil
            let zeros = [UInt8](repeating: 0, count: 2048)
            zeros.withUnsafeBytes { zero in
                for (i, f) in frames.enumerated() {
                    f.frame.bytes.withUnsafeBytes { raw in
                        let d = PacketDecoder.decode(raw, linkType: .ethernet, wireLength: f.frame.wireLength)
                        if let pipeline {
                            // SAFETY: `zero` holds 2048 bytes, more than any frame here; it outlives the pipeline.
                            let blanked = UnsafeRawBufferPointer(rebasing: zero[0..<raw.count])
                            pipeline.submit(d, bytes: blanked, stable: stable, recordOffset: i, linkType: .ethernet, time: f.time,
                                            wireLength: f.frame.wireLength, host: 0, member: Int32(i % 2), sent: f.fromClient ? 1 : 0,
                                            input: 0, frame: Int64(i + 1))
                        } else {
                            stage.observe(d, bytes: raw, linkType: .ethernet, time: f.time, wireLength: f.frame.wireLength,
                                          host: 0, member: Int32(i % 2), sent: f.fromClient ? 1 : 0, input: 0, frame: Int64(i + 1))
                        }
                    }
                }
                if let pipeline { pipeline.finish() } else { stage.finish() }
            }
            var text = ""
            for i in 0..<stage.table.count {
                let r = stage.table.record(i)
                text += "\(r.key) \(r.packets) \(r.bytes) \(r.carriesPayload)"
                for o in r.observations {
                    text += " [\(o.forward.packets) \(o.forward.counts) \(o.forward.reordering.reordered) \(o.forward.reordering.duplicates) | \(o.reverse.packets) \(o.reverse.counts)]"
                }
                text += "\n"
            }
            return (text, stage.retransmissions.map { $0.large + $0.small })
        }
        let real = run(blank: false, stable: false)
        XCTAssertEqual(real.flows.split(separator: "\n").count, 4)
        XCTAssertGreaterThan(real.retransmissions.reduce(0, +), 0)
        for stable in [true, false] {
            let blanked = run(blank: true, stable: stable)
            XCTAssertEqual(blanked.flows, real.flows, "stable: \(stable)")
            XCTAssertEqual(blanked.retransmissions, real.retransmissions, "stable: \(stable)")
        }
    }

    /// The analyzer can run twice and gives the same report: no stage keeps state between runs.
    func testRunningTwiceGivesTheSameReport() throws {
        let c = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let specs = ["A", "B"].flatMap { h in ["eth0", "eth1"].map { CaptureSpec(path: "\(c)/\(h)/\($0).pcap") } }
        let analyzer = try TeamAnalyzer(specs: specs, options: AnalysisOptions())
        let first = analyzer.run(), second = analyzer.run()
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.packetsRead, 3204)
    }
}
