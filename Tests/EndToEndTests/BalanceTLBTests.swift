import Foundation
import LabTraffic
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Two balance-tlb hosts back to back (`BalanceTLBScenario`, modelled on the kernel's own
/// balance-tlb bond in ../shared/bondvm): without --local-mac, each host's MACs — the bond's and
/// its second member's own — are found from the two hosts' timing even though the bulk traffic
/// queues on one of them; and the verdict is balance-tlb, switch-independent, not a hash that
/// happens to fit.
final class BalanceTLBTests: XCTestCase {
    func testDirectionAndVerdictOfABalanceTLBPair() throws {
        let dir = try TestEnvironment.temporaryFolder("tlb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = try BalanceTLBScenario().write(to: dir)
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        let a = try XCTUnwrap(report.hosts.first { $0.name == "A" }), b = try XCTUnwrap(report.hosts.first { $0.name == "B" })
        XCTAssertEqual(a.direction.localMacs, ["02:00:00:00:3a:01", "02:00:00:00:3a:02"], a.direction.explanation)
        XCTAssertEqual(b.direction.localMacs, ["02:00:00:00:3b:01", "02:00:00:00:3b:02"], b.direction.explanation)
        let aEth1 = try XCTUnwrap(report.members.first { $0.host == "A" && $0.name == "eth1" })
        XCTAssertGreaterThan(aEth1.sent.packets, 0, "A's eth1 sends with its own MAC: sent, not received")
        XCTAssertEqual(report.members.map(\.unknownDirection.packets).reduce(0, +), 0)
        for h in [a, b] {
            let v = try XCTUnwrap(h.verdict, h.name)
            XCTAssertEqual(v.family, "linux/balance-tlb", "\(h.name): \(v.summary)")
            XCTAssertEqual(v.switch, "independent", "\(h.name): \(v.summary)")
            XCTAssertEqual(v.model, "linux/balance-tlb", "\(h.name): \(v.summary)")
            XCTAssertEqual(report.inference.first { $0.host == h.name }?.model, "linux/balance-tlb")
            // Back to back, the receive side cannot tell tlb from alb: said, with what would. The
            // scenario sends no IPv6 (no EUI-64 link-local address), but every packet with
            // Linux's initial TTL 64: the Windows switch-independent modes are ruled out by it.
            XCTAssertTrue(v.evidence.contains { $0.contains("wired back to back") }, v.summary)
            XCTAssertEqual(v.cannotTellApart, ["linux/balance-alb"], v.summary)
            XCTAssertEqual(v.platform.os, "linux", "\(v.platform.evidence)")
            for windows in ["windows/transport-ports", "windows/dynamic"] {
                XCTAssertTrue(v.ruledOut.contains { $0.model == windows && $0.reason.contains("TTL / hop limit 64") }, "\(h.name) \(windows)")
            }
            XCTAssertTrue(v.wouldDecide.contains { $0.contains("ARP") }, v.summary)
            for hash in ["linux/vlan+srcmac", "linux/layer2", "linux/layer3+4"] {
                XCTAssertTrue(v.ruledOut.contains { $0.model == hash && $0.reason.contains("own source MAC") }, "\(h.name) \(hash)")
            }
        }
    }

    /// The same pair as balance-alb: each host answers ARP for its address with two MACs, which
    /// decides alb over tlb (and over every Windows mode).
    func testARPRepliesWithTwoMACsMakeItBalanceALB() throws {
        let dir = try TestEnvironment.temporaryFolder("alb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = try BalanceTLBScenario(alb: true).write(to: dir)
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        for h in report.hosts {
            let v = try XCTUnwrap(h.verdict, h.name)
            XCTAssertEqual(v.family, "linux/balance-alb", "\(h.name): \(v.summary)")
            XCTAssertEqual(v.model, "linux/balance-alb", "\(h.name): \(v.summary)")
            XCTAssertEqual(v.switch, "independent")
            XCTAssertTrue(v.evidence.contains { $0.hasPrefix("the host answers ARP for \(h.name == "A" ? "192.0.2.1" : "192.0.2.2") with ") }, "\(v.evidence)")
            XCTAssertTrue(v.ruledOut.contains { $0.model == "linux/balance-tlb" && $0.reason.contains("which balance-tlb does not do") }, v.summary)
            // The Windows modes: by the initial TTL 64 before the ARP replies.
            XCTAssertTrue(v.ruledOut.contains { $0.model == "windows/transport-ports" && $0.reason.contains("TTL / hop limit 64") }, v.summary)
            XCTAssertEqual(v.cannotTellApart, [], v.summary)
        }
    }
}
