import CaptureIO
import Foundation
import PacketWire
import TeamAnalysis
import TestSupport
import XCTest

/// Which side of a member's link an LACPDU came from, and what `lacp[]` shows of it: a port sends
/// its LACPDUs from its own MAC (IEEE 802.3 Annex 57A; Linux from the member's permanent MAC),
/// with the aggregator's system id (the bond's MAC) as the actor.
final class LACPLinkTests: XCTestCase {
    static let bond = MACAddress(rawValue: 0x02_00_00_00_0A_01)
    static let peerSystem = MACAddress(rawValue: 0x02_00_00_00_0B_01)
    /// The members' permanent MACs, and the peer's ports'.
    static let hostPorts = [MACAddress(rawValue: 0x52_54_00_00_0A_10), MACAddress(rawValue: 0x52_54_00_00_0A_11)]
    static let peerPorts = [MACAddress(rawValue: 0x52_54_00_00_0B_10), MACAddress(rawValue: 0x52_54_00_00_0B_11)]

    /// An LACPDU as Linux sends it, 124 bytes (IEEE 802.1AX-2020 6.4.2.2):
    /// ```
    /// 0000  01 80 c2 00 00 02 52 54 00 00 0a 10 88 09 01 01   dst slow-protocols, src port MAC, 0x8809, subtype 1, version 1
    /// 0010  01 14 ff ff 02 00 00 00 0a 01 00 09 00 ff 00 01   actor TLV: prio, system 02:00:00:00:0a:01, key 9, port prio, port 1
    /// 0020  3d 00 00 00 02 14 ff ff 02 00 00 00 0b 01 00 0d   actor state 0x3d; partner TLV: prio, system 02:00:00:00:0b:01, key 13
    /// 0030  00 ff 00 01 3d 00 00 00 03 10 00 00 00 00 00 00   port prio, port 1, state 0x3d; collector TLV
    /// 0040  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   … terminator and padding to 124 bytes
    /// ```
    static let template: [UInt8] = [
        0x01, 0x80, 0xC2, 0x00, 0x00, 0x02, 0x52, 0x54, 0x00, 0x00, 0x0A, 0x10, 0x88, 0x09, 0x01, 0x01,
        0x01, 0x14, 0xFF, 0xFF, 0x02, 0x00, 0x00, 0x00, 0x0A, 0x01, 0x00, 0x09, 0x00, 0xFF, 0x00, 0x01,
        0x3D, 0x00, 0x00, 0x00, 0x02, 0x14, 0xFF, 0xFF, 0x02, 0x00, 0x00, 0x00, 0x0B, 0x01, 0x00, 0x0D,
        0x00, 0xFF, 0x00, 0x01, 0x3D, 0x00, 0x00, 0x00, 0x03, 0x10,
    ] + [UInt8](repeating: 0, count: 124 - 58)

    /// The template with its source MAC, actor (system, key, port, state) and partner (system,
    /// key, port) replaced.
    static func lacpdu(source: MACAddress, actor: MACAddress, actorKey: UInt8, port: UInt8, state: UInt8,
                       partner: MACAddress, partnerKey: UInt8) -> [UInt8] {
        var b = template
        func put(_ m: MACAddress, at o: Int) { for i in 0..<6 { b[o + i] = UInt8(truncatingIfNeeded: m.rawValue >> UInt64(40 - 8 * i)) } }
        put(source, at: 6)
        put(actor, at: 20)
        b[27] = actorKey
        b[31] = port
        b[32] = state
        put(partner, at: 40)
        b[47] = partnerKey
        b[51] = port
        return b
    }

    /// Each member carries the host's LACPDUs (from the member's own MAC) and the peer's, one
    /// second apart; the host's port goes from not distributing (0x05) to distributing (0x3d),
    /// the peer's stays at 0x3f.
    static func write(_ dir: String) throws -> [CaptureSpec] {
        try (0..<2).map { m in
            let path = "\(dir)/eth\(m).pcap"
            let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth\(m)", snapLength: 256)])
            for i in 0..<6 {
                let t = 1_000_000_000 + Int64(i) * 1_000_000_000
                let mine = lacpdu(source: hostPorts[m], actor: bond, actorKey: 9, port: UInt8(m + 1), state: i < 2 ? 0x05 : 0x3D,
                                  partner: peerSystem, partnerKey: 13)
                let theirs = lacpdu(source: peerPorts[m], actor: peerSystem, actorKey: 13, port: UInt8(m + 1), state: 0x3F,
                                    partner: bond, partnerKey: 9)
                w.write(timestamp: t, bytes: mine, wireLength: mine.count)
                w.write(timestamp: t + 300_000_000, bytes: theirs, wireLength: theirs.count)
            }
            w.close()
            return CaptureSpec(path: path)
        }
    }

