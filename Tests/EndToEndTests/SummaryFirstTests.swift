import Foundation
import LabTraffic
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// The answer first (issue 23 items 1, 2 and 8): the text report's opening lines name each
/// host's team, the migration answer and the findings; `--summary`, `--explain` and `--fail-on`
/// do what the README says; the reworded sentences stay reworded.
final class SummaryFirstTests: XCTestCase {
    let repo = TestEnvironment.repositoryRoot

    func analyze(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"] + arguments, in: repo)
        return (r.status, r.stdout, r.stderr)
    }

    /// For every sample, the first 12 lines of `teamscope analyze` name each host's mode, the
    /// migration answer and the findings count (the issue's done-when).
    func testFirstTwelveLinesAnswerForEverySample() throws {
        for sample in SampleCaptures.samples {
            let text = try analyze(sample.arguments)
            XCTAssertEqual(text.status, 0, text.stderr)
            let json = try analyze(["--format", "json"] + sample.arguments)
            let report = try JSONReport.parse(json.stdout)
            let head = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(12).joined(separator: "\n")
            for h in report.hosts {
                let name = h.unnamed == true ? "this host" : h.name
                let family = try XCTUnwrap(h.verdict?.family, "\(sample.name): \(h.name) has no verdict")
                XCTAssertTrue(head.contains("  \(name): \(family), switch \(h.verdict!.switch)"), "\(sample.name): \(name)'s mode not in the first 12 lines:\n\(head)")
                let answer = h.migration.streams == 0 ? "no migration stream seen" : (h.migration.split == 0 ? "pinned: " : "split: ")
                let findings = report.findings.filter { $0.host == h.name }
                let severities = [("problem", FindingSeverity.problem), ("warning", .warning), ("info", .info)].compactMap { word, s -> String? in
                    let n = findings.filter { $0.severity == s }.count
                    return n == 0 ? nil : "\(n) \(word)\(n > 1 && s != .info ? "s" : "")"
                }
                let count = severities.isEmpty ? "none" : severities.joined(separator: ", ")
                // The host's lines, in order: team, migration, findings.
                let lines = head.components(separatedBy: "\n")
                let at = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  \(name): ") })
                let rest = lines[(at + 1)...]
                XCTAssertEqual(rest.first { $0.hasPrefix("    migration: ") }.map { $0.contains("migration: " + answer) }, true, "\(sample.name): \(name)\n\(head)")
                XCTAssertTrue(rest.contains("    findings: \(count)"), "\(sample.name): \(name) findings: \(count)\n\(head)")
            }
        }
    }

    /// `--summary` prints the summary lines only; `--explain` adds the evidence, once per team:
    /// host B's lines that repeat A's are not written again.
    func testSummaryOnlyAndExplainOncePerTeam() throws {
        let args = SampleCaptures.samples.first { $0.name == "lacp-l34" }!.arguments
        let summary = try analyze(["--summary"] + args)
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("\nSummary\n"), summary.stdout)
        XCTAssertFalse(summary.stdout.contains("Host A"), summary.stdout)
        XCTAssertLessThanOrEqual(summary.stdout.split(separator: "\n").count, 14, summary.stdout)
        let plain = try analyze(args)
        XCTAssertFalse(plain.stdout.contains("ruled out linux/round-robin"), "evidence shown without --explain")
        XCTAssertTrue(plain.stdout.contains("--explain shows them"), plain.stdout)
        let explained = try analyze(["--explain", "--wide"] + args)
        let lines = explained.stdout.components(separatedBy: "\n")
        XCTAssertEqual(lines.filter { $0.contains("ruled out linux/round-robin: none of 4 long flows is striped") }.count, 1, explained.stdout)
        XCTAssertTrue(explained.stdout.contains("the other evidence, models ruled out and what would decide: the same as for A"), explained.stdout)
        // B's own back-to-back wiring is still said.
        XCTAssertTrue(explained.stdout.contains("eth0↔A/eth0"), explained.stdout)
        // The JSON keeps every host's whole verdict.
        let report = try JSONReport.parse(try analyze(["--format", "json"] + args).stdout)
        XCTAssertEqual(report.hosts[0].verdict?.ruledOut.count, report.hosts[1].verdict?.ruledOut.count)
        let markdown = try analyze(["--format", "markdown", "--summary"] + args)
        XCTAssertTrue(markdown.stdout.contains("## Summary"), markdown.stdout)
        XCTAssertFalse(markdown.stdout.contains("## Host A"), markdown.stdout)
        let refused = try analyze(["--format", "json", "--summary"] + args)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("--summary is for --format text or markdown"), refused.stderr)
    }

    /// `--fail-on` exits 3 when a finding at or above the severity exists, else as without it.
    func testFailOnExitsThreeAtOrAboveTheSeverity() throws {
        // lacp-l34 has one info finding (rss_core_shared on B) and nothing more severe.
        let args = SampleCaptures.samples.first { $0.name == "lacp-l34" }!.arguments
        XCTAssertEqual(try analyze(["--fail-on", "info", "--summary"] + args).status, 3)
        XCTAssertEqual(try analyze(["--fail-on", "warning", "--summary"] + args).status, 0)
        XCTAssertEqual(try analyze(["--fail-on", "problem", "--format", "json"] + args).status, 0)
        XCTAssertEqual(try analyze(["--fail-on", "fatal"] + args).status, 2)
        // balance-rr has none.
        let rr = SampleCaptures.samples.first { $0.name == "balance-rr" }!.arguments
        XCTAssertEqual(try analyze(["--fail-on", "info", "--summary"] + rr).status, 0)
    }

    /// Item 8: the chance of a lucky fit is a chance, never "luck: 100%"; a one-member receive
    /// beside a static switch part does not say switch-independent.
    func testLuckAndReceiveWording() throws {
        let rr = SampleCaptures.samples.first { $0.name == "balance-rr" }!.arguments
        let text = try analyze(["--explain", "--wide"] + rr).stdout
        XCTAssertFalse(text.contains("could be luck"), text)
        XCTAssertTrue(text.contains("more flows with distinct addresses and ports (too few to tell: any model would fit them)"), text)
        XCTAssertTrue(text.contains("switch static"), text)
        XCTAssertFalse(text.contains("as a switch-independent team receives"), text)
        XCTAssertTrue(text.contains("receive: received on 1 of 2 members (eth0 0%, eth1 100%): the switch (or the peer) sent everything to one member, as a static team's switch does when its hash puts every inbound flow on the same port"), text)
        let lacp = SampleCaptures.samples.first { $0.name == "lacp-l34" }!.arguments
        XCTAssertTrue(try analyze(["--wide"] + lacp).stdout.contains("would settle it: more flows with distinct addresses and ports (a wrong hash would fit today's by luck 6.3% of the time)"))
    }
}
