import Foundation
import TeamAnalysis
import TestSupport
import XCTest

/// How a capture's interfaces are named as members (`InputStream.memberName`): by the interface
/// itself, never by how many interfaces the file had described when its first packet came.
final class MemberNamingTests: XCTestCase {
    /// A broadcast frame of EtherType 0x88b5 (IEEE local experimental), 60 bytes.
    static let frame: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0x00, 0x00, 0x00, 0x0A, 0x01, 0x88, 0xB5] + [UInt8](repeating: 0, count: 46)

    /// An Interface Description Block, little-endian, Ethernet, no snap limit, `if_name` NAME
    /// (4 bytes):
    /// ```
    /// 0000  01 00 00 00 20 00 00 00 01 00 00 00 00 00 00 00   type 1, length 32, link type 1, snaplen 0
    /// 0010  02 00 04 00 65 74 68 30 00 00 00 00 20 00 00 00   if_name "eth0", opt_endofopt, length 32
    /// ```
    static func interface(_ name: String) -> [UInt8] {
        [0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
         0x02, 0x00, 0x04, 0x00] + Array(name.utf8) + [0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00]
    }

    /// An Enhanced Packet Block on interface `id` at `ms` milliseconds, the 60-byte frame:
    /// ```
    /// 0000  06 00 00 00 5c 00 00 00 01 00 00 00 00 00 00 00   type 6, length 92, interface 1, timestamp high
    /// 0010  80 84 1e 00 3c 00 00 00 3c 00 00 00 ff ff ff ff   timestamp low (µs), caplen 60, len 60, frame…
    /// 0050  … 00 00 00 00 5c 00 00 00                          length 92
    /// ```
    static func packet(interface id: UInt8, ms: UInt32) -> [UInt8] {
        let us = ms * 1000
        return [0x06, 0x00, 0x00, 0x00, 0x5C, 0x00, 0x00, 0x00, id, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                UInt8(us & 0xFF), UInt8(us >> 8 & 0xFF), UInt8(us >> 16 & 0xFF), UInt8(us >> 24), 0x3C, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x00, 0x00]
            + frame + [0x5C, 0x00, 0x00, 0x00]
    }

    /// Section Header Block, little-endian, version 1.0, section length unknown:
    /// ```
    /// 0000  0a 0d 0d 0a 1c 00 00 00 4d 3c 2b 1a 01 00 00 00   type, length 28, byte-order magic, 1.0
    /// 0010  ff ff ff ff ff ff ff ff 1c 00 00 00               section length -1, length 28
    /// ```
    static let section: [UInt8] = [0x0A, 0x0D, 0x0D, 0x0A, 0x1C, 0x00, 0x00, 0x00, 0x4D, 0x3C, 0x2B, 0x1A, 0x01, 0x00, 0x00, 0x00,
                                   0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x1C, 0x00, 0x00, 0x00]

    func members(_ bytes: [UInt8], _ argument: String = "") throws -> [String] {
        let dir = try TestEnvironment.temporaryFolder("naming")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/capture.pcapng"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let r = try TeamAnalyzer(specs: [CaptureSpec.parse(argument + path)], options: AnalysisOptions()).run()
        return r.members.map(\.name).sorted()
    }

    /// Both interfaces described up front, or the second only after the first one's packet
    /// (as test005.pcapng of the pcapng test suite and dumpcap adding an interface do): the
    /// same names, from `if_name`.
    func testNamesDoNotDependOnWhereTheInterfaceBlockSits() throws {
        let upFront = Self.section + Self.interface("eth0") + Self.interface("eth1")
            + Self.packet(interface: 0, ms: 1) + Self.packet(interface: 1, ms: 2)
        let late = Self.section + Self.interface("eth0") + Self.packet(interface: 0, ms: 1)
            + Self.interface("eth1") + Self.packet(interface: 1, ms: 2)
        XCTAssertEqual(try members(upFront), ["eth0", "eth1"])
        XCTAssertEqual(try members(late), ["eth0", "eth1"], "the first interface is not named after the file")
        // A single interface with an if_name is named by it; an argument's MEMBER= still wins.
        XCTAssertEqual(try members(Self.section + Self.interface("eth3") + Self.packet(interface: 0, ms: 1)), ["eth3"])
        XCTAssertEqual(try members(Self.section + Self.interface("eth3") + Self.packet(interface: 0, ms: 1), "nic9="), ["nic9"])
    }
}
