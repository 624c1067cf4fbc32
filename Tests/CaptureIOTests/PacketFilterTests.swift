import CaptureIO
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
            XCTAssertTrue(try udp.matches(r, linkType: 1))
            XCTAssertFalse(try tcp.matches(r, linkType: 1))
        }
        // The same IPv4 packet without its Ethernet header, on a raw-IP interface.
        try record(Array(sampleFrame[14...])) { r in
            XCTAssertTrue(try udp.matches(r, linkType: 101))
        }
    }

    func testBadExpressionIsRejectedUpFront() {
        XCTAssertThrowsError(try PacketFilter(expression: "port banana")) { error in
            XCTAssertTrue("\(error)".contains("port banana"))
        }
    }
}
