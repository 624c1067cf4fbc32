import CaptureIO
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// What `make live-test` brought back from ../shared/bondvm (`TEAMSCOPE_BONDVM_OUT`): a real
/// 802.3ad layer3+4 bond of two members, `teamscope capture --bond bond0` beside it, standard
/// traffic and a failover. Checked against the kernel's own counters and the times it logged.
final class BondVMTests: XCTestCase {
    func runFolder(_ traffic: String) throws -> String {
        guard let out = ProcessInfo.processInfo.environment["TEAMSCOPE_BONDVM_OUT"] else {
            throw XCTSkip("the bond VM runs only under make live-test (about 2 minutes in a qemu VM): skipped")
        }
        return out + "/" + traffic
    }

    /// `IFACE key=value …` lines of state/A_counters_*.txt.
    func counters(_ path: String) throws -> [String: [String: Int]] {
        var out: [String: [String: Int]] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard let name = parts.first else { continue }
            var values: [String: Int] = [:]
            for p in parts.dropFirst() {
                let kv = p.split(separator: "=")
                if kv.count == 2, let v = Int(kv[1]) { values[String(kv[0])] = v }
            }
            out[String(name)] = values
        }
        return out
    }

    func check(_ traffic: String) throws -> (ReportDocument, String) {
        let dir = try runFolder(traffic)
        let status = try String(contentsOfFile: dir + "/payload/exit_status.txt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = (try? String(contentsOfFile: dir + "/payload/stderr.txt", encoding: .utf8)) ?? ""
        XCTAssertEqual(status, "0", "exit 0 after SIGINT: \(stderr)")
        let live = try JSONReport.parse(try String(contentsOfFile: dir + "/payload/live.json", encoding: .utf8))
        let bond = try XCTUnwrap(live.hosts.first?.bond)
        XCTAssertEqual(bond.members, ["vethA0", "vethA1"], "members from sysfs")
        XCTAssertEqual(bond.mode, "802.3ad")
        XCTAssertEqual(bond.xmitHashPolicy, "layer3+4")
        XCTAssertEqual(bond.model, "linux/layer3+4")
        XCTAssertEqual(bond.aggregatorMembers, ["vethA0", "vethA1"], "both members in the active aggregator")
        // The kernel's per-member counters over the run.
        let before = try counters(dir + "/state/A_counters_before.txt"), after = try counters(dir + "/state/A_counters_after.txt")
        for m in live.members {
            for (key, figure) in [("tx_packets", m.sent.packets), ("rx_packets", m.received.packets)] {
                let kernel = (after[m.name]?[key] ?? 0) - (before[m.name]?[key] ?? 0)
                let tolerance = max(20, Int(Double(kernel) * 0.005))
                XCTAssertLessThanOrEqual(abs(figure - kernel), tolerance, "\(traffic) \(m.name) \(key): teamscope \(figure), kernel \(kernel)")
            }
        }
        // The traffic verdict: every flow fits the configured policy, a flow that began while a
        // member was down too (scored against the members usable then: link events and LACP).
        let best = live.inference.filter { $0.rank == 1 }.map(\.model)
        XCTAssertTrue(best.contains("linux/layer3+4"), "\(traffic): best \(best)")
        XCTAssertEqual(bond.flowsConsistent, bond.flowsTotal, "\(traffic): every flow the host sent fits the configured policy")
        let verdict = try XCTUnwrap(live.hosts.first?.verdict)
        XCTAssertEqual(verdict.family, "linux/802.3ad", verdict.summary)
        XCTAssertEqual(verdict.switch, "lacp", verdict.summary)
        XCTAssertEqual(verdict.model, "linux/layer3+4", verdict.summary)
        // The file: one interface per member with the live counts; analyze gives the same figures.
        let file = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "A/*=" + dir + "/payload/cap.pcapng"]).stdout)
        XCTAssertEqual(file.inputs.first?.interfaces.map { $0.name ?? "" }, live.members.map(\.name))
        XCTAssertEqual(file.inputs.first?.interfaces.map(\.packets), live.members.map(\.packets))
        XCTAssertEqual(file.members.map(\.sent.packets), live.members.map(\.sent.packets))
        XCTAssertEqual(file.members.map(\.received.packets), live.members.map(\.received.packets))
        XCTAssertEqual(file.members.map(\.sent.bytes), live.members.map(\.sent.bytes))
        return (live, dir)
    }

    func testStandardTraffic() throws {
        let (live, _) = try check("standard")
        XCTAssertEqual(live.linkEvents ?? [], [], "no member went down")
    }

    func testFailover() throws {
        let (live, dir) = try check("failover")
        var env: [String: String] = [:]
        for line in try String(contentsOfFile: dir + "/state/failover.env", encoding: .utf8).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { env[String(kv[0])] = String(kv[1]) }
        }
        func ns(_ key: String) throws -> Int64 { Int64((try XCTUnwrap(Double(try XCTUnwrap(env[key]))) * 1e9).rounded()) }
        let member = try XCTUnwrap(env["member_down"])
        let events = (live.linkEvents ?? []).filter { $0.member == member }
        XCTAssertEqual(events.map(\.event), [.down, .up], "\(live.linkEvents ?? [])")
        guard events.count == 2 else { return }
        // The kernel changed the link between the request and the command's return (which took
        // 1.7 s in a loaded emulated VM): each event within 1 s of that.
        for (e, step) in zip(events, ["down", "up"]) {
            let from = try ns("t_\(step)_request") - 1_000_000_000, to = try ns("t_\(step)_returned") + 1_000_000_000
            XCTAssertTrue((from...to).contains(e.timeNs), "\(step) at \(e.timeNs): within 1 s of \(from + 1_000_000_000)...\(to - 1_000_000_000)")
        }
        // The written file never goes back in time, through the down and the up.
        let written = try CaptureFile.open(dir + "/payload/cap.pcapng")
        var previous = Int64.min, back = 0
        while let rec = try written.next() {
            if rec.timestamp < previous { back += 1 }
            previous = rec.timestamp
        }
        XCTAssertEqual(back, 0, "records going back in time in cap.pcapng")
        // The 6600 stream as analyze reads tcpdump's captures of the members in the same run.
        if FileManager.default.fileExists(atPath: dir + "/pcap/A_vethA0.pcap") {
            let oracle = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json",
                "A/vethA0=" + dir + "/pcap/A_vethA0.pcap", "A/vethA1=" + dir + "/pcap/A_vethA1.pcap"]).stdout)
            let want = try XCTUnwrap(oracle.flows.first { $0.dstPort == 6600 }), got = try XCTUnwrap(live.flows.first { $0.dstPort == 6600 })
            XCTAssertEqual(got.packets, want.packets)
            XCTAssertEqual(got.bytes, want.bytes)
            XCTAssertEqual(got.moves.map { [$0.from, $0.to] }, want.moves.map { [$0.from, $0.to] })
            XCTAssertEqual(got.directions.map(\.retransmissions), want.directions.map(\.retransmissions))
            XCTAssertEqual([got.retransmissions, got.spuriousRetransmissions, got.outOfOrder], [want.retransmissions, want.spuriousRetransmissions, want.outOfOrder])
            XCTAssertTrue(got.moves.allSatisfy { $0.idleBeforeNs >= 0 }, "\(got.moves)")
        }
        // The 6600 stream left the failed member when it went down.
        let stream = try XCTUnwrap(live.migrationStreams.first { $0.dstPort == 6600 })
        let away = stream.moves.first { $0.from == member }
        XCTAssertNotNil(away, "the 6600 stream's moves show the failover: \(stream.moves)")
        if let away { XCTAssertLessThan(abs(away.time - (try ns("t_down_request"))), 1_000_000_000) }
    }

    /// A balance-tlb bond behind a bridge: its second member sends with its own MAC, everything
    /// arrives on the active member, and the verdict from the live capture alone says so.
    func testBalanceTLBBehindABridge() throws {
        let dir = try runFolder("tlb")
        let status = try String(contentsOfFile: dir + "/payload/exit_status.txt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(status, "0")
        let live = try JSONReport.parse(try String(contentsOfFile: dir + "/payload/live.json", encoding: .utf8))
        let host = try XCTUnwrap(live.hosts.first)
        XCTAssertEqual(host.bond?.mode, "balance-tlb")
        let v = try XCTUnwrap(host.verdict)
        XCTAssertEqual(v.family, "linux/balance-tlb", "\(v.summary)\n\(v.evidence)")
        XCTAssertEqual(v.switch, "independent", v.summary)
        XCTAssertEqual(v.model, "linux/balance-tlb", v.summary)
        XCTAssertTrue(v.evidence.contains { $0.contains("its MAC's EUI-64") }, "\(v.evidence)")
        XCTAssertFalse(v.ruledOut.contains { $0.model == "linux/balance-tlb" })
    }
}
