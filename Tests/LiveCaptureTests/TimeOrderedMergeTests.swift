import CaptureIO
import LiveCapture
import XCTest

/// The merge on its own: watermarks, closing, the hold-back limit.
final class TimeOrderedMergeTests: XCTestCase {
    func add(_ m: TimeOrderedMerge, _ source: Int, _ times: [Int64]) {
        for t in times { [UInt8(t & 0xff)].withUnsafeBytes { m.append(source, time: t, wireLength: 1, bytes: $0) } }
    }

    func drain(_ m: TimeOrderedMerge, now: Int64) -> [Int64] {
        var out: [Int64] = []
        m.release(now: now) { r, bytes in
            XCTAssertEqual(bytes.count, 1)
            out.append(r.timestamp)
        }
        return out
    }

    func testNothingLeavesBeforeEveryOpenSourceIsReadPastIt() {
        let m = TimeOrderedMerge(slackNs: 10, maxHoldNs: 1_000_000)
        let a = m.open(member: 0, at: 0), b = m.open(member: 1, at: 0)
        add(m, a, [100, 200, 300])
        m.read(a, complete: true, startedAt: 400)
        XCTAssertEqual(drain(m, now: 400), [], "b not read since it opened")
        add(m, b, [150])
        m.read(b, complete: false, startedAt: 400)
        XCTAssertEqual(drain(m, now: 400), [100, 150], "b read up to 150 only")
        m.read(b, complete: true, startedAt: 500)
        XCTAssertEqual(drain(m, now: 500), [200, 300])
    }

    func testAClosedSourceHoldsNothingBackAndItsQueueStillLeavesInOrder() {
        let m = TimeOrderedMerge(slackNs: 10, maxHoldNs: 1_000_000)
        let a = m.open(member: 0, at: 0), b = m.open(member: 1, at: 0)
        add(m, a, [100, 300])
        add(m, b, [200])
        m.read(a, complete: true, startedAt: 1000)
        m.close(b)
        XCTAssertEqual(drain(m, now: 1000), [100, 200, 300])
        // Reopened: a new source, from its opening time.
        let c = m.open(member: 1, at: 1000)
        add(m, c, [1100])
        m.read(c, complete: true, startedAt: 1200)
        m.read(a, complete: true, startedAt: 1200)
        XCTAssertEqual(drain(m, now: 1200), [1100])
        XCTAssertEqual(m.late, [:])
    }

    func testAStalledSourceHoldsBackNoLongerThanMaxHoldThenIsLate() {
        let m = TimeOrderedMerge(slackNs: 0, maxHoldNs: 500)
        let a = m.open(member: 0, at: 0), b = m.open(member: 1, at: 0)
        add(m, a, [100, 700])
        m.read(a, complete: true, startedAt: 1000)
        XCTAssertEqual(drain(m, now: 400), [], "b could still hold anything after 0")
        XCTAssertEqual(drain(m, now: 1000), [100], "up to now less maxHold")
        XCTAssertEqual(drain(m, now: 1300), [700])
        add(m, b, [650])
        m.read(b, complete: true, startedAt: 1300)
        var late: [TimeOrderedMerge.Released] = []
        m.releaseAll { r, _ in late.append(r) }
        XCTAssertEqual(late.map(\.timestamp), [700], "placed at the time reached")
        XCTAssertEqual(late.map(\.stamped), [650])
        XCTAssertEqual(late.map(\.isLate), [true])
        XCTAssertEqual(m.late, [1: 1])
    }

    /// A record reaching its ring later than the slack allows: it is late, the slack widens to
    /// cover it, and the next one equally delayed is not late.
    func testTheSlackWidensByWhatCameLate() {
        let m = TimeOrderedMerge(slackNs: 10, maxSlackNs: 100, maxHoldNs: 1_000_000)
        let a = m.open(member: 0, at: 0), b = m.open(member: 1, at: 0)
        add(m, a, [100])
        m.read(a, complete: true, startedAt: 125)
        m.read(b, complete: true, startedAt: 125)
        XCTAssertEqual(drain(m, now: 125), [100])
        add(m, b, [95])
        m.read(b, complete: true, startedAt: 130)
        m.read(a, complete: true, startedAt: 130)
        XCTAssertEqual(drain(m, now: 130), [100], "late: placed at 100")
        XCTAssertEqual(m.slackNs, 15, "its lateness, 5, and the initial 10")
        add(m, a, [200])
        m.read(a, complete: true, startedAt: 214)
        m.read(b, complete: true, startedAt: 214)
        XCTAssertEqual(drain(m, now: 214), [], "held 15 behind the reads now")
        add(m, b, [199])
        m.read(b, complete: true, startedAt: 216)
        m.read(a, complete: true, startedAt: 216)
        XCTAssertEqual(drain(m, now: 216), [199, 200])
        XCTAssertEqual(m.slackNs, 15)
        XCTAssertEqual(m.late, [1: 1])
    }

