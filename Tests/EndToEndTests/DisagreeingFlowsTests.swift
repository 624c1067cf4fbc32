import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `inference[].disagreeing_flows`: the flows that left on another member than the best exact
/// hash predicts — on the real kernel's 802.3ad bond with its LACPDUs filtered out, the one frame
/// sent before LACP let the ports distribute — and `verify` naming them under a mode claim. With
/// the LACPDUs, the team's state explains that frame too (`TeamState`).
final class DisagreeingFlowsTests: XCTestCase {
    func testTheFrameSentBeforeTheTeamWasUpFitsTheTeamState() throws {
        let truth = try KernelBondingTruth.load("lacp_l34")
        let args = truth.memberArguments(folder: try KernelBondingTruth.folder("lacp_l34"))
        let r = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args).stdout)
        for host in ["A", "B"] {
            let best = try XCTUnwrap(r.inference.first { $0.host == host && $0.rank == 1 })
            XCTAssertEqual(best.model, "linux/layer3+4", host)
            XCTAssertEqual(best.memberOrder, truth.membersEnslaveOrder[host], host)
            XCTAssertEqual(best.flowsConsistent, best.flowsTotal, host)
            XCTAssertEqual(best.disagreeingFlows, [], host)
        }
    }

    func testTheFlowSentBeforeTheTeamWasUp() throws {
        let truth = try KernelBondingTruth.load("lacp_l34")
        let args = truth.memberArguments(folder: try KernelBondingTruth.folder("lacp_l34"))
        // With LACP's state known, the frame is explained; without the LACPDUs, it is not.
        let withLACP = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args).stdout)
        let r = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary,
                                                             ["analyze", "--format", "json", "--filter", "not ether proto 0x8809"] + args).stdout)
        XCTAssertNil(r.lacp)
        let best = try XCTUnwrap(r.inference.first { $0.host == "A" && $0.rank == 1 })
        XCTAssertEqual(best.model, "linux/layer3+4")
        XCTAssertEqual(best.flowsTotal - best.flowsConsistent, 1)
        let d = try XCTUnwrap(best.disagreeingFlows)
        XCTAssertEqual(d.count, 1)
        XCTAssertEqual(d.first?.protocol, .icmpv6)
        XCTAssertEqual(d.first?.dst, "ff02::16", "an MLD report")
        XCTAssertEqual(d.first?.seen, "vethA0")
        XCTAssertEqual(d.first?.predicted, "vethA1")
        // It left before either port said collecting and distributing (lacp[]).
        let distributing = try XCTUnwrap(withLACP.lacp?.filter { $0.host == "A" }.compactMap(\.distributingFromNs).min())
        XCTAssertLessThan(try XCTUnwrap(d.first?.firstNs), distributing)
        XCTAssertNil(r.inference.first { $0.host == "A" && $0.rank == 2 }?.disagreeingFlows, "only the best model's")

        let dir = try TestEnvironment.temporaryFolder("disagree")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "claims:\n  - name: layer3+4\n    host: A\n    mode: linux/layer3+4\n".write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        let v = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--filter", "not ether proto 0x8809", "--claims", dir + "/c.yaml"] + args)
        XCTAssertEqual(v.status, 0, v.stdout + v.stderr)
        XCTAssertTrue(v.stdout.contains("1 flow disagrees: icmpv6 \(d.first!.src)→ff02::16 left on vethA0, the hash picks vethA1 ("), v.stdout)
    }

    func testNoneWhenEveryFlowFits() throws {
        let files = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/" + $0 + ".pcap" }
        let r = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + files).stdout)
        let best = try XCTUnwrap(r.inference.first { $0.host == "A" && $0.rank == 1 })
        XCTAssertEqual(best.flowsConsistent, best.flowsTotal)
        XCTAssertEqual(best.disagreeingFlows, [])
    }
}
