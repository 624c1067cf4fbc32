import PacketWire
import XCTest

/// ICMP "fragmentation needed" (RFC 792, MTU per RFC 1191) and ICMPv6 "packet too big"
/// (RFC 4443 3.2) headers.
final class ICMPTooBigTests: XCTestCase {
    // ICMPv4 type 3 code 4, checksum, unused 0000, next-hop MTU 1400 (0x0578), then the start of
    // the datagram that did not fit.
    // 0000  03 04 ab cd 00 00 05 78  45 00                     type, code, cksum, unused, MTU, IP…
    static let fragmentationNeeded: [UInt8] = [0x03, 0x04, 0xab, 0xcd, 0x00, 0x00, 0x05, 0x78, 0x45, 0x00]

    // ICMPv6 type 2 code 0, checksum, MTU 1280 (0x00000500), then the start of the packet.
    // 0000  02 00 12 34 00 00 05 00  60 00                     type, code, cksum, MTU (32 bits), IPv6…
    static let packetTooBig: [UInt8] = [0x02, 0x00, 0x12, 0x34, 0x00, 0x00, 0x05, 0x00, 0x60, 0x00]

    // ICMPv4 type 3 code 4 from a router predating RFC 1191: the MTU field is zero.
    // 0000  03 04 00 00 00 00 00 00                            type, code, cksum, unused, MTU 0
    static let oldRouter: [UInt8] = [0x03, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]

    func testMTUs() throws {
        try Self.fragmentationNeeded.withUnsafeBytes { b in
            XCTAssertEqual(try XCTUnwrap(ICMPTooBig(b, at: 0, ipProtocol: .icmp)).mtu, 1400)
        }
        try Self.packetTooBig.withUnsafeBytes { b in
            XCTAssertEqual(try XCTUnwrap(ICMPTooBig(b, at: 0, ipProtocol: .icmpv6)).mtu, 1280)
        }
        try Self.oldRouter.withUnsafeBytes { b in
            XCTAssertEqual(try XCTUnwrap(ICMPTooBig(b, at: 0, ipProtocol: .icmp)).mtu, 0)
        }
    }

    /// Type 3 code 4 means "too big" over ICMPv4 only; type 2 over ICMPv6 only (there it is any
    /// code); another type or code, or another protocol, is not one.
    func testWhatIsTooBig() {
        XCTAssertTrue(ICMPTooBig.isTooBig(type: 3, code: 4, ipProtocol: .icmp))
        XCTAssertFalse(ICMPTooBig.isTooBig(type: 3, code: 3, ipProtocol: .icmp), "port unreachable")
        XCTAssertFalse(ICMPTooBig.isTooBig(type: 2, code: 0, ipProtocol: .icmp))
        XCTAssertTrue(ICMPTooBig.isTooBig(type: 2, code: 0, ipProtocol: .icmpv6))
        XCTAssertFalse(ICMPTooBig.isTooBig(type: 3, code: 4, ipProtocol: .icmpv6), "ICMPv6 time exceeded")
        XCTAssertFalse(ICMPTooBig.isTooBig(type: 3, code: 4, ipProtocol: .udp))
        Self.packetTooBig.withUnsafeBytes { b in XCTAssertNil(ICMPTooBig(b, at: 0, ipProtocol: .icmp)) }
        Self.fragmentationNeeded.withUnsafeBytes { b in XCTAssertNil(ICMPTooBig(b, at: 0, ipProtocol: .icmpv6)) }
    }

    /// Fewer than 8 header bytes, or an offset outside, give nil, never a read past the end.
    func testEveryPrefixAndOffset() {
        for n in 0...Self.fragmentationNeeded.count {
            Array(Self.fragmentationNeeded.prefix(n)).withUnsafeBytes { b in
                XCTAssertEqual(ICMPTooBig(b, at: 0, ipProtocol: .icmp)?.mtu, n < 8 ? nil : 1400, "\(n) bytes")
            }
        }
        let behindTwo: [UInt8] = [0xee, 0xee] + Self.packetTooBig
        behindTwo.withUnsafeBytes { b in
            XCTAssertEqual(ICMPTooBig(b, at: 2, ipProtocol: .icmpv6)?.mtu, 1280)
            XCTAssertNil(ICMPTooBig(b, at: 5, ipProtocol: .icmpv6), "7 bytes left")
            XCTAssertNil(ICMPTooBig(b, at: -1, ipProtocol: .icmpv6))
        }
    }
}