    /// `--local-mac` naming the members' own MACs: the host's LACPDUs are sent, the actor is the
    /// bond and the partner the peer, and the local timeline holds only the host's states.
    func testDirectionFollowsTheFramesSourceMAC() throws {
        let dir = try TestEnvironment.temporaryFolder("lacp-direction")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = AnalysisOptions()
        options.localMACs = Self.hostPorts.map { LocalAddress(host: nil, address: $0) }
        let r = try TeamAnalyzer(specs: try Self.write(dir), options: options).run()
        XCTAssertEqual(r.members.map(\.sent.packets), [6, 6])
        XCTAssertEqual(r.members.map(\.received.packets), [6, 6])
        let lacp = try XCTUnwrap(r.lacp)
        XCTAssertEqual(lacp.map(\.member), ["eth0", "eth1"])
        for (m, l) in lacp.enumerated() {
            XCTAssertEqual(l.actorSystem, Self.bond.description, l.member)
            XCTAssertEqual(l.actorPort, m + 1)
            XCTAssertEqual(l.partnerSystem, Self.peerSystem.description, l.member)
            XCTAssertEqual(l.partnerKey, 13)
            XCTAssertTrue(l.distributing)
            XCTAssertEqual(l.distributingFromNs, 3_000_000_000)
            XCTAssertEqual(l.stateChanges.filter { $0.side == .local }.map(\.state), [0x05, 0x3D], "the host's states alone")
            XCTAssertEqual(l.stateChanges.filter { $0.side == .peer }.map(\.state), [0x3F])
        }
        // The bond's MAC alone decides as well (the actor system id, when the source is not the host's).
        options.localMACs = [LocalAddress(host: nil, address: Self.bond)]
        let byBond = try TeamAnalyzer(specs: try Self.write(dir), options: options).run()
        XCTAssertEqual(byBond.members.map(\.sent.packets), [6, 6])
        XCTAssertEqual(byBond.lacp?.map(\.actorSystem), [Self.bond.description, Self.bond.description])
    }

    /// Other slow protocols share EtherType 0x8809 (IEEE 802.3 Annex 57A): an Ethernet OAM
    /// Information OAMPDU (subtype 3, 802.3 clause 57.4), 60 bytes:
    /// ```
    /// 0000  01 80 c2 00 00 02 52 54 00 00 0a 10 88 09 03 00   subtype 3, flags 0x0050
    /// 0010  50 00 01 10 00 00 00 00 00 00 00 00 00 00 00 00   code 0 (Information), local TLV …
    /// ```
    static let oam: [UInt8] = [
        0x01, 0x80, 0xC2, 0x00, 0x00, 0x02, 0x52, 0x54, 0x00, 0x00, 0x0A, 0x10, 0x88, 0x09, 0x03, 0x00,
        0x50, 0x00, 0x01, 0x10,
    ] + [UInt8](repeating: 0, count: 40)
    /// An ITU-T G.8264 ESMC PDU, an Organization Specific Slow Protocol PDU (subtype 10, 802.3
    /// Annex 57B), 60 bytes:
    /// ```
    /// 0000  01 80 c2 00 00 02 52 54 00 00 0a 10 88 09 0a 00   subtype 10, ITU-T OUI 00 19 a7
    /// 0010  19 a7 00 01 10 00 00 00 01 00 04 02 00 00 00 00   ITU subtype 1, version 1, QL TLV
    /// ```
    static let ossp: [UInt8] = [
        0x01, 0x80, 0xC2, 0x00, 0x00, 0x02, 0x52, 0x54, 0x00, 0x00, 0x0A, 0x10, 0x88, 0x09, 0x0A, 0x00,
        0x19, 0xA7, 0x00, 0x01, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x04, 0x02,
    ] + [UInt8](repeating: 0, count: 32)
    /// A Marker PDU (subtype 2, IEEE 802.1AX-2020 6.5.3.3), 124 bytes:
    /// ```
    /// 0000  01 80 c2 00 00 02 52 54 00 00 0a 10 88 09 02 01   subtype 2, version 1
    /// 0010  01 10 00 01 02 00 00 00 0a 01 00 00 00 07 00 00   Marker Information TLV: port 1, system, transaction 7
    /// ```
    static let marker: [UInt8] = [
        0x01, 0x80, 0xC2, 0x00, 0x00, 0x02, 0x52, 0x54, 0x00, 0x00, 0x0A, 0x10, 0x88, 0x09, 0x02, 0x01,
        0x01, 0x10, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x0A, 0x01, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00,
    ] + [UInt8](repeating: 0, count: 124 - 32)

