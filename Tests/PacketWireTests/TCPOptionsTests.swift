import PacketWire
import XCTest

/// TCP options (RFC 9293 3.2) behind a 20-byte header.
final class TCPOptionsTests: XCTestCase {
    /// The fixed header of a SYN with data offset `words` (the options follow it).
    static func header(words: UInt8) -> [UInt8] {
        // 0000  9c 40 19 c8 00 00 00 01  00 00 00 00 w0 02 ff ff   ports, seq, ack, offset, SYN, window
        // 0010  00 00 00 00                                        checksum, urgent pointer
        [0x9c, 0x40, 0x19, 0xc8, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, words << 4, 0x02, 0xff, 0xff,
         0x00, 0x00, 0x00, 0x00]
    }

    // Linux's SYN options: MSS 8960 (jumbo), SACK permitted, timestamps, NOP, window scale 7.
    // 0014  02 04 23 00 04 02 08 0a  00 00 00 01 00 00 00 00   MSS, SACK-permitted, TS…
    // 0024  01 03 03 07                                        NOP, WS 7
    static let linuxSYN: [UInt8] = header(words: 10) + [
        0x02, 0x04, 0x23, 0x00, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x03, 0x03, 0x07,
    ]

    // Windows's order: MSS last, after NOPs, window scale and SACK permitted.
    // 0014  01 03 03 08 01 01 04 02  02 04 05 b4 00 00 00 00   NOP, WS 8, NOP, NOP, SACK-perm., MSS 1460, EOL…
    static let windowsSYN: [UInt8] = header(words: 9) + [
        0x01, 0x03, 0x03, 0x08, 0x01, 0x01, 0x04, 0x02, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00, 0x00, 0x00,
    ]

    private func mss(_ bytes: [UInt8], at offset: Int = 0) -> UInt16? {
        bytes.withUnsafeBytes { b in
            TCPOptions(b, tcpHeaderAt: offset, headerLength: Int(bytes[offset + 12] >> 4) * 4).maximumSegmentSize
        }
    }

    func testMSSFirstOrLast() {
        XCTAssertEqual(mss(Self.linuxSYN), 8960)
        XCTAssertEqual(mss(Self.windowsSYN), 1460)
        XCTAssertEqual(mss([0xaa, 0xbb] + Self.windowsSYN, at: 2), 1460, "a header at an offset")
    }

    /// No options, an end-of-list before the MSS, an option running past the header or with a
    /// length below 2: no MSS, and no read past the end.
    func testNoneOrBrokenLists() {
        XCTAssertNil(mss(Self.header(words: 5)), "no options")
        // 0014  00 00 00 00 02 04 05 b4                            EOL, then an MSS that does not count
        XCTAssertNil(mss(Self.header(words: 7) + [0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4]))
        // 0014  08 0c 00 00                                        TS claiming 12 bytes in a 4-byte list
        XCTAssertNil(mss(Self.header(words: 6) + [0x08, 0x0c, 0x00, 0x00]))
        // 0014  03 01 02 04 05 b4 00 00                            length 1: the walk stops
        XCTAssertNil(mss(Self.header(words: 7) + [0x03, 0x01, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00]))
        // 0014  02 06 05 b4 00 00 02 04  05 b4 00 00               a kind-2 of length 6 is stepped over
        let longKind2: [UInt8] = [0x02, 0x06, 0x05, 0xb4, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00]
        XCTAssertEqual(mss(Self.header(words: 8) + longKind2), 1460)
    }

    /// The list ends where the capture does: every prefix of Linux's SYN gives the MSS only when
    /// all four of its bytes were captured.
    func testEveryPrefix() {
        for n in 0...Self.linuxSYN.count {
            let cut = Array(Self.linuxSYN.prefix(n))
            let found = cut.withUnsafeBytes { TCPOptions($0, tcpHeaderAt: 0, headerLength: 40).maximumSegmentSize }
            XCTAssertEqual(found, n >= 24 ? 8960 : nil, "\(n) bytes")
        }
    }
}
