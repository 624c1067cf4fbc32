import Foundation
import TeamAnalysis
import TestSupport
import XCTest

/// `TeamAnalyzer.onProgress`: what a progress line is drawn from.
final class AnalysisProgressTests: XCTestCase {
    func progress(_ files: [String]) throws -> [AnalysisProgress] {
        let analyzer = try TeamAnalyzer(specs: files.map(CaptureSpec.parse), options: AnalysisOptions())
        nonisolated(unsafe) var seen: [AnalysisProgress] = []
        analyzer.onProgress = { seen.append($0) }
        let report = analyzer.run()
        XCTAssertEqual(seen.last?.packets, report.packetsRead, "every packet is counted by the end")
        return seen
    }

    func testTheTotalIsTheFilesSizeAndTheEndIsSaid() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/"
        let files = [root + "A/eth0.pcap", root + "A/eth1.pcap", root + "B/eth0.pcap", root + "B/eth1.pcap"]
        let seen = try progress(files)
        let size = try files.map { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }.reduce(0, +)
        // 3,204 packets: no update before the end (one every 65,536), then the end.
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.last, AnalysisProgress(packets: seen.last!.packets, bytesRead: size, bytesTotal: size, finished: true))
        XCTAssertEqual(seen.last?.fraction, 1)
    }

    /// One host's files whose direction nothing decides are judged under each hypothesis in one
    /// reading: the total is the files' size once, and the end is said once.
    func testHypothesesAreCountedInOneReading() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/"
        let files = [root + "eth0.pcap", root + "eth1.pcap"]
        let seen = try progress(files)
        let size = try files.map { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }.reduce(0, +)
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.last?.bytesTotal, size)
        XCTAssertEqual(seen.last?.bytesRead, size)
        XCTAssertEqual(seen.last?.finished, true)
    }

    /// A gzip file's total is its trailer's ISIZE: the uncompressed size, which the records'
    /// offsets count.
    func testAGzipFilesTotalIsItsUncompressedSize() throws {
        let path = TestEnvironment.repositoryRoot + "/Captures/balance-rr/eth0.pcap.gz"
        let compressed = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let isize = data.suffix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let seen = try progress([path])
        XCTAssertGreaterThan(isize, compressed)
        XCTAssertEqual(seen.last?.bytesTotal, isize)
    }
}
