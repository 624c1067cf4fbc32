import Foundation
import TestSupport
import XCTest

/// Issue 25's done-when: a real Prometheus (Debian's package) scrapes `teamscope monitor` on two
/// veth members in a network namespace while traffic flows; its HTTP API gives each member's
/// bytes within 2 % of the veths' own counters over the same window, the verdict info metric,
/// and the member-silent alert of the shipped rules firing once a member is set down. Both
/// servers listen on the namespace's own loopback; the test asks them through `ip netns exec`.
final class MonitorPrometheusTests: XCTestCase {
    let metricsPort = 9464
    let prometheusPort = 9090

    func testPrometheusScrapesMonitorOnTwoVethsAndTheMemberSilentAlertFires() throws {
        guard let prometheus = TestEnvironment.which("prometheus") else {
            throw XCTSkip("prometheus is not installed (Debian's prometheus package; scripts/install-deps.sh --test): the monitor test is skipped")
        }
        guard let replay = TestEnvironment.which("tcpreplay") else { throw XCTSkip("tcpreplay is not installed (make test installs it): the monitor test is skipped") }
        guard let curl = TestEnvironment.which("curl") else { throw XCTSkip("curl is not installed: the monitor test is skipped") }
        let net = try NetworkNamespaces()
        defer { net.remove() }
        let (a0, a1) = (net.membersA[0], net.membersA[1])
        try net.ip(["-n", net.a, "link", "set", "lo", "up"])
        let dir = try TestEnvironment.temporaryFolder("monitor-prometheus")
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // The shipped rules, their windows shortened for a test that lasts seconds (1m → 4s,
        // the `for:` durations → 1s); the expressions are the shipped ones.
        let shipped = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/contrib/prometheus/teamscope.rules.yml", encoding: .utf8)
        let rules = shipped.replacingOccurrences(of: "[1m]", with: "[4s]").replacingOccurrences(of: "[5m]", with: "[4s]")
            .replacingOccurrences(of: "[15m]", with: "[4s]")
            .replacingOccurrences(of: #"for: \d+m"#, with: "for: 1s", options: .regularExpression)
        XCTAssertNotEqual(rules, shipped)
        try rules.write(toFile: dir + "/rules.yml", atomically: true, encoding: .utf8)
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [\(dir)/rules.yml]
            scrape_configs:
              - job_name: teamscope
                static_configs:
                  - targets: ['127.0.0.1:\(metricsPort)']
            """.write(toFile: dir + "/prometheus.yml", atomically: true, encoding: .utf8)

        let (monitor, monitorErr) = try net.start(net.a, TestEnvironment.teamscopeBinary,
                                                  ["monitor", "--host", "A", "-i", a0, "-i", a1, "--listen", "127.0.0.1:\(metricsPort)", "--top-flows", "5"])
        defer { if monitor.isRunning { monitor.interrupt() }; monitor.waitUntilExit() }
        let (server, serverErr) = try net.start(net.a, prometheus, ["--config.file=\(dir)/prometheus.yml", "--storage.tsdb.path=\(dir)/data",
                                                                  "--web.listen-address=127.0.0.1:\(prometheusPort)", "--log.level=warn"])
        defer { if server.isRunning { server.terminate() }; server.waitUntilExit() }
        // Prometheus logs at warn level only; what it says is read so that it never blocks.
        serverErr.fileHandleForReading.readabilityHandler = { _ = $0.availableData }

        func query(_ q: String, at time: Double? = nil) throws -> [[String: Any]] {
            var args = ["-s", "-G", "http://127.0.0.1:\(prometheusPort)/api/v1/query", "--data-urlencode", "query=\(q)"]
            if let time { args += ["--data-urlencode", "time=\(String(format: "%.3f", time))"] }
            let r = try net.exec(net.a, curl, args)
            guard let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                  let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]] else { return [] }
            return result
        }
        func value(_ sample: [String: Any]) -> Double { Double(((sample["value"] as? [Any])?.last as? String) ?? "") ?? .nan }
        func waitFor(_ what: String, seconds: Double, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while try !condition() {
                guard Date() < deadline, monitor.isRunning else {
                    let said = String(decoding: monitorErr.fileHandleForReading.availableData, as: UTF8.self)
                    XCTFail("\(what) not within \(seconds) s (monitor running: \(monitor.isRunning)); monitor said: \(said)")
                    throw XCTSkip("stopped")
                }
                usleep(250_000)
            }
        }
        func counter(_ dev: String, _ which: String) throws -> Double {
            Double(try net.exec(net.a, "/bin/cat", ["/sys/class/net/\(dev)/statistics/\(which)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
        }

        // A packet ring per member.
        try net.waitForPacketSockets(net.a, count: 2)
        try waitFor("a scrape of teamscope monitor", seconds: 30) {
            try query("teamscope_member_sent_bytes_total{member=\"\(a1)\"}").count == 1
        }
        // The window: from a moment with no traffic, across the traffic, to a moment after it.
        usleep(1_500_000)
        let start = Date().timeIntervalSince1970
        let rx0 = try counter(a0, "rx_bytes"), tx1 = try counter(a1, "tx_bytes")
        let frames = try writeFrames(dir + "/frames.pcap")
        // a0 receives (sent into its peer), a1 sends: 6,000 frames each at 1,000 per second.
        func send(_ ns: String, _ dev: String, pps: Int, loops: Int, _ file: String) throws -> (process: Process, stderr: Pipe) {
            try net.start(ns, "/bin/sh", ["-c", "exec \(replay) -q -i \(dev) --pps=\(pps) --loop=\(loops) \(file) >/dev/null"])
        }
        let into = try send(net.b, net.membersB[0], pps: 1000, loops: 300, frames.received)
        let out = try send(net.a, a1, pps: 1000, loops: 300, frames.sent)
        into.process.waitUntilExit()
        out.process.waitUntilExit()
        XCTAssertEqual(into.process.terminationStatus, 0)
        XCTAssertEqual(out.process.terminationStatus, 0)
        // teamscope updates once a second, Prometheus scrapes once a second: the window ends
        // once Prometheus has seen both counters settle (no traffic is left in flight).
        var last: [Double] = []
        try waitFor("the counters to settle in Prometheus", seconds: 30) {
            usleep(1_000_000)
            let values = try [("teamscope_member_received_bytes_total", a0), ("teamscope_member_sent_bytes_total", a1)].map {
                try query("\($0.0){member=\"\($0.1)\"}").first.map(value) ?? .nan
            }
            defer { last = values }
            return values == last && values.allSatisfy { $0 > 0 }
        }
        usleep(1_000_000)
        let end = Date().timeIntervalSince1970
        let rx1 = try counter(a0, "rx_bytes"), tx2 = try counter(a1, "tx_bytes")
        usleep(2_000_000)
        let window = end - start
        for (metric, member, veth) in [("teamscope_member_received_bytes_total", a0, rx1 - rx0), ("teamscope_member_sent_bytes_total", a1, tx2 - tx1)] {
            let q = "\(metric){member=\"\(member)\"}"
            let before = try query(q, at: start).first.map(value) ?? .nan, after = try query(q, at: end).first.map(value) ?? .nan
            let rate = (after - before) / window, vethRate = veth / window
            XCTAssertGreaterThan(vethRate, 50_000, "the veth \(member) carried the traffic")
            print("monitor: \(metric) \(member): Prometheus \(Int(rate)) B/s, the veth \(Int(vethRate)) B/s over \(String(format: "%.1f", window)) s")
            XCTAssertLessThanOrEqual(abs(rate - vethRate) / vethRate, 0.02, "\(member): Prometheus \(rate) B/s, the veth's counters \(vethRate) B/s over \(window) s")
        }
        let verdict = try query("teamscope_verdict_info{host=\"A\"}")
        XCTAssertEqual(verdict.count, 1, "the verdict info metric")
        XCTAssertEqual(verdict.first.map(value), 1)

        // Traffic on a1 only, and a0 set down: the member-silent alert fires for a0.
        let steady = try send(net.a, a1, pps: 500, loops: 15, frames.sent)
        defer { if steady.process.isRunning { steady.process.terminate() } }
        try net.ip(["-n", net.a, "link", "set", a0, "down"])
        try waitFor("the TeamScopeMemberSilent alert for \(a0)", seconds: 25) {
            try query("ALERTS{alertname=\"TeamScopeMemberSilent\",alertstate=\"firing\"}").contains {
                ($0["metric"] as? [String: String])?["member"] == a0
            }
        }
        let silent = try query("ALERTS{alertname=\"TeamScopeMemberSilent\",alertstate=\"firing\"}")
        XCTAssertFalse(silent.contains { ($0["metric"] as? [String: String])?["member"] == a1 }, "the member carrying traffic is not silent")
        XCTAssertEqual(try query("teamscope_member_link_up{member=\"\(a0)\"}").first.map(value), 0, "the link gauge follows")
        monitor.interrupt()
        monitor.waitUntilExit()
        XCTAssertEqual(monitor.terminationStatus, 0)
    }

    /// Two small pcaps of 20 UDP frames each (1,000 bytes on the wire, 20 flows): into the host
    /// (to its MAC) and out of it (from its MAC).
    func writeFrames(_ base: String) throws -> (received: String, sent: String) {
        let host: [UInt8] = [0x02, 0, 0, 0, 0x0a, 0x01], peer: [UInt8] = [0x02, 0, 0, 0, 0x0b, 0x01]
        func frames(toHost: Bool) -> [[UInt8]] {
            (0..<20).map { i in
                let (dst, src) = toHost ? (host, peer) : (peer, host)
                let (sip, dip): ([UInt8], [UInt8]) = toHost ? ([198, 51, 100, 2], [192, 0, 2, 1]) : ([192, 0, 2, 1], [198, 51, 100, 2])
                let total = 1000 - 14
                var f = dst + src + [0x08, 0x00]
                f += [0x45, 0, UInt8(total >> 8), UInt8(total & 0xff), 0, 0, 0x40, 0, 64, 17, 0, 0] + sip + dip
                let sport = UInt16(40_000 + i)
                f += [UInt8(sport >> 8), UInt8(sport & 0xff), 0x17, 0x70, UInt8((total - 20) >> 8), UInt8((total - 20) & 0xff), 0, 0]
                f += [UInt8](repeating: 0x5a, count: 1000 - f.count)
                return f
            }
        }
        func pcap(_ frames: [[UInt8]]) -> Data {
            var d = Data([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0])
            for (i, f) in frames.enumerated() {
                for v in [UInt32(1_700_000_000), UInt32(i * 1000), UInt32(f.count), UInt32(f.count)] { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
                d.append(contentsOf: f)
            }
            return d
        }
        try pcap(frames(toHost: true)).write(to: URL(fileURLWithPath: base + ".in.pcap"))
        try pcap(frames(toHost: false)).write(to: URL(fileURLWithPath: base + ".out.pcap"))
        return (base + ".in.pcap", base + ".out.pcap")
    }
}
