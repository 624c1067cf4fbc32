import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TestSupport
import XCTest

/// The generated RoCEv2 lab (`RoCEv2Scenario`: two hosts, two members each, four queue pairs, a
/// lost packet and its NAK): every packet decodes to what TShark's InfiniBand dissector shows,
/// and the RDMA flows carry the figures the scenario was built with.
final class RoCEv2ScenarioTests: XCTestCase {
    static let files = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"]

    func write() throws -> (dir: String, args: [String]) {
        let dir = try TestEnvironment.temporaryFolder("rocev2")
        return (dir, try RoCEv2Scenario().write(to: dir))
    }

    /// Each packet's BTH, RETH and AETH fields as TShark names them, joined by `|`, written as
    /// TShark writes them (booleans 1/0; the QP, virtual address and R_Key in hex; an absent
    /// header's fields empty).
    static let fields = ["infiniband.bth.opcode", "infiniband.bth.se", "infiniband.bth.m", "infiniband.bth.padcnt", "infiniband.bth.tver",
                         "infiniband.bth.p_key", "infiniband.bth.destqp", "infiniband.bth.a", "infiniband.bth.psn",
                         "infiniband.reth.va", "infiniband.reth.r_key", "infiniband.reth.dmalen", "infiniband.aeth.syndrome", "infiniband.aeth.msn"]

    static func ours(_ path: String) throws -> [String] {
        let reader = try CaptureFile.open(path)
        var rows: [String] = []
        while let rec = try reader.next() {
            let d = PacketDecoder.decode(rec.bytes, linkType: .ethernet, wireLength: rec.wireLength)
            guard d.isUDP, d.destinationPort == RoCEv2Packet.udpPort else { rows.append(""); continue }
            let p = try RoCEv2Packet(rec.bytes, at: d.payloadOffset, datagramLength: d.payloadLength)
            let b = p.bth
            func flag(_ v: Bool) -> String { v ? "1" : "0" }
            var row = ["\(b.opcode.rawValue)", flag(b.solicitedEvent), flag(b.migrationRequest), "\(b.padCount)", "\(b.transportVersion)",
                       "\(b.partitionKey)", String(format: "0x%06x", b.destinationQP), flag(b.acknowledgeRequest), "\(b.psn)"]
            row += p.reth.map { [String(format: "0x%016llx", $0.virtualAddress), String(format: "0x%08x", $0.remoteKey), "\($0.dmaLength)"] } ?? ["", "", ""]
            row += p.aeth.map { ["\($0.syndrome.rawValue)", "\($0.messageSequenceNumber)"] } ?? ["", ""]
            rows.append(row.joined(separator: "|"))
        }
        return rows
    }

    func testEveryPacketDecodesAsTShark() throws {
        _ = try TestEnvironment.tshark()
        let (dir, _) = try write()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var packets = 0
        for f in Self.files {
            let path = "\(dir)/\(f).pcap"
            // TShark 4.0 dissects UDP 4791 as RoCEv2 by default ("udp.port 4791 infiniband").
            let theirs = try TestEnvironment.tsharkFields(path, Self.fields).map { $0.replacingOccurrences(of: "True", with: "1").replacingOccurrences(of: "False", with: "0") }
            let ours = try Self.ours(path)
            XCTAssertEqual(ours.count, theirs.count, f)
            for (i, (o, t)) in zip(ours, theirs).enumerated() { XCTAssertEqual(o, t, "\(f) frame \(i + 1)") }
            packets += ours.count
        }
        XCTAssertEqual(packets, 2 * 110 - 1, "every packet at both ends, but the lost one at B")
    }

