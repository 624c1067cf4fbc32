import CaptureIO
import Foundation
import XCTest

/// A read-once input read twice: the first look stops at the budget, the second gets every
/// record from the start, then the rest; an error met in the first look comes again in place.
final class ReplayableReaderTests: XCTestCase {
    private func file(_ count: Int) throws -> String {
        var b = Bytes(bigEndian: false)
        b.sectionHeader()
        b.interface(linkType: 1)
        for i in 0..<count {
            var frame = sampleFrame
            frame[18] = UInt8(i & 0xFF); frame[19] = UInt8(i >> 8)
            b.enhancedPacket(interface: 0, timestamp: UInt64(i), packet: frame)
        }
        return try b.file("r.pcapng")
    }

    private func ids(_ r: any PacketReader, limit: Int = .max) -> (ids: [Int], error: CaptureError?) {
        var out: [Int] = []
        do {
            while out.count < limit, let rec = try r.next() { out.append(Int(rec.bytes[18]) | Int(rec.bytes[19]) << 8) }
            return (out, nil)
        } catch {
            return (out, error)
        }
    }

    func testFirstLookStopsAtTheBudgetAndTheSecondGetsEverything() throws {
        let path = try file(3000)
        let r = ReplayableReader(try CaptureFile.open(path), budget: 100 * (60 + 64))
        let first = ids(r)
        XCTAssertEqual(first.ids, Array(0..<100), "the first look never reads past what it can replay")
        r.rewind()
        XCTAssertEqual(ids(r).ids, Array(0..<3000))
    }

    func testAnErrorComesAgainInPlace() throws {
        let path = try file(50)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cut = path + ".cut"
        try data.prefix(data.count - 30).write(to: URL(fileURLWithPath: cut))
        let direct = ids(try CaptureFile.open(cut))
        let r = ReplayableReader(try CaptureFile.open(cut))
        let first = ids(r)
        XCTAssertEqual(first.ids, direct.ids)
        XCTAssertEqual(first.error?.description, direct.error?.description)
        r.rewind()
        let second = ids(r)
        XCTAssertEqual(second.ids, direct.ids)
        XCTAssertEqual(second.error?.description, direct.error?.description)
        XCTAssertNil(try r.next(), "after the error, the end")
    }
}
