import Foundation
import TestSupport
import XCTest

/// Flows against the outside world's answers: TShark's TCP analysis on the real captures, and
/// what the kernel did (truth.json) on the bonding captures.
final class FlowAnalysisTests: XCTestCase {
    private func analyze(_ args: [String]) throws -> [String: Any] {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--top-flows", "100000"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    /// On every capture in ../shared/corpus/real, the per-class counts summed over flows equal
    /// the number of frames TShark marks with the same tcp.analysis field.
    func testTCPAnalysisCountsEqualTShark() throws {
        let root = try TestEnvironment.corpus("real")
        _ = try TestEnvironment.tshark()
        let fields = ["retransmissions": "tcp.analysis.retransmission", "fast_retransmissions": "tcp.analysis.fast_retransmission",
                      "spurious_retransmissions": "tcp.analysis.spurious_retransmission", "out_of_order": "tcp.analysis.out_of_order",
                      "lost_segments": "tcp.analysis.lost_segment", "duplicate_acks": "tcp.analysis.duplicate_ack"]
        let files = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".gz") || $0.hasSuffix(".pcapng") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 18)
        var nonZero = 0
        for file in files {
            let report = try analyze(["\(root)/\(file)"])
            let flows = report["flows"] as! [[String: Any]]
            for (ours, theirs) in fields {
                let mine = flows.map { $0[ours] as! Int }.reduce(0, +)
                let tshark = try TestEnvironment.tsharkFields("\(root)/\(file)", ["frame.number"], filter: theirs).count
                XCTAssertEqual(mine, tshark, "\(file): \(ours) vs TShark's \(theirs)")
                if tshark > 0 { nonZero += 1 }
            }
        }
        XCTAssertGreaterThan(nonZero, 8, "the corpus exercises several classes")
    }

    struct TruthFlow { var proto: String; var src: String; var sport: Int; var dst: String; var dport: Int; var origin: String
        var members: [String]; var runs: [(member: String, first: Double)]?; var changes: Int; var rxOutOfOrder: Int? }

    private func truth(_ scenario: String) throws -> (args: [String], flows: [TruthFlow]) {
        let root = try TestEnvironment.corpus("kernel-bonding") + "/" + scenario
        let t = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/truth.json"))) as! [String: Any]
        let order = t["members_enslave_order"] as! [String: [String]]
        let args = ["A", "B"].flatMap { side in order[side]!.map { "\(side)/\($0)=\(root)/pcap/\(side)_\($0).pcap" } }
        let flows: [TruthFlow] = (t["flows"] as! [[String: Any]]).compactMap { f in
            guard let proto = f["proto"] as? String, proto == "tcp" || proto == "udp", let sport = f["sport"] as? Int, let dport = f["dport"] as? Int else { return nil }
            let runs = (f["runs"] as? [[String: Any]])?.map { ($0["member"] as! String, $0["first"] as! Double) }
            return TruthFlow(proto: proto, src: f["src"] as! String, sport: sport, dst: f["dst"] as! String, dport: dport,
                             origin: f["origin"] as! String, members: f["observed_members"] as! [String], runs: runs,
                             changes: f["member_changes"] as? Int ?? 0, rxOutOfOrder: f["rx_segments_out_of_order"] as? Int)
        }
        return (args, flows)
    }

    /// The direction of our flow matching a truth flow, at `host`.
    private func direction(_ report: [String: Any], _ tf: TruthFlow, host: String) -> [String: Any]? {
        for f in report["flows"] as! [[String: Any]] where (f["protocol"] as! String) == tf.proto {
            let s = (f["src"] as! String, f["src_port"] as! Int), d = (f["dst"] as! String, f["dst_port"] as! Int)
            let forward = s == (tf.src, tf.sport) && d == (tf.dst, tf.dport)
            let reverse = d == (tf.src, tf.sport) && s == (tf.dst, tf.dport)
            guard forward || reverse else { continue }
            return (f["directions"] as! [[String: Any]]).first { ($0["host"] as! String) == host && ($0["direction"] as! String) == (forward ? "forward" : "reverse") }
        }
        return nil
    }

    func testEveryFlowsMembersAgreeWithTheKernel() throws {
        for scenario in ["lacp_l34", "rr", "ab", "lacp_l34_failover", "lacp_l34_offload"] {
            let (args, flows) = try truth(scenario)
            let report = try analyze(args)
            XCTAssertGreaterThan(flows.count, 5)
            for tf in flows {
                let d = try XCTUnwrap(direction(report, tf, host: tf.origin), "\(scenario) \(tf.src):\(tf.sport) → \(tf.dst):\(tf.dport)")
                let members = (d["member_shares"] as! [String: Double]).keys.sorted()
                XCTAssertEqual(members, tf.members.sorted(), "\(scenario) \(tf.src):\(tf.sport) → \(tf.dst):\(tf.dport)")
                let moves = d["moves"] as! [[String: Any]]
                if tf.changes == 0 { XCTAssertEqual(moves.count, 0, "\(scenario): a flow that never changed member shows no move") }
                if scenario.hasPrefix("lacp_l34") && scenario != "lacp_l34_failover" {
                    XCTAssertEqual(d["pinned"] as? Bool, true, "\(scenario): every flow of a layer3+4 team is pinned")
                }
            }
        }
    }

    /// The failover stream's moves are exactly its truth runs' changes, each within 1 ms of the
    /// first packet on the new member.
    func testFailoverMovesMatchTheKernelsRuns() throws {
        let (args, flows) = try truth("lacp_l34_failover")
        let report = try analyze(args)
        var checked = 0
        for tf in flows where tf.changes > 0 {
            let runs = try XCTUnwrap(tf.runs)
            let d = try XCTUnwrap(direction(report, tf, host: tf.origin))
            let moves = d["moves"] as! [[String: Any]]
            XCTAssertEqual(moves.count, runs.count - 1, "\(tf.src):\(tf.sport)")
            for (k, m) in moves.enumerated() where k + 1 < runs.count {
                XCTAssertEqual(m["from"] as? String, runs[k].member)
                XCTAssertEqual(m["to"] as? String, runs[k + 1].member)
                let t = Double(m["time"] as! Int) / 1e9
                XCTAssertEqual(t, runs[k + 1].first, accuracy: 0.001, "\(tf.src):\(tf.sport) move \(k)")
            }
            if tf.dport == 6600 { XCTAssertEqual(moves.count, 2, "the big stream leaves the downed member and comes back") }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 4)
    }

    /// balance-rr: the single 6600 stream is split (no moves: striping is not failover), and
    /// where the receiver saw reordering it is attributed to member switching.
    func testRoundRobinIsSplitAndItsReorderingComesFromStriping() throws {
        let (args, flows) = try truth("rr")
        let report = try analyze(args)
        let big = try XCTUnwrap((report["flows"] as! [[String: Any]]).first { ($0["dst_port"] as! Int) == 6600 })
        XCTAssertEqual(big["pinned"] as? Bool, false)
        XCTAssertEqual((big["moves"] as! [Any]).count, 0)
        var reorderedFlows = 0
        for tf in flows where tf.proto == "tcp" {
            let receiver = tf.origin == "A" ? "B" : "A"
            let d = try XCTUnwrap(direction(report, tf, host: receiver))
            XCTAssertEqual(d["pinned"] as? Bool, false, "every rr stream is split")
            let r = d["reordering"] as! [String: Any]
            let reordered = r["reordered"] as! Int
            XCTAssertEqual(reordered > 0, (tf.rxOutOfOrder ?? 0) > 0, "\(tf.src):\(tf.sport) reordering seen by the receiver")
            if reordered > 0 {
                reorderedFlows += 1
                XCTAssertGreaterThan(r["reordered_after_member_switch"] as! Int, r["reordered_on_same_member"] as! Int)
            }
        }
        XCTAssertGreaterThan(reorderedFlows, 0, "the receiver sees reordering")
        for host in report["hosts"] as! [[String: Any]] {
            let m = host["migration"] as! [String: Any]
            XCTAssertEqual(m["all_pinned"] as? Bool, false)
            XCTAssertTrue((m["answer"] as! String).hasPrefix("every migration stream pinned to one member: no"))
        }
    }
}

