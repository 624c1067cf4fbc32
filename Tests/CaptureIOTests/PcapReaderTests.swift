import CaptureIO
import PacketWire
import XCTest

final class PcapReaderTests: XCTestCase {
    /// A pcap file header then records; `nanoseconds` picks the a1b23c4d magic.
    private func pcap(bigEndian: Bool, nanoseconds: Bool, linkType: UInt32 = 1, records: [(UInt32, UInt32, [UInt8], UInt32)]) -> Bytes {
        var b = Bytes(bigEndian: bigEndian)
        b.u32(nanoseconds ? 0xA1B2_3C4D : 0xA1B2_C3D4); b.u16(2); b.u16(4); b.u32(0); b.u32(0); b.u32(128); b.u32(linkType)
        for (sec, frac, data, len) in records {
            b.u32(sec); b.u32(frac); b.u32(UInt32(data.count)); b.u32(len); b.raw(data)
        }
        return b
    }

    func testBothByteOrdersAndResolutions() throws {
        for bigEndian in [false, true] {
            for ns in [false, true] {
                let file = try pcap(bigEndian: bigEndian, nanoseconds: ns, records: [
                    (1_700_000_000, 5, Array(sampleFrame.prefix(40)), 1514),
                    (1_700_000_001, 999, sampleFrame, 60),
                ]).file()
                let (records, reader, error) = try readAll(file)
                XCTAssertNil(error)
                XCTAssertEqual(reader.format, .pcap)
                XCTAssertEqual(records.count, 2)
                let scale: Int64 = ns ? 1 : 1000
                XCTAssertEqual(records[0].ts, 1_700_000_000 * 1_000_000_000 + 5 * scale, "big-endian \(bigEndian) ns \(ns)")
                XCTAssertEqual(records[1].ts, 1_700_000_001 * 1_000_000_000 + 999 * scale)
                // Snaplen-truncated: caplen 40 of a 1514-byte frame; bytes are the frame's.
                XCTAssertEqual(records[0].caplen, 40)
                XCTAssertEqual(records[0].len, 1514)
                XCTAssertEqual(records[0].first, 0x02)
                XCTAssertEqual(reader.interfaces.first?.linkType, .ethernet)
                XCTAssertEqual(reader.interfaces.first?.snapLength, 128)
            }
        }
    }

    func testLinkTypeKeptEvenWhenUnknown() throws {
        let file = try pcap(bigEndian: false, nanoseconds: false, linkType: 147, records: [(1, 0, [1, 2, 3], 3)]).file()
        let (records, reader, error) = try readAll(file)
        XCTAssertNil(error)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(reader.interfaces[0].linkType.rawValue, 147)
        XCTAssertFalse(reader.interfaces[0].linkType.isDecodable)
    }

    func testNotACaptureNamesWhatWasExpected() throws {
        var b = Bytes()
        b.raw(Array("GET / HTTP/1.1\r\n\r\n".utf8))
        let path = try b.file("page.html")
        XCTAssertThrowsError(try CaptureFile.open(path)) { error in
            let e = error as! CaptureError
            XCTAssertEqual(e.kind, .notACapture)
            XCTAssertEqual(e.offset, 0)
            XCTAssertTrue(e.description.contains(path), e.description)
            XCTAssertTrue(e.description.contains("47 45 54 20"), e.description)
        }
    }

    func testBogusCapturedLengthStopsWithOffset() throws {
        var b = pcap(bigEndian: false, nanoseconds: false, records: [(1, 0, sampleFrame, 60)])
        b.u32(2); b.u32(0); b.u32(0x7FFF_FFFF); b.u32(60) // a record claiming 2 GiB
        let (records, _, error) = try readAll(try b.file())
        XCTAssertEqual(records.count, 1, "the packet before the fault still counts")
        XCTAssertEqual(error?.kind, .badLength)
        XCTAssertEqual(error?.offset, 24 + 16 + 60 + 8)
    }

    /// Every prefix of a valid file: a clean end at record boundaries, else a precise error
    /// at or before the cut; never a crash.
    func testEveryTruncatedPrefix() throws {
        let full = pcap(bigEndian: false, nanoseconds: false, records: [(1, 0, sampleFrame, 60), (2, 0, Array(sampleFrame.prefix(20)), 60)])
        let boundaries = [24, 24 + 16 + 60, full.data.count]
        for cut in 0..<full.data.count {
            var b = Bytes()
            b.raw(Array(full.data.prefix(cut)))
            let path = try b.file()
            do {
                let (records, _, error) = try readAll(path)
                if boundaries.contains(cut) {
                    XCTAssertNil(error, "cut \(cut)")
                } else {
                    let e = try XCTUnwrap(error, "cut at \(cut) must be reported")
                    XCTAssertEqual(e.kind, .truncated, "cut \(cut)")
                    XCTAssertLessThanOrEqual(e.offset, cut)
                    XCTAssertGreaterThanOrEqual(e.offset, boundaries.filter { $0 <= cut }.max()!)
                }
                XCTAssertEqual(records.count, boundaries.filter { $0 <= cut }.count - 1, "cut \(cut)")
            } catch let e as CaptureError {
                XCTAssertLessThan(cut, 24, "only a cut header fails at open: \(e)")
                XCTAssertEqual(e.kind, cut < 4 ? (cut == 0 ? .notACapture : .truncated) : .truncated, "cut \(cut): \(e)")
            }
        }
    }
}

/// pktmon's `.etl` is told by its header and named as what it is, with the command that converts it.
final class ETWTraceTests: XCTestCase {
    /// The start of an ETW log: WMI_BUFFER_HEADER (BufferSize 0x10000 at 0; 0x48 bytes), then
    /// the logfile header's SYSTEM_TRACE_HEADER: 02 00 | 02 (SYSTEM64) | c0 (flags), size, hook 00 00.
    ///   0000  00 00 01 00 …               BufferSize 65536, …
    ///   0048  02 00 02 c0 18 01 00 00     Version 2, SYSTEM64, 0xC0; Size 0x118; OpCode 0, Group 0
    static let etl: [UInt8] = [0x00, 0x00, 0x01, 0x00] + [UInt8](repeating: 0, count: 0x44)
        + [0x02, 0x00, 0x02, 0xC0, 0x18, 0x01, 0x00, 0x00] + [UInt8](repeating: 0x11, count: 0x110)

    func testETLIsRecognisedAndTheConversionNamed() throws {
        let path = try Bytes(data: Self.etl).file("pktmon.etl")
        do {
            _ = try CaptureFile.open(path)
            XCTFail("an ETW trace is not a capture")
        } catch {
            XCTAssertEqual(error.kind, .etwTrace)
            XCTAssertEqual(error.description, "\(path): this is an ETW trace (Event Tracing for Windows, as pktmon writes), not a packet capture; convert it with `pktmon etl2pcap \(path)` on Windows and give the pcapng it writes")
        }
        var other = Self.etl
        other[0x4B] = 0x80 // not an event-trace system header: the plain bad magic
        let otherPath = try Bytes(data: other).file("other.bin")
        do {
            _ = try CaptureFile.open(otherPath)
            XCTFail("not a capture")
        } catch {
            XCTAssertEqual(error.kind, .notACapture)
        }
    }
}
