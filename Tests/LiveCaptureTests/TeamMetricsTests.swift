import CaptureIO
import Foundation
import LiveCapture
import Monitoring
import TeamAnalysis
import TestSupport
import XCTest

/// `teamscope monitor`'s metrics from a live session driven by fake handles: the member
/// counters equal what was captured, link state and events follow the tracker, the verdict is
/// an info metric, only N flows get series of their own; and `promtool check metrics` finds the
/// exposition clean.
final class TeamMetricsTests: XCTestCase {
    let t0: Int64 = 1_700_000_000_000_000_000
    let ms: Int64 = 1_000_000

    struct Rig {
        let clock: FakeClock
        let opener: FakeOpener
        let links: FakeLinks
        let session: CaptureSession
        let metrics: TeamMetrics
    }

    func rig(topFlows: Int = 3) throws -> Rig {
        let dir = try TestEnvironment.temporaryFolder("metrics")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let clock = FakeClock(t0)
        let opener = FakeOpener()
        let links = FakeLinks()
        var options = AnalysisOptions()
        options.parallel = false
        options.topFlows = topFlows * 4
        options.flowIdle = 300_000 * ms
        let session = try CaptureSession(plan: CapturePlan(host: "A", members: ["m0", "m1"]), snapLength: 262_144, options: options,
                                         opener: opener, links: links, sysfs: SysfsTree(root: dir + "/no-sysfs"), clock: { clock.now })
        return Rig(clock: clock, opener: opener, links: links, session: session, metrics: TeamMetrics(topFlows: topFlows, version: "test"))
    }

    /// Records on both members for a second, then an update: what m0 sends goes to ten flows
    /// that last (flow k gets every tenth datagram, from k on), what m1 receives is each its
    /// own flow.
    func second(_ r: Rig, sent: Int, received: Int) {
        let from = r.clock.now
        r.opener.latest("m0").sent.waiting += (0..<sent).map { (from + Int64($0) * ms, Frames.udp(sent: true, sequence: $0 % 10)) }
        r.opener.latest("m1").received.deliver((0..<received).map { from + Int64($0) * ms + 1 })
        r.clock.now += 1000 * ms
        r.session.step()
        r.metrics.update(r.session.snapshot().report, nowNs: r.clock.now, buildSeconds: 0.001)
    }

    func exposition(_ r: Rig) -> String { String(decoding: r.metrics.exposition(), as: UTF8.self) }

    func testMemberCountersLinkStateVerdictAndTheFlowBound() throws {
        let r = try rig(topFlows: 3)
        for _ in 0..<3 { second(r, sent: 50, received: 30) }
        let frame = Frames.udp(sent: true, sequence: 0).count
        var text = exposition(r)
        XCTAssertTrue(text.contains("teamscope_member_sent_bytes_total{host=\"A\",member=\"m0\"} \(150 * frame)"), text)
        XCTAssertTrue(text.contains("teamscope_member_sent_packets_total{host=\"A\",member=\"m0\"} 150"), text)
        XCTAssertTrue(text.contains("teamscope_member_received_bytes_total{host=\"A\",member=\"m1\"} \(90 * frame)"), text)
        XCTAssertTrue(text.contains("teamscope_member_received_packets_total{host=\"A\",member=\"m1\"} 90"), text)
        XCTAssertTrue(text.contains("teamscope_member_link_up{host=\"A\",member=\"m1\"} 1"), text)
        XCTAssertTrue(text.contains("# TYPE teamscope_member_sent_bytes_total counter"), text)
        XCTAssertTrue(text.contains("teamscope_verdict_info{host=\"A\","), text)
        XCTAssertTrue(text.contains("teamscope_build_info{version=\"test\"} 1"), text)
        let flowSeries = text.split(separator: "\n").filter { $0.hasPrefix("teamscope_top_flow_bytes_per_second{") }
        XCTAssertEqual(flowSeries.count, 3, "ten flows carry traffic, --top-flows 3 of them have series:\n\(text)")
        // m1 goes down: its link gauge follows, the event is counted, its counters stay.
        r.links.set("m1", .down, at: r.clock.now + 10 * ms)
        second(r, sent: 50, received: 0)
        second(r, sent: 50, received: 0)
        text = exposition(r)
        XCTAssertTrue(text.contains("teamscope_member_link_up{host=\"A\",member=\"m1\"} 0"), text)
        XCTAssertTrue(text.contains("teamscope_member_link_events_total{host=\"A\",member=\"m1\",event=\"down\"} 1"), text)
        XCTAssertTrue(text.contains("teamscope_member_received_packets_total{host=\"A\",member=\"m1\"} 90"), text)
        XCTAssertTrue(text.contains("teamscope_member_sent_packets_total{host=\"A\",member=\"m0\"} 250"), text)
    }

    func testManyFlowsKeepTheSeriesBounded() throws {
        let r = try rig(topFlows: 5)
        for _ in 0..<3 { second(r, sent: 100, received: 0) }
        let before = r.metrics.seriesCount
        for _ in 0..<3 { second(r, sent: 100, received: 0) }
        XCTAssertEqual(r.metrics.seriesCount, before, "new flows replace old ones in the top N; the series do not grow")
        XCTAssertEqual(exposition(r).split(separator: "\n").filter { $0.hasPrefix("teamscope_top_flow_pinned{") }.count, 5)
    }

    func testPromtoolFindsTheExpositionClean() throws {
        guard let promtool = TestEnvironment.which("promtool") else {
            throw XCTSkip("promtool is not installed (Debian's prometheus package; scripts/install-deps.sh --test): the exposition check is skipped")
        }
        let r = try rig()
        r.links.set("m1", .down, at: t0 + 1500 * ms)
        for _ in 0..<3 { second(r, sent: 40, received: 20) }
        let text = exposition(r)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: promtool)
        p.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "promtool check metrics:\n\(said)\n\(text)")
        XCTAssertEqual(said.trimmingCharacters(in: .whitespacesAndNewlines), "", "promtool's remarks:\n\(said)")
    }
}

/// The LACP metrics from the lacp-l34 sample's LACPDUs (both hosts distributing, state 61 on
/// each side: activity, aggregation, synchronization, collecting, distributing).
final class LACPMetricsTests: XCTestCase {
    func testTheSamplesLACPStateBitsAndDistributing() throws {
        let dir = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let specs = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { CaptureSpec.parse("\(dir)/\($0).pcap") }
        let report = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
        let metrics = TeamMetrics(topFlows: 5, version: "test")
        metrics.update(report, nowNs: 0, buildSeconds: 0)
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        for host in ["A", "B"] {
            for member in ["eth0", "eth1"] {
                XCTAssertTrue(text.contains("teamscope_member_lacp_distributing{host=\"\(host)\",member=\"\(member)\"} 1"), text)
                for side in ["actor", "partner"] {
                    for (bit, on) in [("activity", 1), ("timeout", 0), ("aggregation", 1), ("synchronization", 1), ("collecting", 1),
                                      ("distributing", 1), ("defaulted", 0), ("expired", 0)] {
                        let line = "teamscope_member_lacp_state{host=\"\(host)\",member=\"\(member)\",side=\"\(side)\",bit=\"\(bit)\"} \(on)"
                        XCTAssertTrue(text.contains(line), "\(line)\n\(text)")
                    }
                }
            }
        }
    }
}
