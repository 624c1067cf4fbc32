@testable import FlowTracking
import PacketWire
import XCTest

/// The untracked-flow count is of distinct flows, estimated: within 2 % from a few to millions,
/// whatever the order and repetition of the packets.
final class DistinctCountTests: XCTestCase {
    func testEmptyIsZero() {
        XCTAssertEqual(DistinctCount().estimate, 0)
    }

    /// Linear counting over 16,384 registers: a count of a few hundred is off by at most one or
    /// two values (two sharing a register).
    func testSmallCountsAreNearlyExact() {
        for n in [1, 2, 10, 100, 1_000] {
            var c = DistinctCount()
            for i in 0..<n { c.insert(hash: DistinctCount.mix(UInt64(i))) }
            XCTAssertEqual(Double(c.estimate), Double(n), accuracy: max(1, Double(n) * 0.01), "\(n)")
        }
    }

    func testLargeCountsWithin2PercentAndRepeatsDoNotCount() {
        for n in [10_000, 100_000, 1_000_000] {
            var c = DistinctCount()
            // Every value three times, interleaved (packets of flows that alternate).
            for _ in 0..<3 { for i in 0..<n { c.insert(hash: DistinctCount.mix(UInt64(i) &* 7919)) } }
            XCTAssertEqual(Double(c.estimate), Double(n), accuracy: Double(n) * 0.02, "\(n)")
        }
    }

    /// The old count added one whenever the untracked key changed: two flows alternating packet
    /// by packet counted once per packet. Now they count as two.
    func testAlternatingUntrackedFlowsCountOnce() {
        let table = FlowTable(capacity: 1)
        func packet(_ port: UInt16) -> DecodedPacket {
            var d = DecodedPacket()
            d.ipProtocol = .udp
            d.source = IPAddress("192.0.2.1")!
            d.destination = IPAddress("192.0.2.2")!
            d.sourcePort = port
            d.destinationPort = 53
            d.hasTransport = true
            return d
        }
        _ = table.observe(packet(1000), wireLength: 60, time: 0, host: 0, member: 0, sent: true)
        for k in 0..<100 {
            _ = table.observe(packet(k % 2 == 0 ? 2000 : 3000), wireLength: 60, time: Int64(k + 1), host: 0, member: 0, sent: true)
        }
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table.untrackedPackets, 100)
        XCTAssertEqual(table.untrackedFlows, 2)
    }
}