    /// A source whose records may reach its reader later than the slack (a packet ring's block
    /// timeout) holds the others back by that much more, so that a record delivered that late is
    /// not late; a source without one does not.
    func testASourcesDeliveryDelayHoldsTheOthersBackByIt() {
        let m = TimeOrderedMerge(slackNs: 10, maxHoldNs: 1_000_000)
        let a = m.open(member: 0, at: 0), ring = m.open(member: 1, delayNs: 50, at: 0)
        add(m, a, [100, 150])
        m.read(a, complete: true, startedAt: 200)
        m.read(ring, complete: true, startedAt: 200)
        XCTAssertEqual(drain(m, now: 200), [100], "the ring read at 200 may still hand over records from 140 on")
        add(m, ring, [145])
        m.read(ring, complete: true, startedAt: 210)
        m.read(a, complete: true, startedAt: 210)
        XCTAssertEqual(drain(m, now: 210), [145, 150])
        XCTAssertEqual(m.late, [:])
    }

    func testALongQueueIsCompactedWithoutLosingRecords() {
        let m = TimeOrderedMerge(slackNs: 0, maxHoldNs: 1 << 40)
        let a = m.open(member: 0, at: 0)
        var out: [Int64] = []
        for round in 0..<10 {
            add(m, a, (0..<1000).map { Int64(round * 1000 + $0 + 1) })
            m.read(a, complete: false, startedAt: 0)
            m.release(now: 1 << 40) { r, bytes in
                XCTAssertEqual(bytes.first, UInt8(r.stamped & 0xff))
                out.append(r.timestamp)
            }
        }
        m.releaseAll { r, _ in out.append(r.timestamp) }
        XCTAssertEqual(out, (1...10_000).map(Int64.init))
        XCTAssertEqual(m.pending, 0)
    }

    /// Three sources with many equal times, released a few at a time: runs from one source give
    /// exactly the order of one record at a time — by time, the lowest source first among equals.
    func testRunsReleaseInTimeOrderWithTiesByTheLowestSource() {
        let m = TimeOrderedMerge(slackNs: 0, maxHoldNs: 1 << 40)
        let steps: [Int64] = [3, 2, 5]
        let ids = steps.indices.map { m.open(member: $0, at: 0) }
        var expected: [(time: Int64, member: Int)] = []
        for (k, step) in steps.enumerated() {
            let times = (1...60).map { Int64($0) * step }
            add(m, ids[k], times)
            m.read(ids[k], complete: true, startedAt: 1000)
            expected += times.map { ($0, k) }
        }
        expected.sort { $0.time != $1.time ? $0.time < $1.time : $0.member < $1.member }
        var out: [(time: Int64, member: Int)] = []
        while m.release(now: 1000, max: 7, { r, bytes in
            XCTAssertEqual(bytes.first, UInt8(r.stamped & 0xff))
            out.append((r.timestamp, r.member))
        }) > 0 {}
        XCTAssertEqual(out.map(\.time), expected.map(\.time))
        XCTAssertEqual(out.map(\.member), expected.map(\.member))
        XCTAssertEqual(m.pending, 0)
        XCTAssertEqual(m.late, [:])
    }

    /// Records of one source out of order among themselves (a platform stamping out of order):
    /// the older one, coming after, is late and placed at the time reached.
    func testARecordOlderThanItsOwnSourcesPreviousIsLate() {
        let m = TimeOrderedMerge(slackNs: 0, maxHoldNs: 1 << 40)
        let a = m.open(member: 0, at: 0), b = m.open(member: 1, at: 0)
        add(m, a, [100, 50])
        add(m, b, [70])
        m.read(a, complete: true, startedAt: 1000)
        m.read(b, complete: true, startedAt: 1000)
        var out: [TimeOrderedMerge.Released] = []
        m.release(now: 1000) { r, _ in out.append(r) }
        XCTAssertEqual(out.map(\.timestamp), [70, 100, 100])
        XCTAssertEqual(out.map(\.stamped), [70, 100, 50])
        XCTAssertEqual(m.late, [0: 1])
    }

    /// A handle's read appends in place to its source's queue (`fill`); a source closed and
    /// emptied takes nothing more.
    func testFillLendsTheSourcesQueue() {
        let m = TimeOrderedMerge(slackNs: 0, maxHoldNs: 1 << 40)
        let a = m.open(member: 0, at: 0)
        let n = m.fill(a) { (q: inout RecordQueue) -> Int in
            for t in [Int64(10), 20] { [UInt8(t)].withUnsafeBytes { q.append(time: t, wireLength: 60, $0) } }
            return 2
        }
        XCTAssertEqual(n, 2)
        m.read(a, complete: false, startedAt: 0)
        XCTAssertEqual(drain(m, now: 1000), [10, 20], "read up to its last record")
        m.close(a)
        XCTAssertEqual(m.fill(a) { (_: inout RecordQueue) -> Int in 1 }, 0)
        XCTAssertEqual(m.pending, 0)
    }
}
