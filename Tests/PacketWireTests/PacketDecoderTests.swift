import PacketWire
import XCTest

final class PacketDecoderTests: XCTestCase {
    private func decode(_ hex: String, linkType: LinkType = .ethernet, wireLength: Int = 0) -> DecodedPacket {
        let bytes = Self.bytes(hex)
        return bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: linkType, wireLength: wireLength) }
    }

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = hex.filter(\.isHexDigit)
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            out.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    // 02:00:00:00:00:02 ← 02:00:00:00:00:01, IPv4 192.0.2.1 → 192.0.2.2 TCP 40000 → 6600,
    // seq 0x01020304, ack 0x0a0b0c0d, ACK|PSH, 1448 bytes of payload on the wire.
    static let ipv4TCP = """
        020000000002 020000000001 0800
        4500 05dc 1234 4000 4006 0000 c0000201 c0000202
        9c40 19c8 01020304 0a0b0c0d 5018 ffff 0000 0000
        """

    func testEthernetIPv4TCP() {
        let d = decode(Self.ipv4TCP, wireLength: 1514)
        XCTAssertEqual(d.status, .complete)
        XCTAssertEqual(d.sourceMAC.description, "02:00:00:00:00:01")
        XCTAssertEqual(d.destinationMAC.description, "02:00:00:00:00:02")
        XCTAssertEqual(d.network, .ipv4)
        XCTAssertEqual(d.source.description, "192.0.2.1")
        XCTAssertEqual(d.destination.description, "192.0.2.2")
        XCTAssertEqual(d.ipProtocol, .tcp)
        XCTAssertEqual(d.sourcePort, 40000)
        XCTAssertEqual(d.destinationPort, 6600)
        XCTAssertEqual(d.tcpSequence, 0x0102_0304)
        XCTAssertEqual(d.tcpAcknowledgment, 0x0A0B_0C0D)
        XCTAssertEqual(d.tcpFlags, [.ack, .psh])
        XCTAssertEqual(d.payloadOffset, 54)
        XCTAssertEqual(d.payloadLength, 1500 - 40, "from the IP total length, not the snaplen")
    }

    func testQinQAndMPLSAndPPPoE() {
        // 802.1ad outer tag VLAN 100, 802.1Q inner VLAN 200, then IPv4 UDP.
        let qinq = decode("""
            ffffffffffff 020000000001 88a8 0064 8100 00c8 0800
            4500 001c 0000 0000 4011 0000 c6336401 c6336402 0035 0035 0008 0000
            """)
        XCTAssertEqual(qinq.vlanTagCount, 2)
        XCTAssertEqual(qinq.outerVLAN, 100)
        XCTAssertEqual(qinq.innerVLAN, 200)
        XCTAssertEqual(qinq.ipProtocol, .udp)
        XCTAssertEqual(qinq.destinationPort, 53)
        // Two MPLS labels (the second has bottom-of-stack), then IPv4 ICMP echo id 0x4242.
        let mpls = decode("""
            020000000002 020000000001 8847 00010040 000211ff
            4500 001c 0000 0000 4001 0000 cb007101 cb007102 0800 0000 4242 0001
            """)
        XCTAssertEqual(mpls.mplsLabelCount, 2)
        XCTAssertEqual(mpls.ipProtocol, .icmp)
        XCTAssertEqual(mpls.icmpIdentifier, 0x4242)
        // PPPoE session (RFC 2516) carrying IPv4 TCP.
        let pppoe = decode("""
            020000000002 020000000001 8864 1100 0001 0030 0021
            4500 0028 0000 0000 4006 0000 c0000201 c0000202 0050 c000 00000001 00000000 5002 ffff 0000 0000
            """)
        XCTAssertTrue(pppoe.pppoe)
        XCTAssertEqual(pppoe.sourcePort, 80)
        XCTAssertEqual(pppoe.tcpFlags, .syn)
        // PPPoE length 0x2a (42) leaves 40 bytes of IP although the IP header claims 48: like
        // TShark, the datagram is cut to what PPPoE carries, so there is no TCP payload.
        let cut = decode("""
            020000000002 020000000001 8864 1100 0001 002a 0021
            4500 0030 0000 0000 4006 0000 c0000201 c0000202 0050 c000 00000001 00000000 5010 ffff 0000 0000
            0000 0000 0000 0000
            """)
        XCTAssertEqual(cut.ipLength, 40)
        XCTAssertEqual(cut.payloadLength, 0)
    }

    func testIPv6ExtensionHeadersAndFragments() {
        // Hop-by-hop (8 bytes) then TCP 443 → 50000.
        let hbh = decode("""
            020000000002 020000000001 86dd
            60000000 001c 00 40 20010db8000000000000000000000001 20010db8000000000000000000000002
            06 00 0000 00000000
            01bb c350 00000001 00000000 5010 ffff 0000 0000
            """)
        XCTAssertEqual(hbh.status, .complete)
        XCTAssertEqual(hbh.source.description, "2001:db8::1")
        XCTAssertEqual(hbh.ipProtocol, .tcp)
        XCTAssertEqual(hbh.sourcePort, 443)
        // A non-first fragment: no transport header, ports stay 0.
        let frag = decode("""
            020000000002 020000000001 86dd
            60000000 0010 2c 40 20010db8000000000000000000000001 20010db8000000000000000000000002
            11 00 0059 0000abcd 0000000000000000
            """)
        XCTAssertTrue(frag.isFragment)
        XCTAssertEqual(frag.fragmentOffset, 88)
        XCTAssertFalse(frag.hasTransport)
        XCTAssertEqual(frag.sourcePort, 0)
        XCTAssertEqual(frag.ipID, 0xABCD)
    }

    func testLinuxCookedHeadersCarryDirection() {
        // SLL: packet type 4 (outgoing), ARPHRD_ETHER, 6-byte address, IPv4.
        let sll = decode("""
            0004 0001 0006 020000000001 0000 0800
            4500 001c 0000 0000 4011 0000 c0000201 c0000202 1f90 1f91 0008 0000
            """, linkType: .linuxSLL)
        XCTAssertEqual(sll.sllPacketType, 4)
        XCTAssertEqual(sll.sourceMAC.description, "02:00:00:00:00:01")
        XCTAssertEqual(sll.destinationPort, 8081)
        // SLL2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type 0 (to us), address.
        let sll2 = decode("""
            0800 0000 00000002 0001 00 06 020000000009 0000
            4500 001c 0000 0000 4011 0000 c0000202 c0000201 1f91 1f90 0008 0000
            """, linkType: .linuxSLL2)
        XCTAssertEqual(sll2.sllPacketType, 0)
        XCTAssertEqual(sll2.sourceMAC.description, "02:00:00:00:00:09")
        XCTAssertEqual(sll2.sourcePort, 8081)
    }

    func testSnaplenTruncationAndMalformedHeaders() {
        let full = Self.bytes(Self.ipv4TCP)
        // Every prefix decodes without trapping; cut inside a header is .truncated.
        for cut in 0..<full.count {
            let d = Array(full.prefix(cut)).withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
            XCTAssertEqual(d.status, .truncated, "cut \(cut)")
        }
        // IHL 4 (16 bytes) is impossible.
        XCTAssertEqual(decode("020000000002 020000000001 0800 4400 0028 0000 0000 4006 0000 c0000201 c0000202").status, .malformed)
        // TCP data offset 3 (12 bytes) is impossible.
        XCTAssertEqual(decode("""
            020000000002 020000000001 0800 4500 0028 0000 0000 4006 0000 c0000201 c0000202
            0050 c000 00000001 00000000 3010 ffff 0000 0000
            """).status, .malformed)
    }

    func testAddressesParseAndPrint() {
        XCTAssertEqual(MACAddress("02-00-00-AA-bb-01")?.description, "02:00:00:aa:bb:01")
        XCTAssertNil(MACAddress("02:00:00:00:00"))
        XCTAssertEqual(IPAddress("2001:db8:0:0:1:0:0:1")?.description, "2001:db8::1:0:0:1")
        XCTAssertEqual(IPAddress("::ffff:192.0.2.1")?.description, "::ffff:c000:201")
        XCTAssertEqual(IPAddress("203.0.113.9")?.ipv4, 0xCB00_7109)
        XCTAssertNil(IPAddress("203.0.113"))
        XCTAssertNil(IPAddress("1::2::3"))
    }
}
