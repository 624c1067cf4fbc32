import CSV
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Markdown and CSV say what the JSON report says.
final class FormatsTests: XCTestCase {
    let args = ["A/eth0.pcap", "A/eth1.pcap", "B/eth0.pcap", "B/eth1.pcap"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/" + $0 }

    func run(_ extra: [String]) throws -> String {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"] + extra + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr, "", "nothing on standard error when it is not a terminal (no progress line)")
        return r.stdout
    }

    func rows(_ text: String) throws -> [[String: String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let header = try XCTUnwrap(reader.headerRow)
        var out: [[String: String]] = []
        while let row = reader.next() { out.append(Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })) }
        return out
    }

    func testCSVTablesCarryTheReportsFigures() throws {
        let report = try JSONReport.parse(try run(["--format", "json"]))
        let dir = try TestEnvironment.temporaryFolder("csv") + "/new/tables"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(try run(["--format", "csv", "-o", dir]), "")
        let members = try rows(try String(contentsOfFile: dir + "/members.csv", encoding: .utf8))
        XCTAssertEqual(members.count, report.members.count)
        for (m, row) in zip(report.members, members) {
            XCTAssertEqual(row["host"], m.host)
            XCTAssertEqual(row["member"], m.name)
            XCTAssertEqual(row["sent_bytes"], String(m.sent.bytes))
            XCTAssertEqual(row["received_packets"], String(m.received.packets))
            XCTAssertEqual(Double(row["sent_share"] ?? ""), m.sent.share.map { (($0 * 1e6).rounded()) / 1e6 } ?? nil)
        }
        let flows = try rows(try String(contentsOfFile: dir + "/flows.csv", encoding: .utf8))
        XCTAssertEqual(flows.count, report.flows.map(\.directions.count).reduce(0, +))
        XCTAssertEqual(Set(flows.map { $0["dst_port"]! }), Set(report.flows.map { String($0.dstPort) }))
        let throughput = try rows(try String(contentsOfFile: dir + "/throughput.csv", encoding: .utf8))
        XCTAssertEqual(throughput.count, report.members.map(\.throughput.sentBitsPerSecond.count).reduce(0, +))
        let sentBits = throughput.filter { $0["host"] == "A" && $0["member"] == "eth0" }.map { UInt64($0["sent_bps"]!)! }
        XCTAssertEqual(sentBits, report.members.first { $0.host == "A" && $0.name == "eth0" }!.throughput.sentBitsPerSecond)
        // RFC 4180: CRLF record ends; standard output gets the members table.
        let raw = try String(contentsOfFile: dir + "/members.csv", encoding: .utf8)
        XCTAssertTrue(raw.hasPrefix("host,member,sent_packets,"))
        XCTAssertEqual(raw.components(separatedBy: "\r\n").count - 1, report.members.count + 1)
        XCTAssertEqual(try run(["--format", "csv"]), raw)
    }

    func testCSVRefusesAFileAsItsFolder() throws {
        let dir = try TestEnvironment.temporaryFolder("csv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/x", contents: Data())
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "csv", "-o", dir + "/x"] + args)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("-o \(dir)/x: with --format csv, -o names a folder"), r.stderr)
    }

    func testMarkdownHasTheVerdictMembersAndFlowsAsTables() throws {
        let md = try run(["--format", "markdown"])
        XCTAssertTrue(md.hasPrefix("# TeamScope report\n"))
        XCTAssertTrue(md.contains("## Host A\n"))
        XCTAssertTrue(md.contains("- **Teaming model:** best fit: linux/layer3+4"), md)
        XCTAssertTrue(md.contains("- **Migration:** every migration stream pinned to one member: yes"), md)
        XCTAssertTrue(md.contains("| member | sent packets | sent bytes | sent share | avg sent | received packets |"), md)
        XCTAssertTrue(md.contains("| --- | ---: | ---: |"), md)
        XCTAssertTrue(md.contains("| eth0 | 530 | 760.6 KiB | 50.0% |"), md)
        XCTAssertTrue(md.contains("## Live migration (A ↔ B)"), md)
        XCTAssertTrue(md.contains("## Largest flows (5 flows in all)"), md)
    }
}
