import CaptureIO
import XCTest

/// The record queue with records lent (their bytes left at the lender's, as a packet ring's
/// block) beside records copied: each record's bytes where it says, copied in when asked, and
/// kept right through compaction.
final class RecordQueueTests: XCTestCase {
    /// Every record left in `q`, its time and its bytes read where the queue says they lie.
    func records(_ q: RecordQueue) -> [(time: Int64, bytes: [UInt8])] {
        // SAFETY: the queue's bytes, read only inside the call; the lender outlives it.
        q.bytes.withUnsafeBytes { data in q.entries[q.head...].map { ($0.time, Array(q.address(of: $0, in: data.baseAddress))) } }
    }

    func testLentRecordsAreReadAtTheLendersAndOwnLentCopiesThoseBeforeItsBound() {
        let lender = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer { lender.deallocate() }
        for i in lender.indices { lender[i] = UInt8(i) }
        var q = RecordQueue()
        // SAFETY: lender holds 64 bytes; each record's 4 lie within them.
        let base = UnsafeRawPointer(lender.baseAddress!)
        q.appendLent(time: 1, wireLength: 60, direction: .inbound, lender: base, offset: 0, count: 4)
        [UInt8]([0xAA, 0xBB]).withUnsafeBytes { q.append(time: 2, wireLength: 2, direction: .outbound, $0) }
        q.appendLent(time: 3, wireLength: 60, direction: .inbound, lender: base, offset: 8, count: 4)
        XCTAssertEqual(q.appended, 3)
        XCTAssertEqual(q.bytes.count, 2, "lent records' bytes are not copied")
        XCTAssertEqual(records(q).map(\.bytes), [[0, 1, 2, 3], [0xAA, 0xBB], [8, 9, 10, 11]])
        q.ownLent(before: 1)
        XCTAssertEqual(q.entries.map(\.lent), [false, false, true], "only the record before the bound copied")
        // The lender's memory changes: the copied record keeps its bytes, the lent one shows the change.
        for i in lender.indices { lender[i] = 0xEE }
        XCTAssertEqual(records(q).map(\.bytes), [[0, 1, 2, 3], [0xAA, 0xBB], [0xEE, 0xEE, 0xEE, 0xEE]])
        q.ownLent()
        XCTAssertEqual(q.entries.map(\.lent), [false, false, false])
    }

    /// 3,000 records, every third lent and every fifth of the lent ones copied in later (so that
    /// `bytes` is not in record order), taken and compacted a few hundred at a time: every record
    /// keeps its bytes, and `taken` counts across compactions.
    func testCompactionKeepsEveryRecordsBytesWithLentAndCopiedInRecordsMixed() {
        let count = 3000
        let lender = UnsafeMutableRawBufferPointer.allocate(byteCount: count * 2, alignment: 8)
        defer { lender.deallocate() }
        func payload(_ i: Int) -> [UInt8] { [UInt8(i & 0xff), UInt8(i >> 8)] }
        var q = RecordQueue()
        for i in 0..<count {
            if i % 3 == 0 {
                lender[2 * i] = payload(i)[0]
                lender[2 * i + 1] = payload(i)[1]
                // SAFETY: bytes 2i and 2i+1 lie within the lender.
                q.appendLent(time: Int64(i), wireLength: 2, direction: .inbound, lender: UnsafeRawPointer(lender.baseAddress!), offset: 2 * i, count: 2)
            } else {
                payload(i).withUnsafeBytes { q.append(time: Int64(i), wireLength: 2, $0) }
            }
            if i % 15 == 14 { q.ownLent(before: i - 5) }
        }
        var next = 0
        while !q.isEmpty {
            let left = records(q)
            XCTAssertEqual(left.map(\.time), (next..<count).map(Int64.init))
            XCTAssertEqual(left.map(\.bytes), (next..<count).map(payload))
            let take = min(q.count, 700)
            q.head += take
            next += take
            q.compact()
            XCTAssertEqual(q.taken, next)
        }
        XCTAssertEqual(q.appended, count)
        XCTAssertTrue(q.bytes.isEmpty, "all storage given back once every record is taken")
    }
}
