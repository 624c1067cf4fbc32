import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Captures that are not a team (issue 21, item 4): one member alone gets no spreading judged,
/// and interfaces that share no MAC, no address and no flow are said not to behave as one team.
final class NotATeamTests: XCTestCase {
    private let host: [MACAddress] = [MACAddress(rawValue: 0x02_00_00_00_31_01), MACAddress(rawValue: 0x02_00_00_00_31_02)]
    private let gateway: [MACAddress] = [MACAddress(rawValue: 0x02_00_00_00_32_01), MACAddress(rawValue: 0x02_00_00_00_32_02)]

    /// Link `link` of a host with two unbonded NICs: its own MAC and subnet (10.0.1.0/24,
    /// 10.0.2.0/24), six TCP flows of 10 segments each way to a peer there.
    private func writeLink(_ link: Int, to path: String, mac: MACAddress? = nil, ip: String? = nil) throws {
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth\(link)", snapLength: 128)])
        let me = IPAddress(ip ?? "10.0.\(link + 1).5")!, peer = IPAddress("10.0.\(link + 1).1")!
        let mine = mac ?? host[link]
        var t: Int64 = 1_700_000_000_000_000_000 + Int64(link) * 1_000_000
        for flow in 0..<6 {
            for k in 0..<10 {
                let out = FrameBuilder.tcp(srcMAC: mine, dstMAC: gateway[link], src: me, dst: peer, sport: UInt16(40_000 + flow), dport: 443,
                                           seq: UInt32(1000 + 1448 * k), ack: 1, flags: .ack, payload: 1448, ipID: UInt16(k))
                let back = FrameBuilder.tcp(srcMAC: gateway[link], dstMAC: mine, src: peer, dst: me, sport: 443, dport: UInt16(40_000 + flow),
                                            seq: 1, ack: UInt32(1000 + 1448 * (k + 1)), flags: .ack, payload: 0, ipID: UInt16(k))
                w.write(timestamp: t, bytes: out.bytes, wireLength: out.wireLength)
                w.write(timestamp: t + 100_000, bytes: back.bytes, wireLength: back.wireLength)
                t += 1_000_000
            }
        }
        w.close()
    }

    private func analyze(_ args: [String]) throws -> HostDocument {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(JSONReport.parse(r.stdout).hosts.first { $0.name == "h" })
    }

    func testUnbondedLinksAreNotOneTeam() throws {
        let dir = try TestEnvironment.temporaryFolder("not-a-team")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeLink(0, to: dir + "/eth0.pcap")
        try writeLink(1, to: dir + "/eth1.pcap")
        // With the host's MACs and without: the interfaces share nothing either way.
        for extra in [["--local-mac", "h=\(host[0])", "--local-mac", "h=\(host[1])"], []] {
            let h = try analyze(extra + ["h/eth0=\(dir)/eth0.pcap", "h/eth1=\(dir)/eth1.pcap"])
            let v = try XCTUnwrap(h.verdict, "\(extra)")
            XCTAssertEqual(v.family, "none", v.summary)
            XCTAssertNil(v.model)
            XCTAssertEqual(v.confidence, .high)
            XCTAssertTrue(v.summary.contains("do not behave as one team"), v.summary)
            XCTAssertTrue(v.evidence.contains { $0.contains("eth0 carries 6 flows between 10.0.1.1, 10.0.1.5") && $0.contains("eth1 carries 6 flows") }, "\(v.evidence)")
            XCTAssertTrue(h.modelVerdict?.contains("do not behave as one team") == true, h.modelVerdict ?? "nil")
        }
    }

    /// The summary's first line says it too, never "no team mode fits" (which reads as a team
    /// whose every mode the evidence contradicts).
    func testTheSummarySaysNotATeamAndOneMember() throws {
        let dir = try TestEnvironment.temporaryFolder("not-a-team-summary")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeLink(0, to: dir + "/eth0.pcap")
        try writeLink(1, to: dir + "/eth1.pcap")
        let two = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--summary", "h/eth0=\(dir)/eth0.pcap", "h/eth1=\(dir)/eth1.pcap"])
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertTrue(two.stdout.contains("h: these interfaces do not behave as one team"), two.stdout)
        let one = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--summary", "--wide", "h/eth0=\(dir)/eth0.pcap"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("h: only one member captured (eth0)"), one.stdout)
        XCTAssertFalse(one.stdout.contains("no team mode fits"), one.stdout)
    }

    /// The same two links with one MAC (a bond's) or one address on both are judged as a team.
    func testLinksSharingAMACOrAnAddressAreJudged() throws {
        let dir = try TestEnvironment.temporaryFolder("shared-link")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeLink(0, to: dir + "/eth0.pcap")
        try writeLink(1, to: dir + "/eth1.pcap", mac: host[0])
        try writeLink(0, to: dir + "/eth0b.pcap")
        try writeLink(1, to: dir + "/eth1b.pcap", ip: "10.0.1.5")
        for files in [["eth0", "eth1"], ["eth0b", "eth1b"]] {
            let h = try analyze(["--local-mac", "h=\(host[0])", "--local-mac", "h=\(host[1])",
                                 "h/eth0=\(dir)/\(files[0]).pcap", "h/eth1=\(dir)/\(files[1]).pcap"])
            let v = try XCTUnwrap(h.verdict, "\(files)")
            XCTAssertNotEqual(v.family, "none", "\(files): \(v.summary)")
        }
    }

    func testOneMemberAloneJudgesNoSpreading() throws {
        let dir = try TestEnvironment.temporaryFolder("one-member")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try writeLink(0, to: dir + "/eth0.pcap")
        let h = try analyze(["--local-mac", "h=\(host[0])", "h/eth0=\(dir)/eth0.pcap"])
        let v = try XCTUnwrap(h.verdict)
        XCTAssertNil(v.family, v.summary)
        XCTAssertNil(v.model)
        XCTAssertEqual(v.confidence, .low)
        XCTAssertTrue(v.summary.hasPrefix("only one member captured (eth0)"), v.summary)
        XCTAssertTrue(v.ruledOut.isEmpty)
        XCTAssertTrue(h.modelVerdict?.contains("only one member was captured") == true, h.modelVerdict ?? "nil")
        XCTAssertEqual(v.platform.os, "linux", "\(v.platform.evidence)")
    }
}
