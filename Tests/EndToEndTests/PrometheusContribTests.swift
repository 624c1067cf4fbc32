import Foundation
import Monitoring
import TestSupport
import XCTest

/// What `contrib/` ships for Prometheus and Grafana: the alert rules pass `promtool check
/// rules` and name only metrics `teamscope monitor` exports; the dashboard is a Grafana
/// dashboard whose structure holds (ids, grid, variables, data sources) and whose every query is
/// PromQL that promtool accepts, over exported metrics only.
final class PrometheusContribTests: XCTestCase {
    let root = TestEnvironment.repositoryRoot + "/contrib"

    func promtool() throws -> String {
        guard let p = TestEnvironment.which("promtool") else {
            throw XCTSkip("promtool is not installed (Debian's prometheus package; scripts/install-deps.sh --test): the check is skipped")
        }
        return p
    }

    /// The `teamscope_…` names an expression uses, each an exported metric.
    func assertExportedMetrics(_ expr: String, _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        let names = Set(MetricCatalog.all.map(\.name))
        let used = expr.matches(of: /teamscope_[a-z_]+/).map { String($0.output) }
        XCTAssertFalse(used.isEmpty, "\(context): no teamscope metric in \(expr)", file: file, line: line)
        for u in used { XCTAssertTrue(names.contains(u), "\(context): \(u) is not exported", file: file, line: line) }
    }

    func testTheAlertRulesPassPromtoolAndUseExportedMetrics() throws {
        let path = root + "/prometheus/teamscope.rules.yml"
        let r = try TestEnvironment.run(try promtool(), ["check", "rules", path])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("SUCCESS: 7 rules found"), r.stdout)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for alert in ["TeamScopeMemberSilent", "TeamScopeLACPNotDistributing", "TeamScopeChurn", "TeamScopePolicyFitLow",
                      "TeamScopeMigrationPinned", "TeamScopeMTUOrVLANMismatch", "TeamScopeDrops"] {
            XCTAssertTrue(text.contains("- alert: \(alert)\n"), alert)
        }
        assertExportedMetrics(text, "rules")
    }

    func testABrokenRuleFailsPromtool() throws {
        let dir = try TestEnvironment.temporaryFolder("rules")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let broken = try String(contentsOfFile: root + "/prometheus/teamscope.rules.yml", encoding: .utf8)
            .replacingOccurrences(of: "teamscope_member_lacp_distributing == 0 and", with: "teamscope_member_lacp_distributing == == 0 and")
        try broken.write(toFile: dir + "/rules.yml", atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try TestEnvironment.run(try promtool(), ["check", "rules", dir + "/rules.yml"]).status, 0)
    }

    func testTheDashboardHoldsTogether() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/grafana/teamscope-dashboard.json"))
        let d = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["title", "uid", "schemaVersion", "panels", "templating", "time"] { XCTAssertNotNil(d[key], "missing \(key)") }
        XCTAssertGreaterThanOrEqual(d["schemaVersion"] as? Int ?? 0, 36)
        let variables = try XCTUnwrap((d["templating"] as? [String: Any])?["list"] as? [[String: Any]])
        XCTAssertEqual(variables.compactMap { $0["name"] as? String }, ["datasource", "host"])
        XCTAssertEqual(variables.first?["type"] as? String, "datasource")
        XCTAssertEqual(variables.first?["query"] as? String, "prometheus")
        let panels = try XCTUnwrap(d["panels"] as? [[String: Any]])
        var ids = Set<Int>()
        var cells = Set<[Int]>()
        var expressions: [String] = []
        var hostPanels = 0, fleetPanels = 0
        for p in panels {
            let id = try XCTUnwrap(p["id"] as? Int)
            XCTAssertTrue(ids.insert(id).inserted, "panel id \(id) twice")
            let grid = try XCTUnwrap(p["gridPos"] as? [String: Int])
            let (x, y, w, h) = (grid["x"] ?? -1, grid["y"] ?? -1, grid["w"] ?? 0, grid["h"] ?? 0)
            XCTAssertTrue(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, "panel \(id) outside the 24-column grid: \(grid)")
            for cx in x..<(x + w) { for cy in y..<(y + h) { XCTAssertTrue(cells.insert([cx, cy]).inserted, "panel \(id) overlaps another at \(cx),\(cy)") } }
            guard p["type"] as? String != "row" else { continue }
            XCTAssertEqual((p["datasource"] as? [String: String])?["uid"], "${datasource}", "panel \(id) uses the data source variable")
            XCTAssertFalse((p["title"] as? String ?? "").isEmpty)
            let targets = try XCTUnwrap(p["targets"] as? [[String: Any]], "panel \(id) has queries")
            XCTAssertFalse(targets.isEmpty)
            for t in targets {
                let expr = try XCTUnwrap(t["expr"] as? String)
                assertExportedMetrics(expr, "panel \(id)")
                expressions.append(expr)
            }
            let title = p["title"] as? String ?? ""
            if title.contains("$host") { hostPanels += 1 } else { fleetPanels += 1 }
        }
        // The per-member sent/received pairs, per host and fleet-wide.
        for title in ["Sent per member on $host", "Received per member on $host", "Sent per member, fleet-wide", "Received per member, fleet-wide"] {
            XCTAssertTrue(panels.contains { $0["title"] as? String == title }, title)
        }
        XCTAssertGreaterThan(hostPanels, 3)
        XCTAssertGreaterThan(fleetPanels, 3)
        // Every query is PromQL promtool accepts (Grafana's variables given values).
        let dir = try TestEnvironment.temporaryFolder("dashboard")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rules = "groups:\n  - name: dashboard\n    rules:\n"
        for (i, e) in expressions.enumerated() {
            let promql = e.replacingOccurrences(of: "$__rate_interval", with: "1m").replacingOccurrences(of: "$host", with: ".*")
            rules += "      - record: dashboard:query\(i)\n        expr: '\(promql.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        try rules.write(toFile: dir + "/queries.yml", atomically: true, encoding: .utf8)
        let r = try TestEnvironment.run(try promtool(), ["check", "rules", dir + "/queries.yml"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr + "\n" + rules)
    }
}
