import FlowTracking
import XCTest

/// RFC 4737 metrics on hand-computed arrival orders. Packet k stands for a 100-byte segment
/// starting at k × 100, so "1, 2, 3, 5, 6, 4, 7" is the RFC's kind of example.
final class ReorderingMetricsTests: XCTestCase {
    private func run(_ order: [Int], members: [Int32]? = nil) -> ReorderingMetrics {
        var m = ReorderingMetrics()
        let rings = ArrivalRings()
        for (i, k) in order.enumerated() {
            // Arrival i at i µs.
            m.observe(seq: UInt32(k * 100), length: 100, member: members?[i] ?? 0, time: Int64(i) * 1000, rings: rings)
        }
        return m
    }

    /// 1, 2, 3, 5, 6, 4, 7: only 4 is reordered (it arrives below NextExp = 700). The first
    /// arrival with a larger sequence is 5, two arrivals earlier: extent 2. Its two
    /// predecessors (5, 6) are larger but the third (3) is not: not 3-reordered.
    func testSingleLateArrival() {
        let m = run([1, 2, 3, 5, 6, 4, 7])
        XCTAssertEqual(m.packets, 7)
        XCTAssertEqual(m.reordered, 1)
        XCTAssertEqual(m.ratio, 1.0 / 7.0, accuracy: 1e-12)
        XCTAssertEqual(m.maxExtent, 2)
        XCTAssertEqual(m.extentHistogram, [0, 1, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(m.n3Reordered, 0)
        XCTAssertEqual(m.discontinuities, 1, "5 arrived while 4 was expected")
        // Late-time offset: 4 arrived at 5 µs, 5 (the earliest larger) at 3 µs.
        XCTAssertEqual(m.maxLateTime, 2000)
        XCTAssertEqual(m.meanLateTime, 2000)
    }

    /// 1, 2, 4, 5, 6, 3, 7: 3 comes after 4, 5, 6, all larger: extent 3 and 3-reordered.
    func testThreeReordering() {
        let m = run([1, 2, 4, 5, 6, 3, 7])
        XCTAssertEqual(m.reordered, 1)
        XCTAssertEqual(m.maxExtent, 3)
        XCTAssertEqual(m.n3Reordered, 1)
        XCTAssertEqual(m.maxLateTime, 3000, "3 at 5 µs, 4 at 2 µs")
    }

    /// 1, 3, 2, 4, 6, 5: two reordered packets, each one place late (extent 1).
    func testTwoAdjacentSwaps() {
        let m = run([1, 3, 2, 4, 6, 5])
        XCTAssertEqual(m.reordered, 2)
        XCTAssertEqual(m.ratio, 2.0 / 6.0, accuracy: 1e-12)
        XCTAssertEqual(m.extentHistogram[0], 2)
        XCTAssertEqual(m.maxExtent, 1)
    }

    /// 1, 2, 3, 3, 4: the second 3 is a duplicate (RFC 4737 counts first copies only).
    func testDuplicatesAreNotReordering() {
        let m = run([1, 2, 3, 3, 4])
        XCTAssertEqual(m.packets, 4)
        XCTAssertEqual(m.duplicates, 1)
        XCTAssertEqual(m.reordered, 0)
    }

    /// 1, 2, 5, 6, 3, 4 with members alternating a/b: 3 follows 6 on another member (striping),
    /// 4 follows 3 on the same member. Extents: 3 is preceded by 5 two back → 2; 4 likewise → 3.
    func testAttributionToMemberSwitches() {
        let m = run([1, 2, 5, 6, 3, 4], members: [0, 1, 0, 1, 0, 0])
        XCTAssertEqual(m.reordered, 2)
        XCTAssertEqual(m.reorderedAfterMemberSwitch, 1)
        XCTAssertEqual(m.reorderedOnSameMember, 1)
        XCTAssertEqual(m.maxExtent, 3)
        XCTAssertEqual(m.discontinuities, 1)
        XCTAssertEqual(m.discontinuityBytes, 200)
        // 3 (at 4 µs) after 5 (at 2 µs): 2 µs; 4 (at 5 µs) after 5: 3 µs. Mean 2.5 µs.
        XCTAssertEqual(m.maxLateTime, 3000)
        XCTAssertEqual(m.meanLateTime, 2500)
    }

    /// Sequence numbers wrap at 2^32: a stream crossing it in order is not reordered.
    func testWrapAround() {
        var m = ReorderingMetrics()
        let rings = ArrivalRings()
        var seq = UInt32.max - 250
        for _ in 0..<6 {
            m.observe(seq: seq, length: 100, member: 0, rings: rings)
            seq &+= 100
        }
        XCTAssertEqual(m.reordered, 0)
        XCTAssertEqual(m.discontinuities, 0)
    }
}
