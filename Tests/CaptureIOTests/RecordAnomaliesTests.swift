import CaptureIO
import TestSupport
import XCTest

/// Records whose lengths no real capture gives: the readers keep the wire length the file
/// recorded (TShark's `frame.len`), and `RecordAnomalies` counts them.
final class RecordAnomaliesTests: XCTestCase {
    /// `CraftedCaptures.recordAnomalies`: caplen 16/len 16, 16/14, 0/60, 0/0.
    func testWireLengthAsRecordedAndAnomaliesCounted() throws {
        let path = try Bytes(data: CraftedCaptures.recordAnomalies).file("anomalies.pcap")
        let (records, _, error) = try readAll(path)
        XCTAssertNil(error)
        XCTAssertEqual(records.map(\.caplen), [16, 16, 0, 0])
        XCTAssertEqual(records.map(\.len), [16, 14, 60, 0], "the wire length as the file recorded it (TShark's frame.len)")
        var a = RecordAnomalies()
        let reader = try CaptureFile.open(path)
        while let r = try reader.next() { a.observe(r) }
        XCTAssertEqual(a.capturedBeyondWire, 1)
        XCTAssertEqual(a.firstCapturedBeyondWireOffset, 56)
        XCTAssertEqual(a.empty, 2)
        XCTAssertEqual(a.firstEmptyOffset, 88)
        XCTAssertFalse(a.isEmpty)
    }

    /// The same in a pcapng file: an EPB whose captured length (16) exceeds its packet length (14).
    func testPcapngKeepsTheRecordedWireLength() throws {
        var b = Bytes()
        b.sectionHeader()
        b.interface()
        b.enhancedPacket(interface: 0, timestamp: 1, packet: [UInt8](repeating: 0xAB, count: 16), wireLength: 14)
        let (records, _, error) = try readAll(try b.file("over.pcapng"))
        XCTAssertNil(error)
        XCTAssertEqual(records.map(\.caplen), [16])
        XCTAssertEqual(records.map(\.len), [14])
    }
}
