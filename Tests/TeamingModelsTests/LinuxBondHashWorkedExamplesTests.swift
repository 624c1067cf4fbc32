import TeamingModels
import XCTest

/// Five worked examples of bond_main.c's hash, computed by hand (the arithmetic is in each
/// comment), not by the code under test. "le(x)" is a network-order field loaded on a
/// little-endian CPU; fold(h) is `h ^= h >> 16; h ^= h >> 8`.
final class LinuxBondHashWorkedExamplesTests: XCTestCase {
    static func bytes(_ hex: String) -> [UInt8] {
        let d = hex.filter(\.isHexDigit)
        return stride(from: 0, to: d.count, by: 2).map { i in
            UInt8(d[d.index(d.startIndex, offsetBy: i)..<d.index(d.startIndex, offsetBy: i + 2)], radix: 16)!
        }
    }

    private func hash(_ hex: String, _ policy: LinuxHashPolicy, _ era: LinuxKernelEra = .current) -> UInt32 {
        Self.bytes(hex).withUnsafeBytes { LinuxBondHash.hash(frame: $0, policy: policy, era: era) }
    }

    // 02:00:00:00:00:02 ← 02:00:00:00:00:01, IPv4 192.0.2.1 → 192.0.2.2, TCP 40000 → 6600.
    static let tcp4 = "020000000002 020000000001 0800 4500 0028 0001 4000 4006 0000 c0000201 c0000202 9c40 19c8 00000001 00000000 5010 ffff 0000 0000"

    /// 1. layer2: h_dest[5] ^ h_source[5] ^ EtherType = 0x02 ^ 0x01 ^ 0x0800 = 0x0803 today;
    ///    before be16_to_cpu the raw big-endian 0x0800 reads 0x0008: 0x02 ^ 0x01 ^ 0x0008 = 0x000b.
    func testLayer2BothEras() {
        XCTAssertEqual(hash(Self.tcp4, .layer2), 0x0803)
        XCTAssertEqual(hash(Self.tcp4, .layer2, .before2017), 0x000B)
    }

    /// 2. layer2+3: le(192.0.2.1) ^ le(192.0.2.2) = 0x010200c0 ^ 0x020200c0 = 0x03000000.
    ///    Today: fold(0x0803 ^ 0x03000000) = fold(0x03000803): ^ 0x0300 → 0x03000b03, ^ 0x0003000b
    ///    → 0x03030b08, no low-bit discard. 2017–2022: fold(0x000b ^ 0x03000000) = 0x03030308, >> 1
    ///    = 0x01818184.
    func testLayer23BothEras() {
        XCTAssertEqual(hash(Self.tcp4, .layer23), 0x0303_0B08)
        XCTAssertEqual(hash(Self.tcp4, .layer23, .discardAll), 0x0181_8184)
    }

    /// 2b. layer3+4 of that TCP frame: ports le(9c 40 19 c8) = 0xc819409c; ^ 0x03000000 =
    ///    0xcb19409c; fold: ^ 0xcb19 → 0xcb198b85, ^ 0x00cb198b → 0xcbd2920e; >> 1 = 0x65e94907, odd:
    ///    member 1 of 2.
    func testTCPLayer34() {
        XCTAssertEqual(hash(Self.tcp4, .layer34), 0x65E9_4907)
        XCTAssertEqual(Self.bytes(Self.tcp4).withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: .layer34, count: 2) }, 1)
    }

    /// 3. vlan+srcmac: source 02:00:00:ab:cd:ef → vendor 0x020000 ^ device 0xabcdef = 0xa9cdef;
    ///    with an 802.1Q tag of VLAN 100: ^ 0x64 = 0xa9cd8b.
    func testVLANSourceMAC() {
        XCTAssertEqual(hash("020000000002 020000abcdef 0800 4500", .vlanSrcMAC), 0x00A9_CDEF)
        XCTAssertEqual(hash("020000000002 020000abcdef 8100 0064 0800 4500", .vlanSrcMAC), 0x00A9_CD8B)
    }

    /// 4. layer3+4 of an ICMP echo request (type 8, code 0, id 0x0112) 192.0.2.1 → 192.0.2.2:
    ///    the icmp key {type, code, id} read as a u32 = 0x01120008; ^ 0x03000000 = 0x02120008;
    ///    fold → 0x0212021a → 0x02101018; >> 1 = 0x0108080c.
    func testICMPEchoLayer34() {
        let echo = "020000000002 020000000001 0800 4500 001c 0001 0000 4001 0000 c0000201 c0000202 0800 0000 0112 0001"
        XCTAssertEqual(hash(echo, .layer34), 0x0108_080C)
    }

    /// 5. layer3+4 over IPv6 2001:db8::1:43000 → 2001:db8::2:5001: ipv6_addr_hash folds the
    ///    four le-words: 0xb80d0120 ^ 0x01000000 = 0xb90d0120 and 0xba0d0120, XOR 0x03000000;
    ///    ports le(a7 f8 13 89) = 0x8913f8a7; h = 0x8a13f8a7, fold → 0x8a1372b4 → 0x8a9961c6,
    ///    >> 1 = 0x454cb0e3: odd, member 1 of 2.
    func testIPv6Layer34() {
        let tcp6 = "020000000002 020000000001 86dd 60000000 0014 06 40 20010db8000000000000000000000001 20010db8000000000000000000000002 a7f8 1389 00000001 00000000 5010 ffff 0000 0000"
        XCTAssertEqual(hash(tcp6, .layer34), 0x454C_B0E3)
        XCTAssertEqual(Self.bytes(tcp6).withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: .layer34, count: 2) }, 1)
    }
}

final class LinuxKernelEraTests: XCTestCase {
    func testReleasesMapToTheirEra() {
        XCTAssertEqual(LinuxKernelEra(release: "4.9.0-19-amd64"), .before2017)
        XCTAssertEqual(LinuxKernelEra(release: "4.19"), .discardAll)
        XCTAssertEqual(LinuxKernelEra(release: "5.10.0"), .discardAll)
        XCTAssertEqual(LinuxKernelEra(release: "5.15.0-91-generic"), .current)
        XCTAssertEqual(LinuxKernelEra(release: "6.1.0-56-amd64"), .current)
        XCTAssertNil(LinuxKernelEra(release: "six"))
    }
}
