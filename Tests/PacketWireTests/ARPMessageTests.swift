import PacketWire
import XCTest

/// ARP messages for Ethernet/IPv4 laid out as RFC 826 lays them out.
final class ARPMessageTests: XCTestCase {
    // A reply: 192.0.2.1 is at 02:00:00:00:0a:01, told to 192.0.2.2 at 02:00:00:00:0b:01.
    // 0000  00 01 08 00 06 04 00 02  02 00 00 00 0a 01 c0 00   htype 1, ptype IPv4, 6, 4, op 2, sha, spa…
    // 0010  02 01 02 00 00 00 0b 01  c0 00 02 02               …spa, tha, tpa
    static let reply: [UInt8] = [
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x0a, 0x01, 0xc0, 0x00,
        0x02, 0x01, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x01, 0xc0, 0x00, 0x02, 0x02,
    ]

    // A request behind two bytes of something else: who has 192.0.2.9? tell 192.0.2.2.
    // 0000  ff ff                                              (not ARP)
    // 0002  00 01 08 00 06 04 00 01  02 00 00 00 0b 01 c0 00   op 1, sha 02:00:00:00:0b:01, spa…
    // 0012  02 02 00 00 00 00 00 00  c0 00 02 09               …192.0.2.2, tha unknown, tpa 192.0.2.9
    static let requestAtTwo: [UInt8] = [
        0xff, 0xff,
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x01, 0xc0, 0x00,
        0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x09,
    ]

    func testReplyFields() throws {
        try Self.reply.withUnsafeBytes { b in
            let arp = try XCTUnwrap(ARPMessage(b, at: 0))
            XCTAssertTrue(arp.isEthernetIPv4)
            XCTAssertEqual(arp.hardwareType, 1)
            XCTAssertEqual(arp.protocolType, .ipv4)
            XCTAssertEqual(arp.operation, ARPMessage.reply)
            XCTAssertTrue(arp.isReply)
            XCTAssertEqual(arp.senderHardwareAddress.description, "02:00:00:00:0a:01")
            XCTAssertEqual(IPAddress(ipv4: arp.senderProtocolAddress).description, "192.0.2.1")
            XCTAssertEqual(arp.targetHardwareAddress?.description, "02:00:00:00:0b:01")
            XCTAssertEqual(arp.targetProtocolAddress.map { IPAddress(ipv4: $0).description }, "192.0.2.2")
        }
    }

    func testRequestAtAnOffset() throws {
        try Self.requestAtTwo.withUnsafeBytes { b in
            let arp = try XCTUnwrap(ARPMessage(b, at: 2))
            XCTAssertEqual(arp.operation, ARPMessage.request)
            XCTAssertFalse(arp.isReply)
            XCTAssertEqual(arp.senderHardwareAddress.description, "02:00:00:00:0b:01")
            XCTAssertEqual(IPAddress(ipv4: arp.senderProtocolAddress).description, "192.0.2.2")
            XCTAssertEqual(arp.targetProtocolAddress.map { IPAddress(ipv4: $0).description }, "192.0.2.9")
        }
    }

    /// The sender's addresses (18 bytes) are what it asks for; the target's are nil when the
    /// capture stops before them; fewer than 18 bytes, or an offset outside, give nil.
    func testEveryPrefix() {
        for n in 0...Self.reply.count {
            Array(Self.reply.prefix(n)).withUnsafeBytes { b in
                let arp = ARPMessage(b, at: 0)
                XCTAssertEqual(arp == nil, n < ARPMessage.minimumLength, "\(n) bytes")
                XCTAssertEqual(arp?.senderHardwareAddress.description, n < 18 ? nil : "02:00:00:00:0a:01", "\(n) bytes")
                XCTAssertEqual(arp?.targetHardwareAddress == nil, n < 24, "\(n) bytes")
                XCTAssertEqual(arp?.targetProtocolAddress == nil, n < 28, "\(n) bytes")
            }
        }
        Self.reply.withUnsafeBytes { b in
            XCTAssertNil(ARPMessage(b, at: -1))
            XCTAssertNil(ARPMessage(b, at: 11), "17 bytes left")
        }
    }

    /// Lengths other than 6 and 4 are not Ethernet/IPv4 (the fields are still read at its offsets).
    func testOtherAddressLengthsAreSaid() throws {
        var other = Self.reply
        other[4] = 8
        try other.withUnsafeBytes { b in XCTAssertFalse(try XCTUnwrap(ARPMessage(b, at: 0)).isEthernetIPv4) }
    }
}
