import CaptureIO
import LabTraffic
import PacketWire
import TeamAnalysis
import TestSupport
import XCTest

/// A bond master captured beside members that rewrite the source MAC (balance-tlb/alb, a
/// switch-independent team's non-primary members): its copies are matched modulo the source MAC.
final class RewrittenSourceMACTests: XCTestCase {
    func testBondCopiesMatchMembersThatRewroteTheSourceMAC() throws {
        let dir = try TestEnvironment.temporaryFolder("tlb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bondMAC = MACAddress(rawValue: 0x02_00_00_00_0A_01), eth1MAC = MACAddress(rawValue: 0x02_00_00_00_0A_02)
        let peer = MACAddress(rawValue: 0x02_00_00_00_0B_01)
        let writers = try ["bond0", "eth0", "eth1"].map {
            try CaptureWriter(path: "\(dir)/\($0).pcap", format: .pcap(nanoseconds: true), interfaces: [.init(name: $0)])
        }
        let base: Int64 = 1_795_000_000_000_000_000
        for k in 0..<200 {
            let member = k % 2
            var f = FrameBuilder.tcp(srcMAC: bondMAC, dstMAC: peer, src: IPAddress("192.0.2.1")!, dst: IPAddress("192.0.2.2")!,
                                     sport: UInt16(40_000 + k % 8), dport: 5001, seq: UInt32(k * 1448), ack: 1, flags: .ack,
                                     payload: 1448, ipID: UInt16(k))
            let t = base + Int64(k) * 1_000_000
            writers[0].write(timestamp: t, bytes: f.bytes, wireLength: f.wireLength)
            if member == 1 {
                // balance-tlb: the second member sends with its own MAC.
                for i in 0..<6 { f.bytes[6 + i] = UInt8((eth1MAC.rawValue >> UInt64(40 - 8 * i)) & 0xFF) }
            }
            writers[1 + member].write(timestamp: t + 20_000, bytes: f.bytes, wireLength: f.wireLength)
        }
        writers.forEach { $0.close() }
        let specs = ["bond0", "eth0", "eth1"].map { CaptureSpec.parse("A/\($0)=\(dir)/\($0).pcap") }
        var options = AnalysisOptions()
        options.localMACs = [LocalAddress(host: nil, address: bondMAC), LocalAddress(host: nil, address: eth1MAC)]
        let r = try TeamAnalyzer(specs: specs, options: options).run()
        let bond = try XCTUnwrap(r.aggregates.first { $0.name == "bond0" })
        XCTAssertEqual(bond.packets, 200)
        XCTAssertEqual(bond.matchedOnMember, 200, "every bond0 copy has its member's twin")
        XCTAssertEqual(bond.onlyOnAggregate, 0)
        XCTAssertEqual(r.members.filter { $0.host == "A" }.map(\.sent.packets), [100, 100])
    }
}
