import Foundation
@testable import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// The report's facts and its words apart: `AnalysisReport` holds the facts and reads back from
/// its own coding whole; the JSON users read is `ReportDocument`, the facts with their sentences,
/// and reads back into the same document.
final class ReportDocumentTests: XCTestCase {
    /// A sample's two hosts analysed as `make samples` does (host = folder, member = file name).
    func analyze(_ sample: String) throws -> AnalysisReport {
        let root = TestEnvironment.repositoryRoot + "/Captures/\(sample)/"
        var specs: [CaptureSpec] = []
        for host in ["A", "B"] {
            for file in try FileManager.default.contentsOfDirectory(atPath: root + host).sorted() {
                let member = String(file.prefix { $0 != "." })
                specs.append(CaptureSpec(path: root + host + "/" + file, host: host, member: member))
            }
        }
        return try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
    }

    /// Every fact survives the report's own coding (keys as its `CodingKeys` spell them), those
    /// the JSON says in words included (the direction's basis, the team verdict, each flow's
    /// migration reason, SMB notes).
    func testReportReadsBackWhole() throws {
        for sample in ["lacp-l34", "smb-multichannel"] {
            let report = try analyze(sample)
            XCTAssertTrue(report.hosts.allSatisfy { $0.team != nil && $0.direction.basis != nil }, sample)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let data = try encoder.encode(report)
            let back = try JSONDecoder().decode(AnalysisReport.self, from: data)
            XCTAssertEqual(try encoder.encode(back), data, sample)
            // Every key, down to the verdict's evidence and the bases the JSON says in words, is
            // already snake_case: the strategy `JSONOutput` no longer uses would change nothing.
            let snake = JSONEncoder()
            snake.outputFormatting = .sortedKeys
            snake.keyEncodingStrategy = .convertToSnakeCase
            XCTAssertEqual(String(decoding: try snake.encode(report), as: UTF8.self), String(decoding: data, as: UTF8.self), sample)
            // The facts the JSON users read says in words only.
            XCTAssertEqual(back.hosts.map(\.team), report.hosts.map(\.team), sample)
            XCTAssertEqual(back.hosts.map(\.model), report.hosts.map(\.model), sample)
            XCTAssertEqual(back.hosts.map(\.receive), report.hosts.map(\.receive), sample)
            XCTAssertEqual(back.hosts.map(\.direction), report.hosts.map(\.direction), sample)
            XCTAssertEqual(back.hosts.map(\.migration), report.hosts.map(\.migration), sample)
            XCTAssertEqual(back.flows, report.flows, sample)
            XCTAssertEqual(back.migrationStreams, report.migrationStreams, sample)
            XCTAssertEqual(back.inference, report.inference, sample)
            XCTAssertEqual(back.aggregates, report.aggregates, sample)
            XCTAssertEqual(back.smbSessions, report.smbSessions, sample)
            XCTAssertEqual(back.findings, report.findings, sample)
            XCTAssertEqual(back.warningDetails, report.warningDetails, sample)
        }
    }

    /// The JSON users read is the document: words beside the facts they say, the worded facts
    /// left out, and reading it back and writing it again gives the same bytes.
    func testSampleJSONReadsBackToTheSameBytes() throws {
        for sample in ["lacp-l34", "smb-multichannel", "balance-rr", "windows-pktmon"] {
            let text = try String(contentsOfFile: "\(TestEnvironment.repositoryRoot)/Reports/\(sample).json", encoding: .utf8)
            let document = try JSONReport.parse(text)
            XCTAssertEqual(try JSONOutput.render(document), text, sample)
            // The keys are the types' own (`CodingKeys`, `DocumentKey`), each already snake_case:
            // a field added without its snake_case key, or a key drifting, fails here.
            let snake = JSONEncoder()
            snake.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            snake.keyEncodingStrategy = .convertToSnakeCase
            XCTAssertEqual(String(decoding: try snake.encode(document), as: UTF8.self) + "\n", text, sample)
            XCTAssertFalse(document.hosts.contains { $0.verdict == nil }, sample)
            XCTAssertFalse(text.contains("\"basis\""), sample)
        }
    }

    /// Rendering pairs the facts with Phrasebook's words, and nothing else.
    func testDocumentWordsAreThePhrasebooks() throws {
        let report = try analyze("lacp-l34")
        let document = ReportDocument(report)
        XCTAssertEqual(document.report, report)
        for host in document.hosts {
            XCTAssertEqual(host.verdict, host.team.map { Phrasebook.verdict($0, live: false) })
            XCTAssertEqual(host.direction.explanation, Phrasebook.direction(try XCTUnwrap(host.direction.basis), host: host.name, live: false))
        }
        XCTAssertEqual(document.flows.map(\.migrationReason), report.flows.map { $0.migration.map(Phrasebook.migration) })
        XCTAssertEqual(try JSONReport.render(report), try JSONOutput.render(document))
    }
}
