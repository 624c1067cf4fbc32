import Foundation
@testable import TeamAnalysis
import TestSupport
import XCTest

/// Direction hypotheses counted in one reading (`CountingPass` with `hypotheses`, issue 24): each
/// hypothesis's report must be exactly the one its own pass gives (`hypothesesPerReading = 1`,
/// the pass per hypothesis it replaced), with the flows and with one thread.
final class SharedHypothesisPassTests: XCTestCase {
    func reports(_ specs: [CaptureSpec], _ options: AnalysisOptions, perReading: Int) throws -> [String] {
        let analyzer = try TeamAnalyzer(specs: specs, options: options)
        analyzer.hypothesesPerReading = perReading
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let (each, _) = analyzer.hypothesisReports()
        var out = try each.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        out.append(String(decoding: try encoder.encode(analyzer.run()), as: UTF8.self))
        return out
    }

    func assertOneReadingEqualsAPassEach(_ specs: [CaptureSpec], hypotheses: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        for parallel in [true, false] {
            var options = AnalysisOptions()
            options.parallel = parallel
            let shared = try reports(specs, options, perReading: 8)
            let separate = try reports(specs, options, perReading: 1)
            XCTAssertEqual(shared.count, hypotheses + 1, "a report per hypothesis, then the judged one", file: file, line: line)
            XCTAssertEqual(shared.count, separate.count, file: file, line: line)
            for (k, (a, b)) in zip(shared, separate).enumerated() {
                XCTAssertEqual(a, b, "hypothesis \(k) of \(hypotheses) (parallel: \(parallel)): one reading differs from a pass of its own",
                               file: file, line: line)
            }
            // The hypotheses differ: the test would not notice a hypothesis counted as another.
            XCTAssertNotEqual(shared[0], shared[1], file: file, line: line)
        }
    }

    /// The lacp-l34 sample's A files alone: two stations, LACP on both members (undirected).
    func testLACPSampleOneHost() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/"
        try assertOneReadingEqualsAPassEach(["eth0", "eth1"].map { CaptureSpec(path: root + "\($0).pcap") }, hypotheses: 2)
    }

    /// The smb-multichannel sample's A files alone: SMB sessions over both members, gzip inputs
    /// (read on threads of their own).
    func testSMBSampleOneHost() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/A/"
        try assertOneReadingEqualsAPassEach(["NIC1", "NIC2"].map { CaptureSpec(path: root + "\($0).pcap.gz") }, hypotheses: 2)
    }
}
