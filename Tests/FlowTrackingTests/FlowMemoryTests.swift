@testable import FlowTracking
import PacketWire
import XCTest

/// What a tracked flow costs: the record every flow has stays within its byte budget, the
/// reordering rings grow with a direction's data segments only up to 64 arrivals and come back
/// for reuse when flows leave, and the untracked count of a full table is of distinct flows.
/// (That a ring which grew and wrapped still finds every late and repeated segment is
/// `FlowStateSplitTests.testReorderingMetricsAgreeWithTheFixedRing`.)
final class FlowMemoryTests: XCTestCase {
    /// The budgets: a test that fails when a field is added without taking one out (or without
    /// raising the budget on purpose, with the benchmark's per-flow figure).
    func testRecordStaysWithinItsBudget() {
        // Six cache lines: the table aligns its records to lines, so each takes exactly six.
        XCTAssertLessThanOrEqual(MemoryLayout<FlowRecord>.stride, 384, "the record every tracked flow has")
        XCTAssertLessThanOrEqual(MemoryLayout<ObservationState>.stride, 216, "one host's view of a flow")
        XCTAssertLessThanOrEqual(MemoryLayout<DirectionState>.size, 100, "one direction of one view")
        XCTAssertLessThanOrEqual(MemoryLayout<TCPSequenceAnalysis>.stride, 32)
        XCTAssertLessThanOrEqual(MemoryLayout<ReorderingMetrics>.size, 28)
        XCTAssertLessThanOrEqual(MemoryLayout<MoveTracker>.size, 28)
        XCTAssertEqual(MemoryLayout<ArrivalRings.Arrival>.stride, 12)
    }

    /// One data direction of `segments` in-order 100-byte segments, in a table of its own.
    private func direction(segments: Int, rings: ArrivalRings) -> ReorderingMetrics {
        var m = ReorderingMetrics()
        for k in 0..<segments { m.observe(seq: UInt32(k * 100), length: 100, member: 0, time: Int64(k), rings: rings) }
        return m
    }

    /// A ring takes the smallest size that holds its arrivals (4, 8, ... 64) and no more past 64:
    /// memory grows with flows, never with packets.
    func testRingsGrowWithSegmentsUpTo64Arrivals() {
        for (segments, bytes) in [(1, 48), (4, 48), (5, 96), (9, 192), (64, 768), (65, 768), (5_000, 768)] {
            let rings = ArrivalRings()
            let m = direction(segments: segments, rings: rings)
            XCTAssertEqual(m.packets, segments)
            // The live ring's size: the largest class a chunk was made for holds it.
            let used = (0..<ArrivalRings.classes).last { rings.allocatedBytes(sizeClass: $0) > 0 }.map { 48 << $0 }
            XCTAssertEqual(used, bytes, "\(segments) segments")
        }
    }

    /// Flows that leave the table give their rings back: a table that retires its flows and
    /// takes as many new ones holds no more ring memory than before.
    func testRetiredFlowsRingsAreReused() {
        let table = FlowTable(capacity: 10_000)
        func traffic(from: Int, count: Int, time: Int64) {
            for f in from..<(from + count) {
                for k in 0..<6 {
                    var d = DecodedPacket()
                    d.ipProtocol = .tcp
                    d.source = IPAddress("192.0.2.1")!
                    d.destination = IPAddress("198.51.100.\(1 + f / 60_000)")!
                    d.sourcePort = UInt16(1024 + f % 60_000)
                    d.destinationPort = 7000
                    d.hasTransport = true
                    d.tcpFlags = [.ack]
                    d.tcpSequence = UInt32(1000 + k * 100)
                    d.payloadLength = 100
                    _ = table.observe(d, wireLength: 154, time: time + Int64(k), host: 0, member: 0, sent: true)
                }
            }
        }
        traffic(from: 0, count: 2_000, time: 1_000)
        let before = table.rings.allocatedBytes
        XCTAssertGreaterThan(before, 0)
        var retired = RetiredFlows()
        _ = table.retire(lastSeenBefore: 10_000, into: &retired)
        XCTAssertEqual(table.count, 0)
        traffic(from: 2_000, count: 2_000, time: 20_000)
        XCTAssertEqual(table.count, 2_000)
        XCTAssertEqual(table.rings.allocatedBytes, before)
    }

    /// A full table counts the flows it cannot track, distinct ones (HyperLogLog, within 2 %),
    /// however many packets each sends.
    func testUntrackedFlowsAreCountedDistinctWithin2Percent() {
        let table = FlowTable(capacity: 1_000)
        let flows = 60_000
        var d = DecodedPacket()
        d.ipProtocol = .udp
        d.destination = IPAddress("192.0.2.2")!
        d.destinationPort = 53
        d.hasTransport = true
        for round in 0..<3 {
            for f in 0..<flows {
                d.source = IPAddress("198.18.\(f / 60_000).1")!
                d.sourcePort = UInt16(1024 + f % 60_000)
                _ = table.observe(d, wireLength: 60, time: Int64(round * flows + f), host: 0, member: 0, sent: true)
            }
        }
        XCTAssertEqual(table.count, 1_000)
        XCTAssertEqual(table.untrackedPackets, 3 * (flows - 1_000), "the tracked flows' later packets are tracked")
        XCTAssertEqual(Double(table.untrackedFlows), Double(flows - 1_000), accuracy: Double(flows - 1_000) * 0.02)
    }
}