    func testRDMAFlowsPerMember() throws {
        let (dir, args) = try write()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TeamAnalyzer(specs: args.map(CaptureSpec.parse), options: AnalysisOptions()).run()
        let flows = try XCTUnwrap(r.rdmaFlows)
        XCTAssertEqual(flows.count, 16, "8 flows (4 QPs, both directions), seen at each host")
        func flow(_ host: String, _ qp: Int) throws -> RDMAFlowReport { try XCTUnwrap(flows.first { $0.host == host && $0.destQp == qp }, "\(host) QP \(qp)") }
        let mtuFrame = 14 + 20 + 8 + 12 + 4096 + 4, firstFrame = mtuFrame + 16
        // QP 0x101 (WRITEs with the lost packet): A sent 24 + 5 resent; B received 23 + 5.
        for (host, packets, gaps) in [("A", 29, 0), ("B", 28, 1)] {
            let f = try flow(host, 0x101)
            XCTAssertEqual(f.src, "198.51.100.1")
            XCTAssertEqual(f.dst, "198.51.100.2")
            XCTAssertEqual(f.udpSrcPort, 0xC101)
            XCTAssertEqual(f.packets, packets, host)
            XCTAssertEqual(f.psnGaps, gaps, host)
            XCTAssertEqual(f.resent, 5, host)
            XCTAssertEqual(f.naks, 0)
            XCTAssertTrue(f.pinned)
            XCTAssertEqual(f.members.map(\.member), ["eth0"])
            let lostBytes = host == "B" ? mtuFrame : 0
            XCTAssertEqual(f.bytes, 3 * (firstFrame + 7 * mtuFrame) + 5 * mtuFrame - lostBytes, host)
        }
        // Its acknowledges: 3 ACKs and the NAK, on eth0.
        for host in ["A", "B"] {
            let f = try flow(host, 0x11)
            XCTAssertEqual(f.packets, 4)
            XCTAssertEqual(f.naks, 1)
            XCTAssertEqual(f.psnGaps, 0)
            XCTAssertEqual(f.members.map(\.member), ["eth0"])
        }
        // The clean WRITEs on eth1; the SENDs on eth0 acknowledged on eth1.
        for host in ["A", "B"] {
            XCTAssertEqual(try flow(host, 0x102).packets, 24)
            XCTAssertEqual(try flow(host, 0x102).members.map(\.member), ["eth1"])
            XCTAssertEqual(try flow(host, 0x102).resent + flow(host, 0x102).psnGaps, 0)
            XCTAssertEqual(try flow(host, 0x103).members.map(\.member), ["eth0"])
            XCTAssertEqual(try flow(host, 0x13).members.map(\.member), ["eth1"])
            XCTAssertEqual(try flow(host, 0x103).packets, 10)
            XCTAssertEqual(try flow(host, 0x103).bytes, 10 * (14 + 20 + 8 + 12 + 1_027 + 1 + 4))
        }
        // The READs: each request takes four PSNs (no gap); the requests moved once, eth1 → eth0.
        for host in ["A", "B"] {
            let req = try flow(host, 0x104)
            XCTAssertEqual(req.packets, 6)
            XCTAssertEqual(req.psnGaps, 0, "a READ request spans its response packets' PSNs")
            XCTAssertFalse(req.pinned)
            XCTAssertEqual(req.moves, 1)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: req.members.map { ($0.member, $0.packets) }), ["eth0": 3, "eth1": 3])
            let resp = try flow(host, 0x14)
            XCTAssertEqual(resp.packets, 24)
            XCTAssertEqual(resp.psnGaps + resp.resent, 0, "responses are not in the request sequence")
        }
        let a = try XCTUnwrap(r.rdma?.first { $0.host == "A" })
        XCTAssertEqual(a.flows, 8)
        XCTAssertEqual(a.udpSourcePorts, 8)
        XCTAssertEqual(a.pinnedFlows, 7)
        XCTAssertEqual(a.naks, 1)
        XCTAssertGreaterThan(a.udpSourcePortEntropyBits, 1.5)
        XCTAssertLessThan(a.udpSourcePortEntropyBits, 3)
        // The migration summary counts each flow once, over the members both hosts used.
        let m = try XCTUnwrap(r.migrationSummary.first { $0.hosts == ["A", "B"] })
        XCTAssertEqual(m.rdma?.flows, 8)
        XCTAssertEqual(m.rdma?.heldToOneMember, 7)
        XCTAssertEqual(m.rdma?.membersUsed, ["A": ["eth0", "eth1"], "B": ["eth0", "eth1"]])
    }

    /// The flow stage on its own thread reads mapped files in place and copies the headers of
    /// compressed ones: the RDMA flows are the same either way, and on one thread.
    func testTheSameOnOneThreadAndFromGzip() throws {
        let (dir, args) = try write()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gz = try RoCEv2Scenario().write(to: dir + "/gz", gzip: true)
        var single = AnalysisOptions()
        single.parallel = false
        let reference = try TeamAnalyzer(specs: args.map(CaptureSpec.parse), options: AnalysisOptions()).run()
        XCTAssertEqual(reference.rdmaFlows?.count, 16)
        XCTAssertEqual(try TeamAnalyzer(specs: args.map(CaptureSpec.parse), options: single).run().rdmaFlows, reference.rdmaFlows)
        XCTAssertEqual(try TeamAnalyzer(specs: gz.map(CaptureSpec.parse), options: AnalysisOptions()).run().rdmaFlows, reference.rdmaFlows)
    }
}
