import CaptureIO
import PacketWire
import XCTest

final class PacketFilterTests: XCTestCase {
    private func record(_ bytes: [UInt8], _ body: (CaptureRecord) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { raw in
            try body(CaptureRecord(timestamp: 0, capturedLength: bytes.count, wireLength: bytes.count, interface: 0, offset: 0, bytes: raw))
        }
    }

    func testFilterAppliesPerLinkType() throws {
        let udp = try PacketFilter(expression: "udp port 7000")
        let tcp = try PacketFilter(expression: "tcp")
        try record(sampleFrame) { r in
            XCTAssertEqual(udp.matches(r, linkType: .ethernet), true)
            XCTAssertEqual(tcp.matches(r, linkType: .ethernet), false)
        }
        // The same IPv4 packet without its Ethernet header, on a raw-IP interface.
        try record(Array(sampleFrame[14...])) { r in
            XCTAssertEqual(udp.matches(r, linkType: .raw), true)
        }
    }

    /// `ether host` cannot apply to raw IP: the filter says so once per link type and keeps the
    /// failure instead of compiling again for every packet.
    func testExpressionThatCannotApplyToALinkTypeFailsOnce() throws {
        let ether = try PacketFilter(expression: "ether host 02:00:00:00:00:01")
        try record(Array(sampleFrame[14...])) { r in
            for _ in 0..<100 { XCTAssertNil(ether.matches(r, linkType: .raw)) }
        }
        XCTAssertEqual(Array(ether.failures.keys), [.raw])
        XCTAssertTrue("\(ether.failures[.raw]!)".contains("raw IP"), "\(ether.failures[.raw]!)")
    }

    func testBadExpressionIsRejectedUpFront() {
        XCTAssertThrowsError(try PacketFilter(expression: "port banana")) { error in
            XCTAssertTrue("\(error)".contains("port banana"))
        }
    }
}
