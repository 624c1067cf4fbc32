import CaptureIO
import Foundation
import TestSupport
import PacketWire
import XCTest

/// A capture read on a thread of its own gives the consumer exactly what reading it directly
/// gives: every record's fields and bytes, the decoded form, the interfaces, and the same error
/// at the same offset after the same records.
final class PrefetchingReaderTests: XCTestCase {
    struct Seen: Equatable {
        var ts: Int64, iface: Int, caplen: Int, len: Int, offset: Int, flags: UInt32, id: UInt64?, bytes: [UInt8]
    }

    private func drain(_ reader: any PacketReader, decoded: ((DecodedPacket, [UInt8], Int) -> Void)? = nil) -> (records: [Seen], error: CaptureError?) {
        var out: [Seen] = []
        do {
            while let r = try reader.next() {
                let bytes = Array(r.bytes)
                out.append(Seen(ts: r.timestamp, iface: r.interface, caplen: r.capturedLength, len: r.wireLength, offset: r.offset,
                                flags: r.flags, id: r.packetID, bytes: bytes))
                if let decoded, let p = reader as? PrefetchingReader { decoded(p.decodedPointer.pointee, bytes, r.interface) }
            }
            return (out, nil)
        } catch {
            return (out, error)
        }
    }

    private func assertSame(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let direct = drain(try CaptureFile.open(path))
        let underlying = try CaptureFile.open(path)
        let prefetching = try XCTUnwrap(PrefetchingReader(underlying), file: file, line: line)
        var decodedOK = 0
        let threaded = drain(prefetching) { d, bytes, iface in
            let link = prefetching.interfaces[iface].linkType
            let again = bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: link, wireLength: 0) }
            XCTAssertTrue(d.isIP, file: file, line: line)
            if d.source == again.source && d.destination == again.destination && d.sourcePort == again.sourcePort { decodedOK += 1 }
        }
        XCTAssertEqual(threaded.records.count, direct.records.count, path, file: file, line: line)
        XCTAssertTrue(threaded.records == direct.records, "records differ: \(path)", file: file, line: line)
        XCTAssertEqual(threaded.error?.description, direct.error?.description, path, file: file, line: line)
        XCTAssertEqual(decodedOK, direct.records.count, "decoded on the reader's thread as on the consumer's", file: file, line: line)
        XCTAssertEqual(prefetching.interfaces, underlying.interfaces, file: file, line: line)
        XCTAssertEqual(prefetching.blockCounts, underlying.blockCounts, file: file, line: line)
    }

    private func folder() throws -> String {
        let dir = try TestEnvironment.temporaryFolder("teamscope-prefetch")
        return dir
    }

    /// Many batches, gzip and plain, with frames of every size up to far past one batch's arena
    /// (a record that does not fit is carried into the next batch).
    func testRecordsAndBytesAreTheSameAsReadingDirectly() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for gzip in [false, true] {
            let path = dir + "/p\(gzip ? ".pcap.gz" : ".pcap")"
            let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0")], gzip: gzip)
            var seed: UInt64 = 7
            for i in 0..<30_000 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                var frame = sampleFrame
                frame[18] = UInt8(i & 0xFF)
                let size = i % 5000 == 4999 ? PrefetchingReader.batchBytes + 3000 : Int(seed >> 58) * 20
                frame += (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ i) }
                w.write(timestamp: 1_000_000_000 + Int64(i) * 1000, bytes: frame)
            }
            w.close()
            try assertSame(path)
        }
    }

    /// A damaged file: the records before the damage, then the same error at the same offset.
    func testErrorComesAfterTheSameRecords() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.pcap"
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: false), interfaces: [.init(name: "eth0")])
        for i in 0..<10_000 { w.write(timestamp: Int64(i) * 1_000_000, bytes: sampleFrame) }
        w.close()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for cut in [24 + 3, data.count / 2 + 5, data.count - 1] {
            let p = dir + "/cut\(cut).pcap"
            try data.prefix(cut).write(to: URL(fileURLWithPath: p))
            try assertSame(p)
            XCTAssertNotNil(drain(try CaptureFile.open(p)).error)
        }
    }

    /// A multi-interface pcapng whose interfaces are declared as reading goes on.
    func testPcapngInterfacesDeclaredLater() throws {
        var b = Bytes(bigEndian: false)
        b.sectionHeader()
        b.interface(linkType: 1)
        for i in 0..<6000 {
            if i == 3000 { b.interface(linkType: 101) }
            let frame = i >= 3000 && i % 2 == 1 ? Array(sampleFrame[14...]) : sampleFrame
            b.enhancedPacket(interface: i >= 3000 && i % 2 == 1 ? 1 : 0, timestamp: UInt64(i), packet: frame)
        }
        try assertSame(try b.file("late.pcapng"))
    }

    /// Dropping the reader before the end stops its thread (no hang, no crash).
    func testStoppingEarlyEndsTheThread() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/e.pcap"
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0")])
        for i in 0..<50_000 { w.write(timestamp: Int64(i), bytes: sampleFrame) }
        w.close()
        for _ in 0..<20 {
            let p = try XCTUnwrap(PrefetchingReader(try CaptureFile.open(path)))
            XCTAssertNotNil(try p.next())
        }
    }
}
