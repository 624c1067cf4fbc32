import PacketWire
import XCTest

/// LACPDUs laid out as IEEE 802.1AX-2020 6.4.2.2 lays them out.
final class LACPDUTests: XCTestCase {
    /// Subtype 1, version 1, actor TLV, partner TLV, collector TLV, terminator: 110 bytes after the
    /// EtherType, as Linux sends them.
    static func pdu(actor: [UInt8], actorState: UInt8, partner: [UInt8], partnerState: UInt8) -> [UInt8] {
        var b: [UInt8] = [1, 1, 1, 20, 0xFF, 0xFF] + actor + [0, 9, 0x00, 0xFF, 0, 1, actorState, 0, 0, 0]
        b += [2, 20, 0xFF, 0xFF] + partner + [0, 13, 0x00, 0xFF, 0, 2, partnerState, 0, 0, 0]
        b += [3, 16, 0, 0] + [UInt8](repeating: 0, count: 12) + [0, 0] + [UInt8](repeating: 0, count: 50)
        return b
    }

    func testActorAndPartnerFieldsAndStateBits() throws {
        let bytes = Self.pdu(actor: [0x02, 0, 0, 0, 0x0a, 0x01], actorState: 0x3D, partner: [0x02, 0, 0, 0, 0x0b, 0x01], partnerState: 0x47)
        XCTAssertEqual(bytes.count, 110)
        let p = try XCTUnwrap(bytes.withUnsafeBytes { LACPDU($0, at: 0) })
        XCTAssertEqual(p.actor.system.description, "02:00:00:00:0a:01")
        XCTAssertEqual(p.actor.systemPriority, 0xFFFF)
        XCTAssertEqual(p.actor.key, 9)
        XCTAssertEqual(p.actor.portPriority, 0xFF)
        XCTAssertEqual(p.actor.port, 1)
        // 0x3D: activity, aggregation, synchronization, collecting, distributing.
        XCTAssertEqual(p.actor.state.names, ["activity", "aggregation", "synchronization", "collecting", "distributing"])
        XCTAssertEqual(p.partner.system.description, "02:00:00:00:0b:01")
        XCTAssertEqual(p.partner.key, 13)
        XCTAssertEqual(p.partner.port, 2)
        // 0x47: activity, timeout, aggregation, defaulted.
        XCTAssertEqual(p.partner.state.names, ["activity", "timeout", "aggregation", "defaulted"])
    }

    func testMarkersAndShortOrForeignPDUsAreNotLACPDUs() {
        var marker: [UInt8] = [2, 1, 1, 16] + [UInt8](repeating: 0, count: 106)
        XCTAssertEqual(marker.withUnsafeBytes { SlowProtocolSubtype($0, at: 0) }, .marker)
        XCTAssertNil(marker.withUnsafeBytes { LACPDU($0, at: 0) })
        let full = Self.pdu(actor: [2, 0, 0, 0, 0x0a, 1], actorState: 0x3D, partner: [2, 0, 0, 0, 0x0b, 1], partnerState: 0x3D)
        XCTAssertNil(Array(full.prefix(41)).withUnsafeBytes { LACPDU($0, at: 0) }, "cut short")
        marker = full
        marker[22] = 9
        XCTAssertNil(marker.withUnsafeBytes { LACPDU($0, at: 0) }, "no partner TLV where it belongs")
        XCTAssertNil(full.withUnsafeBytes { LACPDU($0, at: -1) })
    }

    /// IEEE 802.3 Annex 57A Table 57A-3: 1 LACP, 2 Marker, 3 OAM, 10 OSSP; others kept as read.
    func testSlowProtocolSubtypes() {
        for (byte, subtype) in [(1, SlowProtocolSubtype.lacp), (2, .marker), (3, .oam), (10, .organizationSpecific)] {
            XCTAssertEqual([UInt8(byte), 0].withUnsafeBytes { SlowProtocolSubtype($0, at: 0) }, subtype)
        }
        XCTAssertEqual([UInt8(0x42)].withUnsafeBytes { SlowProtocolSubtype($0, at: 0)?.rawValue }, 0x42)
        XCTAssertNil([UInt8]().withUnsafeBytes { SlowProtocolSubtype($0, at: 0) }, "the frame ends before the subtype")
        XCTAssertNil([UInt8(1)].withUnsafeBytes { SlowProtocolSubtype($0, at: 1) })
    }
}
