import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Flows against the outside world's answers: TShark's TCP analysis on the real captures, and
/// what the kernel did (truth.json) on the bonding captures.
final class FlowAnalysisTests: XCTestCase {
    private func analyze(_ args: [String]) throws -> ReportDocument {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--top-flows", "100000"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONReport.parse(r.stdout)
    }

    /// On every capture in ../shared/corpus/real, the per-class counts summed over flows equal
    /// the number of frames TShark marks with the same tcp.analysis field.
    func testTCPAnalysisCountsEqualTShark() throws {
        let root = try TestEnvironment.corpus("real")
        _ = try TestEnvironment.tshark()
        let fields: [(String, KeyPath<FlowReport, Int>, String)] = [
            ("retransmissions", \.retransmissions, "tcp.analysis.retransmission"),
            ("fast_retransmissions", \.fastRetransmissions, "tcp.analysis.fast_retransmission"),
            ("spurious_retransmissions", \.spuriousRetransmissions, "tcp.analysis.spurious_retransmission"),
            ("out_of_order", \.outOfOrder, "tcp.analysis.out_of_order"),
            ("lost_segments", \.lostSegments, "tcp.analysis.lost_segment"),
            ("duplicate_acks", \.duplicateAcks, "tcp.analysis.duplicate_ack")]
        let files = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".gz") || $0.hasSuffix(".pcapng") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 18)
        var nonZero = 0
        for file in files {
            let report = try analyze(["\(root)/\(file)"])
            for (ours, path, theirs) in fields {
                let mine = report.flows.map { $0.fact[keyPath: path] }.reduce(0, +)
                let tshark = try TestEnvironment.tsharkFields("\(root)/\(file)", ["frame.number"], filter: theirs).count
                XCTAssertEqual(mine, tshark, "\(file): \(ours) vs TShark's \(theirs)")
                if tshark > 0 { nonZero += 1 }
            }
        }
        XCTAssertGreaterThan(nonZero, 8, "the corpus exercises several classes")
    }

    /// Two conversations where TShark's own arithmetic decides (packet-tcp.c/h): a segment
    /// exactly 2^31 beyond the next expected one (GT_SEQ holds both ways round), and a segment
    /// resent within 20 ms after its receiver "ACKed unseen segment" (the guint32 dupacknum set to
    /// -1 passes `>= 2`). Every class counted equals TShark's.
    func testTSharksEdgeCasesEqualTShark() throws {
        _ = try TestEnvironment.tshark()
        let dir = try TestEnvironment.temporaryFolder("tcp-edges")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = (MACAddress(rawValue: 0x02_00_00_00_0A_01), IPAddress("192.0.2.1")!, UInt16(40000))
        let b = (MACAddress(rawValue: 0x02_00_00_00_0B_01), IPAddress("192.0.2.2")!, UInt16(445))
        func segment(_ fromA: Bool, seq: UInt32, ack: UInt32, length: Int) -> FrameBuilder.Frame {
            let (s, d) = fromA ? (a, b) : (b, a)
            return FrameBuilder.tcp(srcMAC: s.0, dstMAC: d.0, src: s.1, dst: d.1, sport: s.2, dport: d.2, seq: seq, ack: ack,
                                    flags: .ack, payloadBytes: [UInt8](repeating: 0x5A, count: length), ipID: 1)
        }
        let ms: Int64 = 1_000_000
        let cases: [(String, [(Int64, FrameBuilder.Frame)], [KeyPath<FlowReport, Int>: Int])] = [
            ("half", [(0, segment(true, seq: 1000, ack: 1, length: 100)),
                      (10 * ms, segment(true, seq: 0x8000_0000 &+ 1100, ack: 1, length: 100)),
                      (20 * ms, segment(false, seq: 1, ack: 1100, length: 0))],
             [\.lostSegments: 1, \.retransmissions: 1]),
            ("unseen", [(0, segment(true, seq: 1000, ack: 1, length: 100)),
                        (1 * ms, segment(false, seq: 1, ack: 5000, length: 100)),
                        (5 * ms, segment(false, seq: 1, ack: 5000, length: 100))],
             [\.fastRetransmissions: 1, \.retransmissions: 1]),
        ]
        let fields: [(KeyPath<FlowReport, Int>, String)] = [
            (\.retransmissions, "tcp.analysis.retransmission"), (\.fastRetransmissions, "tcp.analysis.fast_retransmission"),
            (\.spuriousRetransmissions, "tcp.analysis.spurious_retransmission"), (\.outOfOrder, "tcp.analysis.out_of_order"),
            (\.lostSegments, "tcp.analysis.lost_segment"), (\.duplicateAcks, "tcp.analysis.duplicate_ack")]
        for (name, packets, expected) in cases {
            let path = "\(dir)/\(name).pcap"
            let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: name, snapLength: 256)])
            for (t, f) in packets { w.write(timestamp: 1_000_000_000 + t, bytes: f.bytes, wireLength: f.wireLength) }
            w.close()
            let report = try analyze([path])
            for (field, theirs) in fields {
                let mine = report.flows.map { $0.fact[keyPath: field] }.reduce(0, +)
                let tshark = try TestEnvironment.tsharkFields(path, ["frame.number"], filter: theirs).count
                XCTAssertEqual(mine, tshark, "\(name): \(theirs)")
                XCTAssertEqual(mine, expected[field] ?? 0, "\(name): \(theirs) as TShark 4.0.17 counts it")
            }
        }
    }

    typealias TruthFlow = KernelBondingTruth.Flow

    private func truth(_ scenario: String) throws -> (args: [String], flows: [TruthFlow]) {
        let t = try KernelBondingTruth.load(scenario)
        let flows = t.flows.filter { ($0.proto == "tcp" || $0.proto == "udp") && $0.sport != nil && $0.dport != nil }
        return (t.memberArguments(folder: try KernelBondingTruth.folder(scenario)), flows)
    }

    /// The direction of our flow matching a truth flow, at `host`.
    private func direction(_ report: ReportDocument, _ tf: TruthFlow, host: String) -> FlowDirectionReport? {
        for f in report.flows where f.protocol.description == tf.proto {
            let forward = (f.src, f.srcPort) == (tf.src, tf.sport!) && (f.dst, f.dstPort) == (tf.dst, tf.dport!)
            let reverse = (f.dst, f.dstPort) == (tf.src, tf.sport!) && (f.src, f.srcPort) == (tf.dst, tf.dport!)
            guard forward || reverse else { continue }
            return f.directions.first { $0.host == host && $0.direction == (forward ? .forward : .reverse) }
        }
        return nil
    }

    func testEveryFlowsMembersAgreeWithTheKernel() throws {
        for scenario in ["lacp_l34", "rr", "ab", "lacp_l34_failover", "lacp_l34_offload"] {
            let (args, flows) = try truth(scenario)
            let report = try analyze(args)
            XCTAssertGreaterThan(flows.count, 5)
            for tf in flows {
                let label = "\(scenario) \(tf.src):\(tf.sport!) → \(tf.dst):\(tf.dport!)"
                let d = try XCTUnwrap(direction(report, tf, host: tf.origin), label)
                XCTAssertEqual(d.memberShares.keys.sorted(), tf.observedMembers.sorted(), label)
                if (tf.memberChanges ?? 0) == 0 { XCTAssertEqual(d.moves.count, 0, "\(scenario): a flow that never changed member shows no move") }
                if scenario.hasPrefix("lacp_l34") && scenario != "lacp_l34_failover" {
                    XCTAssertTrue(d.pinned, "\(scenario): every flow of a layer3+4 team is pinned")
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
        for tf in flows where (tf.memberChanges ?? 0) > 0 {
            let runs = try XCTUnwrap(tf.runs)
            let d = try XCTUnwrap(direction(report, tf, host: tf.origin))
            let moves = d.moves
            XCTAssertEqual(moves.count, runs.count - 1, "\(tf.src):\(tf.sport!)")
            for (k, m) in moves.enumerated() where k + 1 < runs.count {
                XCTAssertEqual(m.from, runs[k].member)
                XCTAssertEqual(m.to, runs[k + 1].member)
                XCTAssertEqual(Double(m.time) / 1e9, runs[k + 1].first, accuracy: 0.001, "\(tf.src):\(tf.sport!) move \(k)")
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
        let big = try XCTUnwrap(report.flows.first { $0.dstPort == 6600 })
        XCTAssertFalse(big.pinned)
        XCTAssertEqual(big.moves.count, 0)
        var reorderedFlows = 0
        for tf in flows where tf.proto == "tcp" {
            let receiver = tf.origin == "A" ? "B" : "A"
            let d = try XCTUnwrap(direction(report, tf, host: receiver))
            XCTAssertFalse(d.pinned, "every rr stream is split")
            let r = d.reordering
            XCTAssertEqual(r.reordered > 0, (tf.rxSegmentsOutOfOrder ?? 0) > 0, "\(tf.src):\(tf.sport!) reordering seen by the receiver")
            if r.reordered > 0 {
                reorderedFlows += 1
                XCTAssertGreaterThan(r.reorderedAfterMemberSwitch, r.reorderedOnSameMember)
            }
        }
        XCTAssertGreaterThan(reorderedFlows, 0, "the receiver sees reordering")
        for host in report.hosts {
            XCTAssertFalse(host.migration.allPinned)
            XCTAssertTrue(host.migration.answer.hasPrefix("every migration stream pinned to one member: no"))
        }
    }
}

/// Model inference against the kernel: the true mode ranks first on every scenario, with the
/// true member order, and ties are named instead of hidden.
final class ModelInferenceTests: XCTestCase {
    func testTheTruePolicyRanksFirstWithTheTrueOrder() throws {
        let expected = ["lacp_l34": "linux/layer3+4", "lacp_l34_offload": "linux/layer3+4", "lacp_l34_failover": "linux/layer3+4",
                        "rr": "linux/round-robin", "ab": "linux/active-backup"]
        for (scenario, model) in expected.sorted(by: { $0.key < $1.key }) {
            let truth = try KernelBondingTruth.load(scenario)
            let folder = try KernelBondingTruth.folder(scenario)
            let args = truth.memberArguments(folder: folder)
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--no-flows"] + args)
            // --no-flows has no flows to judge by: inference needs the flow pass.
            XCTAssertTrue(try JSONReport.parse(r.stdout).inference.isEmpty)
            let full = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
            let report = try JSONReport.parse(full.stdout)
            for side in ["A", "B"] {
                let ranked = report.inference.filter { $0.host == side }.sorted { $0.rank < $1.rank }
                let best = try XCTUnwrap(ranked.first, "\(scenario) \(side)")
                XCTAssertEqual(best.model.rawValue, model, "\(scenario) host \(side)")
                if model == "linux/layer3+4" {
                    XCTAssertEqual(best.memberOrder, truth.membersEnslaveOrder[side], "\(scenario) host \(side): enslave order")
                    XCTAssertEqual(best.orderUnique, true)
                }
                let verdict = try XCTUnwrap(report.hosts.first { $0.name == side }?.modelVerdict)
                if model == "linux/round-robin" {
                    // packets_per_slave as the kernel was configured (truth.json), estimated from the runs.
                    let text = try String(contentsOfFile: "\(folder)/truth.json", encoding: .utf8)
                    let configured = try XCTUnwrap(text.firstMatch(of: /"packets_per_slave": (\d+)/)).1
                    XCTAssertTrue(best.note.contains("packets_per_slave ≈ \(configured)"), best.note)
                }
                if model == "linux/active-backup" {
                    XCTAssertTrue(verdict.contains("cannot tell apart"), "one member carrying everything fits several models: \(verdict)")
                }
            }
        }
    }
}
