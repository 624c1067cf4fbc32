import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `lacp[]`: each member's LACP port and its partner, from the LACPDUs — on the sample, and on
/// the real kernel's 802.3ad bond negotiating and failing over (../shared/corpus/kernel-bonding).
final class LACPTests: XCTestCase {
    func analyze(_ args: [String]) throws -> ReportDocument {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONReport.parse(r.stdout)
    }

    var sample: [String] { ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/" + $0 + ".pcap" } }

    func testTheSamplesPortsAndPartners() throws {
        let lacp = try XCTUnwrap(try analyze(sample).lacp)
        XCTAssertEqual(lacp.map { "\($0.host)/\($0.member)" }, ["A/eth0", "A/eth1", "B/eth0", "B/eth1"])
        let a1 = lacp[1]
        XCTAssertEqual(a1.actorSystem, "02:00:00:00:0a:01")
        XCTAssertEqual(a1.actorPort, 2)
        XCTAssertEqual(a1.partnerSystem, "02:00:00:00:0b:01")
        XCTAssertEqual(a1.partnerPort, 2)
        XCTAssertEqual(a1.rate, "slow")
        XCTAssertTrue(a1.distributing)
        XCTAssertEqual(a1.stateChanges.map(\.side), [.local, .peer], "each side's first state, then no change")
        XCTAssertEqual(a1.stateChanges.first?.state, 0x3D)
        // B sees the same pair from its side.
        XCTAssertEqual(lacp[3].actorSystem, "02:00:00:00:0b:01")
        XCTAssertEqual(lacp[3].partnerSystem, "02:00:00:00:0a:01")
    }

    func testTheKernelsNegotiationAndFailover() throws {
        let truth = try KernelBondingTruth.load("lacp_l34_failover")
        let folder = try KernelBondingTruth.folder("lacp_l34_failover")
        let r = try analyze(truth.memberArguments(folder: folder))
        let lacp = try XCTUnwrap(r.lacp)
        let bondA = try XCTUnwrap(truth.macAddresses["A"]?["bond0"]?.address)
        let bondB = try XCTUnwrap(truth.macAddresses["B"]?["bond0"]?.address)
        for l in lacp {
            XCTAssertEqual(l.actorSystem, l.host == "A" ? bondA : bondB, "\(l.member): the actor is its bond")
            XCTAssertEqual(l.partnerSystem, l.host == "A" ? bondB : bondA, "\(l.member): the partner is the other bond")
            XCTAssertEqual(l.rate, "fast", "Linux's lacp_rate fast")
            XCTAssertTrue(l.distributing, "\(l.member): distributing at the end")
            XCTAssertNotNil(l.distributingFromNs)
        }
        // The negotiation: defaulted/expired at first, collecting and distributing at the end.
        let a0 = try XCTUnwrap(lacp.first { $0.member == "vethA0" })
        XCTAssertEqual(a0.stateChanges.first?.flags.contains("defaulted"), true)
        XCTAssertEqual(a0.stateChanges.last?.flags.contains("distributing"), true)
        // The failed member: after its link came back it rejoined, and says so in time order.
        let down = try XCTUnwrap(truth.failover?["member_down"])
        let up = Int64((try XCTUnwrap(Double(try XCTUnwrap(truth.failover?["t_up_request"])))) * 1e9)
        let back = try XCTUnwrap(lacp.first { $0.host == "A" && $0.member == down })
        let after = back.stateChanges.filter { $0.side == .local && $0.timeNs > up }
        XCTAssertEqual(after.first?.flags.contains("distributing"), false, "\(down) came back not distributing")
        XCTAssertEqual(after.last?.flags.contains("distributing"), true, "\(down) distributing again")
        XCTAssertEqual(back.stateChanges.map(\.timeNs), back.stateChanges.map(\.timeNs).sorted())
    }

    func testTheLACPDistributingClaim() throws {
        let dir = try TestEnvironment.temporaryFolder("lacp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let claims = dir + "/claims.yaml"
        try """
        claims:
          - name: both of A's members distribute
            host: A
            lacp_distributing: {members: {at_least: 2}}
          - name: three of B's
            host: B
            lacp_distributing: {members: {at_least: 3}}
        """.write(toFile: claims, atomically: true, encoding: .utf8)
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims] + sample)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("PASS  both of A's members distribute: A: 2 of 2 LACP members distributing (eth0, eth1), want ≥ 2"), r.stdout)
        XCTAssertTrue(r.stdout.contains("FAIL  three of B's: B: 2 of 2 LACP members distributing (eth0, eth1), want ≥ 3"), r.stdout)
        try "claims:\n  - lacp_distributing: {at_least: 2}\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims] + sample)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].lacp_distributing: expected {members: CONDITION}"), bad.stderr)
    }
}

