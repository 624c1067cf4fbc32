import PacketWire
import TeamingModels
import XCTest

final class LinuxLayer34HashTests: XCTestCase {
    /// Worked by hand from bond_main.c: 192.0.2.1:40000 → 192.0.2.2:6600.
    /// ports u32 (LE load of 9c 40 19 c8) = 0xc819409c; saddr ^ daddr (LE loads of c0000201,
    /// c0000202) = 0x010200c0 ^ 0x020200c0 = 0x03000000; h = 0xcb19409c;
    /// h ^= h >> 16 → 0xcb198b85; h ^= h >> 8 → 0xcb198b85 ^ 0x00cb198b = 0xcbd2920e;
    /// h >> 1 = 0x65e94907, odd: member 1 of 2.
    func testWorkedExample() {
        let h = LinuxLayer34Hash.hash(source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.2")!,
                                      sourcePort: 40000, destinationPort: 6600)
        XCTAssertEqual(h, 0x65E9_4907)
        XCTAssertEqual(LinuxLayer34Hash.member(source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.2")!,
                                               sourcePort: 40000, destinationPort: 6600, count: 2), 1)
    }
}
