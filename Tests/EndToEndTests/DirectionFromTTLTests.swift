import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Direction from the capture itself (issue 21, item 2, in part): one host's member files with
/// no option, where the bond's MAC and the gateway's both send on every member. The host's own
/// frames carry its initial TTL, a routed peer's arrive decremented: that names the host's MAC.
final class DirectionFromTTLTests: XCTestCase {
    private let bond = MACAddress(rawValue: 0x02_00_00_00_41_01)
    private let gateway = MACAddress(rawValue: 0x02_00_00_00_42_01)

    /// Eight TCP flows from 10.0.0.5 to peers behind the gateway, alternately on eth0 and eth1,
    /// the peers' answers arriving with `peerTTL`.
    private func write(_ dir: String, peerTTL: UInt8) throws -> [String] {
        let paths = [dir + "/eth0.pcap", dir + "/eth1.pcap"]
        let writers = try paths.enumerated().map { i, p in
            try CaptureWriter(path: p, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth\(i)", snapLength: 128)])
        }
        let me = IPAddress("10.0.0.5")!
        var t: Int64 = 1_700_000_000_000_000_000
        for flow in 0..<8 {
            let peer = IPAddress("198.51.100.\(10 + flow)")!
            for k in 0..<10 {
                let out = FrameBuilder.tcp(srcMAC: bond, dstMAC: gateway, src: me, dst: peer, sport: UInt16(41_000 + flow), dport: 443,
                                           seq: UInt32(1 + 1448 * k), ack: 1, flags: .ack, payload: 1448, ipID: UInt16(k), ttl: 64)
                let back = FrameBuilder.tcp(srcMAC: gateway, dstMAC: bond, src: peer, dst: me, sport: 443, dport: UInt16(41_000 + flow),
                                            seq: 1, ack: UInt32(1 + 1448 * (k + 1)), flags: .ack, payload: 0, ipID: UInt16(k), ttl: peerTTL)
                writers[flow % 2].write(timestamp: t, bytes: out.bytes, wireLength: out.wireLength)
                writers[(flow + 1) % 2].write(timestamp: t + 100_000, bytes: back.bytes, wireLength: back.wireLength)
                t += 1_000_000
            }
        }
        for w in writers { w.close() }
        return paths
    }

    private func analyze(_ paths: [String]) throws -> (HostDocument, ReportDocument) {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + paths)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        return (try XCTUnwrap(report.hosts.first), report)
    }

    func testARoutedPeersDecrementedTTLNamesTheHostsMAC() throws {
        let dir = try TestEnvironment.temporaryFolder("ttl-direction")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (h, _) = try analyze(try write(dir, peerTTL: 57))
        XCTAssertEqual(h.direction.localMacs, [bond.description], h.direction.explanation)
        XCTAssertTrue(h.direction.explanation.contains("initial TTL"), h.direction.explanation)
        XCTAssertEqual(h.sent.packets, 80)
        XCTAssertEqual(h.received.packets, 80)
        XCTAssertNotNil(h.verdict?.model, h.verdict?.summary ?? "no verdict")
    }

    /// An on-link peer sends with an initial TTL too: the TTL tells the two MACs apart no more,
    /// so the direction stays undecided and the team is judged with each as the host's.
    func testAnOnLinkPeerLeavesItUnknown() throws {
        let dir = try TestEnvironment.temporaryFolder("ttl-direction-onlink")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (h, _) = try analyze(try write(dir, peerTTL: 64))
        XCTAssertFalse(h.direction.explanation.contains("initial TTL"), h.direction.explanation)
        let judged = Set((h.direction.hypotheses ?? []).flatMap(\.localMacs))
        XCTAssertEqual(judged.count, 2, "both MACs judged as the host's: \(h.direction.explanation)")
        XCTAssertTrue(judged.contains(bond.description), h.direction.explanation)
    }
}
