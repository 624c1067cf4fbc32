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

    /// What a run's bond is: its mode and policy as sysfs names them, the model the report gives
    /// it, the verdict's family and switch part.
    struct Bond {
        var mode: String
        var hashPolicy: String
        var model: String
        var switchPart: String
        /// Whether the policy hashes each flow to a member (every flow the host sent must fit).
        var hashes: Bool { mode == "802.3ad" || mode == "balance-xor" }
        static let lacpL34 = Bond(mode: "802.3ad", hashPolicy: "layer3+4", model: "linux/layer3+4", switchPart: "lacp")
        static let xorL34 = Bond(mode: "balance-xor", hashPolicy: "layer3+4", model: "linux/layer3+4", switchPart: "static")
        static let activeBackup = Bond(mode: "active-backup", hashPolicy: "layer2", model: "linux/active-backup", switchPart: "independent")
    }

    func check(_ traffic: String, _ want: Bond = .lacpL34) throws -> (ReportDocument, String) {
        let dir = try runFolder(traffic)
        let status = try String(contentsOfFile: dir + "/payload/exit_status.txt", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let stderr = (try? String(contentsOfFile: dir + "/payload/stderr.txt", encoding: .utf8)) ?? ""
        XCTAssertEqual(status, "0", "exit 0 after SIGINT: \(stderr)")
        let live = try JSONReport.parse(try String(contentsOfFile: dir + "/payload/live.json", encoding: .utf8))
        let bond = try XCTUnwrap(live.hosts.first?.bond)
        XCTAssertEqual(bond.members, ["vethA0", "vethA1"], "members from sysfs")
        XCTAssertEqual(bond.mode, want.mode)
        if want.hashes {
            XCTAssertEqual(bond.xmitHashPolicy, want.hashPolicy)
        }
        XCTAssertEqual(bond.model, want.model)
        if want.mode == "802.3ad" {
            XCTAssertEqual(bond.aggregatorMembers, ["vethA0", "vethA1"], "both members in the active aggregator")
        }
        // The kernel's per-member counters over the run.
        let before = try counters(dir + "/state/A_counters_before.txt"), after = try counters(dir + "/state/A_counters_after.txt")
        // A member taken down loses its capture sockets until it is up and reopened: what the
        // kernel counts on it in between no capture sees (tcpdump's own capture of it stops at the
        // down too), so its received figure may fall short by that, never exceed the kernel's.
        let downed = (try? String(contentsOfFile: dir + "/state/failover.env", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("member_down=") }.map { String($0.dropFirst("member_down=".count)) }
        for m in live.members {
            for (key, figure) in [("tx_packets", m.sent.packets), ("rx_packets", m.received.packets)] {
                let kernel = (after[m.name]?[key] ?? 0) - (before[m.name]?[key] ?? 0)
                let tolerance = max(20, Int(Double(kernel) * 0.005))
                let said = "\(traffic) \(m.name) \(key): teamscope \(figure), kernel \(kernel)"
                if m.name == downed && key == "rx_packets" {
                    XCTAssertLessThanOrEqual(figure, kernel + tolerance, said)
                    XCTAssertGreaterThanOrEqual(figure, kernel - max(tolerance, kernel / 20), said)
                } else {
                    XCTAssertLessThanOrEqual(abs(figure - kernel), tolerance, said)
                }
            }
        }
        // The traffic verdict: every flow fits the configured policy, a flow that began while a
        // member was down too (scored against the members usable then: link events and LACP).
        let best = live.inference.filter { $0.rank == 1 }.map(\.model)
        XCTAssertTrue(best.map(\.rawValue).contains(want.model), "\(traffic): best \(best)")
        if want.hashes {
            XCTAssertEqual(bond.flowsConsistent, bond.flowsTotal, "\(traffic): every flow the host sent fits the configured policy")
        }
        let verdict = try XCTUnwrap(live.hosts.first?.verdict)
        XCTAssertEqual(verdict.family, "linux/\(want.mode)", verdict.summary)
        XCTAssertEqual(verdict.switch, want.switchPart, verdict.summary)
        XCTAssertTrue(verdict.model == want.model || verdict.cannotTellApart.contains(want.model), "\(verdict.summary): model \(verdict.model ?? "-"), tied \(verdict.cannotTellApart)")
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

    func testFailover() throws { try failover("failover", .lacpL34) }
    func testActiveBackupFailover() throws { try failover("ab-failover", .activeBackup) }
    func testBalanceXORFailover() throws { try failover("xor-failover", .xorL34) }

    /// A member going down and coming back 3.6 s later (bondvm's `--traffic failover`): both link
    /// events within 1 s of the kernel's change, the written file in time order, and every TCP flow
    /// of the live report equal to `teamscope analyze` of tcpdump's captures of the members in the
    /// same run (the oracle): packets, bytes, moves, retransmissions.
    func failover(_ traffic: String, _ want: Bond) throws {
        let (live, dir) = try check(traffic, want)
        var env: [String: String] = [:]
        for line in try String(contentsOfFile: dir + "/state/failover.env", encoding: .utf8).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { env[String(kv[0])] = String(kv[1]) }
        }
        func ns(_ key: String) throws -> Int64 { Int64((try XCTUnwrap(Double(try XCTUnwrap(env[key]))) * 1e9).rounded()) }
        /// The span in which the kernel changed the link: between the request and the command's
        /// return (`ip link set` took up to 1.7 s in a loaded emulated VM).
        func window(_ step: String) throws -> ClosedRange<Int64> { try ns("t_\(step)_request")...ns("t_\(step)_returned") }
        func within1s(_ t: Int64, _ w: ClosedRange<Int64>) -> Bool { (w.lowerBound - 1_000_000_000...w.upperBound + 1_000_000_000).contains(t) }
        let member = try XCTUnwrap(env["member_down"])
        let events = (live.linkEvents ?? []).filter { $0.member == member }
        XCTAssertEqual(events.map(\.event), [.down, .up], "\(traffic): \(live.linkEvents ?? [])")
        if events.count == 2 {
            for (e, step) in zip(events, ["down", "up"]) {
                let w = try window(step)
                XCTAssertTrue(within1s(e.timeNs, w), "\(traffic) \(step) at \(e.timeNs): within 1 s of \(w)")
            }
        }
        // The written file never goes back in time, through the down and the up.
        let written = try CaptureFile.open(dir + "/payload/cap.pcapng")
        var previous = Int64.min, back = 0
        while let rec = try written.next() {
            if rec.timestamp < previous { back += 1 }
            previous = rec.timestamp
        }
        XCTAssertEqual(back, 0, "\(traffic): records going back in time in cap.pcapng")
        // Every TCP flow as analyze reads tcpdump's captures of the members in the same run.
        let oracleFiles = ["vethA0", "vethA1"].map { dir + "/pcap/A_\($0).pcap" }
        if oracleFiles.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            let oracle = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json",
                "A/vethA0=" + oracleFiles[0], "A/vethA1=" + oracleFiles[1]]).stdout)
            func key(_ f: FlowDocument) -> String { "\(f.src):\(f.srcPort)>\(f.dst):\(f.dstPort)" }
            let liveFlows = Dictionary(live.flows.filter { $0.protocol == .tcp }.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let wanted = oracle.flows.filter { $0.protocol == .tcp }
            XCTAssertGreaterThan(wanted.count, 0, "\(traffic): the oracle holds TCP flows")
            for want in wanted {
                guard let got = liveFlows[key(want)] else { XCTFail("\(traffic) \(key(want)): in tcpdump's captures, not in the live report"); continue }
                let k = "\(traffic) \(key(want))"
                XCTAssertEqual(got.packets, want.packets, k)
                XCTAssertEqual(got.bytes, want.bytes, k)
                XCTAssertEqual(got.moves.map { [$0.from, $0.to] }, want.moves.map { [$0.from, $0.to] }, k)
                XCTAssertEqual(got.directions.map(\.retransmissions), want.directions.map(\.retransmissions), k)
                XCTAssertEqual([got.retransmissions, got.spuriousRetransmissions, got.outOfOrder], [want.retransmissions, want.spuriousRetransmissions, want.outOfOrder], k)
                XCTAssertTrue(got.moves.allSatisfy { $0.idleBeforeNs >= 0 }, "\(k): \(got.moves)")
            }
            XCTAssertEqual(liveFlows.count, wanted.count, "\(traffic): as many TCP flows live as in tcpdump's captures")
            // The 6600 stream's retransmissions within ±2 of TShark's on the same files.
            if let mergecap = TestEnvironment.which("mergecap"), let stream = wanted.first(where: { $0.dstPort == 6600 }) {
                let merged = dir + "/pcap/A_merged.pcapng"
                _ = try TestEnvironment.run(mergecap, ["-w", merged] + oracleFiles)
                let total = try TestEnvironment.tsharkFields(merged, ["frame.number"], filter: "tcp.port == 6600 && tcp.analysis.retransmission").count
                XCTAssertLessThanOrEqual(abs(stream.retransmissions - total), 2, "\(traffic): the 6600 stream's retransmissions \(stream.retransmissions), TShark \(total)")
                if let got = liveFlows[key(stream)] {
                    XCTAssertLessThanOrEqual(abs(got.retransmissions - total), 2, "\(traffic): live 6600 retransmissions \(got.retransmissions), TShark \(total)")
                }
            }
        }
        // The 6600 stream left the failed member when the kernel took it down.
        let stream = try XCTUnwrap(live.migrationStreams.first { $0.dstPort == 6600 })
        let away = stream.moves.first { $0.from == member }
        XCTAssertNotNil(away, "\(traffic): the 6600 stream's moves show the failover: \(stream.moves)")
        let down = try window("down")
        if let away { XCTAssertTrue(within1s(away.time, down), "\(traffic): the 6600 stream left \(member) at \(away.time), the down within \(down)") }
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
