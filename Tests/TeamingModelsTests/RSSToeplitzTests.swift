import PacketWire
import TeamingModels
import XCTest

/// The published RSS verification vectors (Microsoft's "Verifying the RSS hash calculation";
/// DPDK app/test/test_thash.c and the 82599 datasheet 7.1.2.8.3 carry the same table).
final class RSSToeplitzTests: XCTestCase {
    let rss = RSSToeplitz()

    func testIPv4Vectors() {
        let vectors: [(String, UInt16, String, UInt16, UInt32, UInt32)] = [
            ("66.9.149.187", 2794, "161.142.100.80", 1766, 0x323e_8fc2, 0x51cc_c178),
            ("199.92.111.2", 14230, "65.69.140.83", 4739, 0xd718_262a, 0xc626_b0ea),
            ("24.19.198.95", 12898, "12.22.207.184", 38024, 0xd2d0_a5de, 0x5c2b_394a),
            ("38.27.205.30", 48228, "209.142.163.6", 2217, 0x8298_9176, 0xafc7_327f),
            ("153.39.163.191", 44251, "202.188.127.2", 1303, 0x5d18_09c5, 0x10e8_28a2),
        ]
        for (s, sp, d, dp, twoTuple, fourTuple) in vectors {
            let src = IPAddress(s)!, dst = IPAddress(d)!
            XCTAssertEqual(rss.hash(source: src, destination: dst), twoTuple, "\(s) → \(d)")
            XCTAssertEqual(rss.hash(source: src, destination: dst, sourcePort: sp, destinationPort: dp), fourTuple, "\(s):\(sp) → \(d):\(dp)")
        }
    }

    func testIPv6Vectors() {
        let vectors: [(String, UInt16, String, UInt16, UInt32)] = [
            ("3ffe:2501:200:1fff::7", 2794, "3ffe:2501:200:3::1", 1766, 0x4020_7d3d),
            ("3ffe:501:8::260:97ff:fe40:efab", 14230, "ff02::1", 4739, 0xdde5_1bbf),
            ("3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, "fe80::200:f8ff:fe21:67cf", 38024, 0x02d1_feef),
        ]
        for (s, sp, d, dp, fourTuple) in vectors {
            XCTAssertEqual(rss.hash(source: IPAddress(s)!, destination: IPAddress(d)!, sourcePort: sp, destinationPort: dp), fourTuple, s)
        }
    }

    /// Hand-computed: with a key whose first 32 bits are 0x80000000 followed by zeros, an input
    /// with only its first bit set hashes to 0x80000000, and one with only its second bit set
    /// to 0x00000000 (the window shifted left once, taking a 0 from the key).
    func testBitOrderByHand() {
        var key = [UInt8](repeating: 0, count: 40)
        key[0] = 0x80
        let r = RSSToeplitz(key: key)
        XCTAssertEqual(r.hash([0x80]), 0x8000_0000)
        XCTAssertEqual(r.hash([0x40]), 0)
        key[4] = 0x80 // bit 32 of the key: enters the window after 32 shifts
        XCTAssertEqual(RSSToeplitz(key: key).hash([0, 0, 0, 0, 0x80]), 0x8000_0000)
        XCTAssertEqual(RSSToeplitz.queue(hash: 0x51cc_c178, tableSize: 128, queues: 4), Int(0x78 % 4))
    }
}
