import CaptureIO
import Foundation
import XCTest

final class StreamSourceTests: XCTestCase {
    private func writeSample(gzip: Bool, count: Int) throws -> String {
        let dir = NSTemporaryDirectory() + "teamscope-gz-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
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