/// Model inference against the kernel: the true mode ranks first on every scenario, with the
/// true member order, and ties are named instead of hidden.
final class ModelInferenceTests: XCTestCase {
    func testTheTruePolicyRanksFirstWithTheTrueOrder() throws {
        let root = try TestEnvironment.corpus("kernel-bonding")
        let expected = ["lacp_l34": "linux/layer3+4", "lacp_l34_offload": "linux/layer3+4", "lacp_l34_failover": "linux/layer3+4",
                        "rr": "linux/round-robin", "ab": "linux/active-backup"]
        for (scenario, model) in expected.sorted(by: { $0.key < $1.key }) {
            let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(root)/\(scenario)/truth.json"))) as! [String: Any]
            let order = truth["members_enslave_order"] as! [String: [String]]
            let args = ["A", "B"].flatMap { side in order[side]!.map { "\(side)/\($0)=\(root)/\(scenario)/pcap/\(side)_\($0).pcap" } }
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--no-flows"] + args)
            // --no-flows has no flows to judge by: inference needs the flow pass.
            XCTAssertTrue(((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["inference"] as! [Any]).isEmpty)
            let full = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
            let report = try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as! [String: Any]
            let inference = report["inference"] as! [[String: Any]]
            for side in ["A", "B"] {
                let ranked = inference.filter { ($0["host"] as! String) == side }.sorted { ($0["rank"] as! Int) < ($1["rank"] as! Int) }
                let best = try XCTUnwrap(ranked.first, "\(scenario) \(side)")
                XCTAssertEqual(best["model"] as? String, model, "\(scenario) host \(side)")
                if model == "linux/layer3+4" {
                    XCTAssertEqual(best["member_order"] as? [String], order[side], "\(scenario) host \(side): enslave order")
                    XCTAssertEqual(best["order_unique"] as? Bool, true)
                }
                let verdict = (report["hosts"] as! [[String: Any]]).first { ($0["name"] as! String) == side }!["model_verdict"] as! String
                if model == "linux/round-robin" {
                    // packets_per_slave as the kernel was configured (truth.json), estimated from the runs.
                    let text = try String(contentsOfFile: "\(root)/\(scenario)/truth.json", encoding: .utf8)
                    let configured = try XCTUnwrap(text.firstMatch(of: /"packets_per_slave": (\d+)/)).1
                    XCTAssertTrue((best["note"] as! String).contains("packets_per_slave ≈ \(configured)"), "\(best["note"]!)")
                }
                if model == "linux/active-backup" {
                    XCTAssertTrue(verdict.contains("cannot tell apart"), "one member carrying everything fits several models: \(verdict)")
                }
            }
        }
    }
}
