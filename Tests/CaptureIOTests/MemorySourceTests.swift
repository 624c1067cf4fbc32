import CaptureIO
import Foundation
import TestSupport
import XCTest

/// A capture read from memory gives the records a mapped file gives, byte for byte.
final class MemorySourceTests: XCTestCase {
    private func records(_ reader: any PacketReader) throws -> [(Int64, Int, Int, [UInt8])] {
        var out: [(Int64, Int, Int, [UInt8])] = []
        while let r = try reader.next() { out.append((r.timestamp, r.wireLength, r.interface, Array(r.bytes))) }
        return out
    }

    func testMemoryReaderMatchesTheFileReader() throws {
        for sample in ["lacp-l34/A/eth0.pcap", "windows-pktmon/hv01.pcapng"] {
            let path = TestEnvironment.repositoryRoot + "/Captures/" + sample
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let fromFile = try records(CaptureFile.open(path))
            let fromMemory = try bytes.withUnsafeBytes { try records(CaptureFile.reader(bytes: $0, path: sample)) }
            XCTAssertGreaterThan(fromFile.count, 100)
            XCTAssertEqual(fromMemory.count, fromFile.count, sample)
            for (a, b) in zip(fromMemory, fromFile) {
                XCTAssertTrue(a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3, sample)
            }
        }
    }

    func testGzipInMemoryIsRefusedSayingWhere() throws {
        let path = TestEnvironment.repositoryRoot + "/Captures/balance-rr/eth0.pcap.gz"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CaptureFile.reader(bytes: $0, path: "eth0.pcap.gz") }) { error in
            let e = error as? CaptureError
            XCTAssertEqual(e?.offset, 0)
            XCTAssertTrue("\(error)".contains("eth0.pcap.gz"), "\(error)")
            XCTAssertTrue("\(error)".contains("uncompressed pcap or pcapng"), "\(error)")
        }
        // A truncated capture in memory stops at the record it cuts, naming its offset.
        let pcap = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap")))
        let cut = Array(pcap.prefix(1000))
        try cut.withUnsafeBytes { raw in
            let reader = try CaptureFile.reader(bytes: raw, path: "cut.pcap")
            var n = 0
            do throws(CaptureError) {
                while try reader.next() != nil { n += 1 }
                XCTFail("the cut record is an error")
            } catch {
                XCTAssertGreaterThan(n, 0)
                XCTAssertEqual(error.kind, .truncated)
                XCTAssertLessThanOrEqual(error.offset, 1000)
            }
        }
    }
}
