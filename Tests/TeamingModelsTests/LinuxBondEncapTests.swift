import PacketWire
import TeamingModels
import XCTest

/// encap2+3 / encap3+4 hash the innermost addresses and ports of IP-in-IP and GRE, as the
/// kernel's flow dissector finds them; VXLAN (a UDP tunnel) keeps its outer headers.
final class LinuxBondEncapTests: XCTestCase {
    let eth: [UInt8] = [0x02, 0, 0, 0, 0, 0xB2, 0x02, 0, 0, 0, 0, 0xA1]

    func ipv4(_ src: [UInt8], _ dst: [UInt8], proto: UInt8, payload: Int) -> [UInt8] {
        let total = 20 + payload
        return [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0, 64, proto, 0, 0] + src + dst
    }

    var innerTCP: [UInt8] {
        ipv4([198, 51, 100, 7], [203, 0, 113, 9], proto: 6, payload: 20)
            + [0xC3, 0x51, 0x19, 0xC8] + [UInt8](repeating: 0, count: 8) + [0x50, 0x10, 0xFF, 0xFF, 0, 0, 0, 0]
    }

    func hash(_ frame: [UInt8], _ policy: LinuxHashPolicy) -> UInt32 {
        frame.withUnsafeBytes { LinuxBondHash.hash(frame: $0, policy: policy) }
    }

    /// The same inner packet sent plainly, with the outer Ethernet header.
    var plain: [UInt8] { eth + [0x08, 0x00] + innerTCP }

    func testIPinIPHashesTheInnerFlow() {
        let frame = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 4, payload: innerTCP.count) + innerTCP
        XCTAssertEqual(hash(frame, .encap34), hash(plain, .layer34))
        XCTAssertEqual(hash(frame, .encap23), hash(plain, .layer23))
        XCTAssertNotEqual(hash(frame, .layer34), hash(plain, .layer34), "layer3+4 stops at the outer header")
    }

    func testGREWithKeyAndTransparentEthernetBridging() {
        // GRE with checksum and key present (C and K bits), carrying IPv4.
        let gre: [UInt8] = [0xA0, 0x00, 0x08, 0x00, 0, 0, 0, 0, 0, 0, 0, 42]
        let frame = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 47, payload: gre.count + innerTCP.count) + gre + innerTCP
        XCTAssertEqual(hash(frame, .encap34), hash(plain, .layer34))
        XCTAssertEqual(hash(frame, .encap23), hash(plain, .layer23))
        // GRE carrying an Ethernet frame (0x6558).
        let teb: [UInt8] = [0x00, 0x00, 0x65, 0x58] + [0x02, 0, 0, 0, 0, 9, 0x02, 0, 0, 0, 0, 8, 0x08, 0x00]
        let bridged = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 47, payload: teb.count + innerTCP.count) + teb + innerTCP
        XCTAssertEqual(hash(bridged, .encap34), hash(plain, .layer34))
        // GRE with the routing bit or version 1 (PPTP) is not opened: the outer flow is hashed.
        let pptp: [UInt8] = [0x30, 0x01, 0x88, 0x0B, 0, 0, 0, 0, 0, 0, 0, 0]
        let enhanced = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 47, payload: pptp.count + innerTCP.count) + pptp + innerTCP
        XCTAssertEqual(hash(enhanced, .encap34), hash(enhanced, .layer34))
    }

    func testVXLANKeepsTheOuterHeaders() {
        let vxlan: [UInt8] = [0xD4, 0x31, 0x12, 0xB5, 0, UInt8(8 + 8 + 14 + innerTCP.count), 0, 0] + [0x08, 0, 0, 0, 0, 0, 1, 0]
            + [0x02, 0, 0, 0, 0, 9, 0x02, 0, 0, 0, 0, 8, 0x08, 0x00]
        let frame = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 17, payload: vxlan.count + innerTCP.count) + vxlan + innerTCP
        XCTAssertEqual(hash(frame, .encap34), hash(frame, .layer34))
        XCTAssertEqual(hash(frame, .encap23), hash(frame, .layer23))
    }

    func testTruncatedInnerHeaderFallsBackToLayer2() {
        let frame = eth + [0x08, 0x00] + ipv4([192, 0, 2, 1], [192, 0, 2, 2], proto: 4, payload: 40) + [0x45, 0, 0]
        XCTAssertEqual(hash(frame, .encap23), hash(frame, .layer2))
    }
}