/// `mac_rewrite`: the Windows sample's non-primary member sends with its own MAC, the LACP
/// sample's members with the bond's.
final class MACRewriteClaimTests: XCTestCase {
    func testTheClaimFollowsTheMembersSourceMACs() throws {
        let dir = try TestEnvironment.temporaryFolder("rewrite")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let claims = dir + "/claims.yaml"
        try "claims:\n  - name: rewrite\n    mac_rewrite: true\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let windows = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", claims,
                                                                                 "hv01/*=" + TestEnvironment.repositoryRoot + "/Captures/windows-pktmon/hv01.pcapng"])
        XCTAssertEqual(windows.status, 0, windows.stdout + windows.stderr)
        XCTAssertTrue(windows.stdout.contains("PASS  rewrite: hv01: members send with different source MACs (NIC1: 02:00:00:00:0c:01; NIC2: 02:00:00:00:0c:02), want a rewrite"), windows.stdout)
        let lacp = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/" + $0 + ".pcap" }
        let none = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", claims] + lacp)
        XCTAssertEqual(none.status, 1, none.stdout)
        XCTAssertTrue(none.stdout.contains("FAIL  rewrite: A: every member sends with the MACs its teammates use; B: every member sends with the MACs its teammates use, want a rewrite"), none.stdout)
        try "claims:\n  - mac_rewrite: yes please\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims] + lacp)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].mac_rewrite: expected true or false"), bad.stderr)
    }
}

/// `switch:`: the verdict's switch part per host — LACP on the LACP sample, switch-independent on
/// the Windows sample — and a clear error for a part that is not one.
final class SwitchClaimTests: XCTestCase {
    func testTheClaimFollowsTheVerdict() throws {
        let dir = try TestEnvironment.temporaryFolder("switch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let claims = dir + "/claims.yaml"
        try "claims:\n  - name: LACP on A\n    host: A\n    switch: lacp\n  - name: static on B\n    host: B\n    switch: static\n"
            .write(toFile: claims, atomically: true, encoding: .utf8)
        let lacp = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/" + $0 + ".pcap" }
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", claims] + lacp)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("PASS  LACP on A: A: switch lacp (linux/802.3ad, confidence "), r.stdout)
        XCTAssertTrue(r.stdout.contains("LACPDUs: the host sends them on eth0, eth1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("FAIL  static on B: B: switch lacp (linux/802.3ad"), r.stdout)
        XCTAssertTrue(r.stdout.contains("want static"), r.stdout)

        try "claims:\n  - name: independent\n    switch: independent\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let windows = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", claims,
                                                                                 "hv01/*=" + TestEnvironment.repositoryRoot + "/Captures/windows-pktmon/hv01.pcapng"])
        XCTAssertEqual(windows.status, 0, windows.stdout + windows.stderr)
        XCTAssertTrue(windows.stdout.contains("PASS  independent: hv01: switch independent (windows/lbfo"), windows.stdout)

        try "claims:\n  - switch: unknown\n".write(toFile: claims, atomically: true, encoding: .utf8)
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims] + lacp)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].switch: expected one of lacp, static, independent"), bad.stderr)
    }
}
