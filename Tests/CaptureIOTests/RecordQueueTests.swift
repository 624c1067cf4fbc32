@testable import CaptureIO
import XCTest

/// A live handle's queue: records keep their bytes through appends past the store's capacity,
/// a VLAN tag put back, compaction at any point, and copies (copy on write).
final class RecordQueueTests: XCTestCase {
    private func record(_ q: RecordQueue, _ i: Int) -> [UInt8] {
        let e = q.entries[i]
        return q.withBytes { Array($0[e.start..<(e.start + e.count)]) }
    }

    private func payload(_ k: Int) -> [UInt8] { (0..<(k % 300 + 1)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ k) } }

    func testRecordsKeepTheirBytesThroughGrowthAndCompaction() {
        var q = RecordQueue()
        var expected: [[UInt8]] = []
        var taken = 0
        for k in 0..<20_000 {
            let p = payload(k)
            p.withUnsafeBytes { q.append(time: Int64(k), wireLength: p.count + 1, direction: .inbound, $0) }
            expected.append(p)
            if k % 97 == 0 {
                // Take some from the front, then compact: the rest keep their bytes.
                q.head = min(q.entries.count, q.head + 150)
                taken = k + 1 - q.count
                q.compact()
            }
        }
        XCTAssertEqual(q.count, expected.count - taken)
        for i in q.head..<q.entries.count {
            XCTAssertEqual(record(q, i), expected[taken + i - q.head], "record \(taken + i - q.head)")
            XCTAssertEqual(q.entries[i].wireLength, expected[taken + i - q.head].count + 1)
        }
        q.head = q.entries.count
        q.compact()
        XCTAssertTrue(q.isEmpty)
        XCTAssertEqual(q.bytes.count, 0, "an emptied queue keeps no bytes")
    }

    func testAVLANTagIsPutBackAfterTheMACs() {
        var q = RecordQueue()
        let frame = (0..<60).map { UInt8($0) }
        frame.withUnsafeBytes { q.append(time: 1, wireLength: 64, direction: .outbound, $0, insertingTag: 0x8100_0123, at: 12, keeping: 40) }
        XCTAssertEqual(record(q, 0), Array(frame[0..<12]) + [0x81, 0x00, 0x01, 0x23] + Array(frame[12..<36]))
        XCTAssertEqual(q.entries[0].direction, .outbound)
    }

    func testACopyKeepsItsRecordsWhenTheOtherChanges() {
        var a = RecordQueue()
        ([1, 2, 3] as [UInt8]).withUnsafeBytes { a.append(time: 1, wireLength: 3, $0) }
        var b = a
        ([9, 9] as [UInt8]).withUnsafeBytes { b.append(time: 2, wireLength: 2, $0) }
        b.head = 1
        b.compact()
        XCTAssertEqual(a.count, 1)
        XCTAssertEqual(record(a, 0), [1, 2, 3])
        XCTAssertEqual(a.bytes, [1, 2, 3])
        XCTAssertEqual(b.count, 1)
        XCTAssertEqual(record(b, b.head), [9, 9])
    }
}
