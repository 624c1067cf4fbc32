import CaptureIO
import Foundation
import TestSupport
import XCTest

final class StreamSourceTests: XCTestCase {
    private func writeSample(gzip: Bool, count: Int) throws -> String {
        let dir = try TestEnvironment.temporaryFolder("teamscope-gz")
        let path = dir + (gzip ? "/s.pcap.gz" : "/s.pcap")
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0")], gzip: gzip)
        for i in 0..<count {
            var frame = sampleFrame
            frame[18] = UInt8(i & 0xFF) // IP id: every frame differs
            w.write(timestamp: 1_000_000_000 + Int64(i) * 1000, bytes: frame)
        }
        w.close()
        return path
    }

    /// Gzip input streams through a bounded buffer and yields exactly the plain file's records.
    func testGzipGivesTheSameRecordsAsPlain() throws {
        let plain = try readAll(try writeSample(gzip: false, count: 20_000))
        let gz = try readAll(try writeSample(gzip: true, count: 20_000))
        XCTAssertNil(gz.error)
        XCTAssertTrue(gz.reader.compressed)
        XCTAssertEqual(gz.records.count, 20_000)
        XCTAssertEqual(gz.records.map(\.ts), plain.records.map(\.ts))
        XCTAssertEqual(gz.records.map(\.first), plain.records.map(\.first))
    }

    /// A gzip stream cut short is an error naming where, after the records it did hold.
    func testTruncatedGzipIsReported() throws {
        let path = try writeSample(gzip: true, count: 5_000)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for fraction in [0.3, 0.7, 0.99] {
            let cut = path + ".cut"
            try data.prefix(Int(Double(data.count) * fraction)).write(to: URL(fileURLWithPath: cut))
            let r = try readAll(cut)
            let e = try XCTUnwrap(r.error, "cut at \(fraction)")
            XCTAssertTrue([.compression, .truncated].contains(e.kind), "\(e)")
            XCTAssertLessThan(r.records.count, 5_000)
            XCTAssertTrue(e.description.hasPrefix(cut + ": byte "), e.description)
        }
    }

    /// Corrupt compressed data is an error, not a crash or a hang.
    func testCorruptGzipIsReported() throws {
        let path = try writeSample(gzip: true, count: 2_000)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        for i in stride(from: 200, to: min(data.count, 400), by: 1) { data[i] ^= 0x5A }
        try data.write(to: URL(fileURLWithPath: path))
        do {
            let r = try readAll(path)
            XCTAssertEqual(r.error?.kind, .compression)
        } catch let e as CaptureError {
            // The damage may already show while the header is being read.
            XCTAssertEqual(e.kind, .compression)
            XCTAssertTrue(e.description.contains("compressed byte"), e.description)
        }
    }

    /// A gzip file of stored deflate blocks of 4096 bytes (RFC 1951 3.2.4), so a test can damage
    /// one block exactly: `breakBlock` gets a LEN/NLEN pair that disagree (zlib: "invalid stored
    /// block lengths"); `badCRC` writes a trailer CRC-32 that does not match.
    /// `emptyBlocks` empty stored blocks (5 bytes each) go before the last one, to move the trailer.
    private func storedGzip(_ raw: [UInt8], breakBlock: Int? = nil, badCRC: Bool = false, emptyBlocks: Int = 0) -> Data {
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        let blocks = stride(from: 0, to: raw.count, by: 4096).map { raw[$0 ..< min(raw.count, $0 + 4096)] }
        for (i, block) in blocks.enumerated() {
            if i == blocks.count - 1 { for _ in 0..<emptyBlocks { out += [0, 0, 0, 0xFF, 0xFF] } }
            let len = UInt16(block.count), nlen = i == breakBlock ? ~len ^ 1 : ~len
            out += [i == blocks.count - 1 ? 1 : 0, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(nlen & 0xFF), UInt8(nlen >> 8)]
            out += block
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in raw {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc = ~crc ^ (badCRC ? 1 : 0)
        let size = UInt32(truncatingIfNeeded: raw.count)
        out += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) } + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
        return Data(out)
    }

    /// Damaged compressed data in the middle of a gzip capture: the records decoded before the
    /// damage are delivered (as a plain file's are), then one error at the decompressed offset
    /// where the good data ends.
    func testDamagedGzipKeepsTheRecordsBeforeTheDamage() throws {
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try writeSample(gzip: false, count: 2_000))))
        let path = try TestEnvironment.temporaryFile("damaged.pcap.gz")
        try storedGzip(raw, breakBlock: 20).write(to: URL(fileURLWithPath: path))
        let r = try readAll(path)
        let e = try XCTUnwrap(r.error)
        XCTAssertEqual(e.kind, .compression)
        XCTAssertEqual(e.offset, 20 * 4096, "the damage is said where the good data ends")
        XCTAssertEqual(r.records.count, (20 * 4096 - 24) / (16 + sampleFrame.count), "every whole record before the damage")
        XCTAssertTrue(e.description.hasPrefix(path + ": byte 81920: valid gzip data at compressed byte "), e.description)
    }

    /// A trailer whose CRC-32 disagrees with data inflated whole keeps every record; the
    /// mismatch comes after them as a `.checksum` fault.
    func testBadTrailerCRCKeepsEveryRecord() throws {
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try writeSample(gzip: false, count: 2_000))))
        let path = try TestEnvironment.temporaryFile("damaged.pcap.gz")
        try storedGzip(raw).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(try readAll(path).error, "the stored-block writer is right")
        try storedGzip(raw, badCRC: true).write(to: URL(fileURLWithPath: path))
        let r = try readAll(path)
        XCTAssertEqual(r.records.count, 2_000)
        XCTAssertEqual(r.error?.kind, .checksum)
    }

    /// The same with the trailer's CRC-32 split across two reads of compressed input (256 KiB
    /// each): bytes 262142–262145, so inflate waits in its CHECK state between the two.
    func testBadTrailerCRCAcrossTwoReadsKeepsEveryRecord() throws {
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try writeSample(gzip: false, count: 3_443))))
        let gz = storedGzip(raw, badCRC: true, emptyBlocks: 24)
        XCTAssertEqual(gz.count - 8, 262_142, "the CRC-32 starts two bytes before the first read's end")
        let path = try TestEnvironment.temporaryFile("damaged.pcap.gz")
        try gz.write(to: URL(fileURLWithPath: path))
        let r = try readAll(path)
        XCTAssertEqual(r.records.count, 3_443)
        XCTAssertEqual(r.error?.kind, .checksum)
    }

    /// A FIFO cannot be mapped; it is streamed.
    func testNamedPipeIsStreamed() throws {
        let source = try writeSample(gzip: false, count: 100)
        let fifo = source + ".fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        // The writer is joined before the test ends: a thread left running would write into a
        // later test's files, or block forever on a FIFO nobody reads.
        let done = DispatchSemaphore(value: 0)
        let wrote = LockedFlag()
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo) { h.write(data); try? h.close(); wrote.set() }
            done.signal()
        }
        writer.start()
        let r = try readAll(fifo)
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success, "the FIFO writer did not finish")
        XCTAssertTrue(wrote.value, "the writer could not open the FIFO")
        XCTAssertNil(r.error)
        XCTAssertEqual(r.records.count, 100)
    }
}

/// A flag set by one thread and read by another.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}
