import Foundation
import TeamAnalysis
import TestSupport
import XCTest

/// Records whose captured length exceeds their wire length, or is 0, counted as TShark counts
/// them and reported instead of passing without a word.
final class RecordLengthTests: XCTestCase {
    private func analyze(_ dir: String) throws -> (path: String, report: AnalysisReport) {
        let path = dir + "/eth0.pcap"
        try Data(CraftedCaptures.recordAnomalies).write(to: URL(fileURLWithPath: path))
        return (path, try TeamAnalyzer(specs: [CaptureSpec(path: path)], options: AnalysisOptions()).run())
    }

    func testImpossibleLengthsAreCountedAndReported() throws {
        let dir = try TestEnvironment.temporaryFolder("record-lengths")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, r) = try analyze(dir)
        XCTAssertEqual(r.packetsRead, 4)
        XCTAssertEqual(r.members.first?.packets, 4)
        XCTAssertEqual(r.members.first?.bytes, 16 + 14 + 60 + 0, "each record's wire length as recorded")
        XCTAssertEqual(r.warningDetails?.filter { $0.kind == .capturedBeyondWire },
                       [AnalysisWarning(.capturedBeyondWire, path: path, packets: 1, offset: 56)])
        XCTAssertEqual(r.warningDetails?.filter { $0.kind == .emptyRecords },
                       [AnalysisWarning(.emptyRecords, path: path, packets: 2, offset: 88)])
    }

    /// TShark (4.0.17 measured): four frames, frame.len 16, 14, 60, 0 — the bytes counted here
    /// (capinfos' data size says 90 too).
    func testTSharkCountsTheSame() throws {
        _ = try TestEnvironment.tshark()
        let dir = try TestEnvironment.temporaryFolder("record-lengths-tshark")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (path, r) = try analyze(dir)
        let lengths = try TestEnvironment.tsharkFields(path, ["frame.len"]).compactMap { Int($0) }
        XCTAssertEqual(lengths.count, 4)
        XCTAssertEqual(lengths.reduce(0, +), r.members.first?.bytes)
    }
}