    /// Only subtype 1 is an LACPDU: OAM and OSSP frames are neither LACPDUs nor markers (they must
    /// not make a member look like an LACP port), and a Marker PDU counts as a marker.
    func testOnlySubtypeOneIsAnLACPDU() throws {
        let dir = try TestEnvironment.temporaryFolder("lacp-subtypes")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/eth0.pcap"
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth0", snapLength: 256)])
        let pdu = Self.lacpdu(source: Self.hostPorts[0], actor: Self.bond, actorKey: 9, port: 1, state: 0x3D, partner: Self.peerSystem, partnerKey: 13)
        let frames = [Self.oam, Self.ossp, Self.oam, Self.marker, pdu, Self.ossp, Self.oam, pdu]
        for (i, f) in frames.enumerated() { w.write(timestamp: 1_000_000_000 + Int64(i) * 1_000_000, bytes: f, wireLength: f.count) }
        w.close()
        var options = AnalysisOptions()
        options.localMACs = [LocalAddress(host: nil, address: Self.hostPorts[0])]
        let r = try TeamAnalyzer(specs: [CaptureSpec(path: path)], options: options).run()
        XCTAssertEqual(r.members.first?.packets, 8)
        XCTAssertEqual(r.members.first?.health.lacpdus, 2, "OAM and OSSP frames are not LACPDUs")
        XCTAssertEqual(r.members.first?.health.lacpPorts.map(\.lacpdus), [2])
        let lacp = try XCTUnwrap(r.lacp?.first)
        XCTAssertEqual(lacp.pdus, 2)
        XCTAssertEqual(lacp.markers, 1)
        // Without any LACPDU, OAM alone gives no `lacp[]` at all.
        let oamOnly = dir + "/eth1.pcap"
        let w1 = try CaptureWriter(path: oamOnly, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth1", snapLength: 256)])
        for i in 0..<5 { w1.write(timestamp: 1_000_000_000 + Int64(i) * 1_000_000_000, bytes: Self.oam, wireLength: Self.oam.count) }
        w1.close()
        let none = try TeamAnalyzer(specs: [CaptureSpec(path: oamOnly)], options: options).run()
        XCTAssertEqual(none.members.first?.health.lacpdus, 0)
        XCTAssertNil(none.lacp)
    }

    /// With nothing to say which MAC is the host's (both systems send on both members), every
    /// LACPDU is still decoded: `lacp[]` shows each member's two ports and the partner each named.
    func testUnknownDirectionStillShowsEachPort() throws {
        let dir = try TestEnvironment.temporaryFolder("lacp-undirected")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try TeamAnalyzer(specs: try Self.write(dir), options: AnalysisOptions()).run()
        XCTAssertEqual(r.members.map(\.unknownDirection.packets), [12, 12])
        let lacp = try XCTUnwrap(r.lacp, "lacp[] is there though the direction is unknown")
        XCTAssertEqual(lacp.map(\.member), ["eth0", "eth1"])
        for (m, l) in lacp.enumerated() {
            XCTAssertEqual(l.pdus, 12)
            XCTAssertNil(l.actorSystem, "which port is the host's is not known")
            let ports = try XCTUnwrap(l.ports)
            XCTAssertEqual(ports.map(\.system), [Self.bond.description, Self.peerSystem.description])
            XCTAssertEqual(ports.map(\.port), [m + 1, m + 1])
            XCTAssertEqual(ports.map(\.partnerSystem), [Self.peerSystem.description, Self.bond.description])
            XCTAssertEqual(ports.map(\.key), [9, 13])
            XCTAssertEqual(ports.map(\.pdus), [6, 6])
            XCTAssertEqual(ports.map(\.state), [0x3D, 0x3F], "the last state of each")
        }
        // A known direction leaves `ports` out: actor and partner say it all.
        var options = AnalysisOptions()
        options.localMACs = [LocalAddress(host: nil, address: Self.bond)]
        XCTAssertEqual(try TeamAnalyzer(specs: try Self.write(dir), options: options).run().lacp?.map(\.ports), [nil, nil])
    }
}
