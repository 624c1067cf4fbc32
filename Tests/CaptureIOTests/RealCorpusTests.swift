import CaptureIO
import Foundation
import TestSupport
import XCTest

/// The third-party captures in ../shared/corpus/real: packet counts equal TShark's, per file and
/// per pcapng interface; and cutting any of them anywhere gives an error with the offset, never a crash.
final class RealCorpusTests: XCTestCase {
    private func corpusFiles() throws -> [String] {
        let root = try TestEnvironment.corpus("real")
        return try FileManager.default.contentsOfDirectory(atPath: root)
            .filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") || $0.hasSuffix(".gz") }
            .sorted().map { "\(root)/\($0)" }
    }

    func testPacketCountsEqualTShark() throws {
        let files = try corpusFiles()
        XCTAssertGreaterThanOrEqual(files.count, 18)
        for path in files {
            let (records, _, error) = try readAll(path)
            XCTAssertNil(error, path)
            let frames = try TestEnvironment.tsharkFields(path, ["frame.interface_id"])
            XCTAssertEqual(records.count, frames.count, (path as NSString).lastPathComponent)
            // Per interface, as TShark numbers them.
            var ours: [Int: Int] = [:], theirs: [Int: Int] = [:]
            for r in records { ours[r.iface, default: 0] += 1 }
            for f in frames { theirs[Int(f) ?? 0, default: 0] += 1 }
            XCTAssertEqual(ours, theirs, (path as NSString).lastPathComponent)
        }
    }

    func testCuttingAnyFileGivesAnErrorWithItsOffset() throws {
        let dir = try TestEnvironment.temporaryFolder("cuts")
        for path in try corpusFiles() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let full = try readAll(path).records.count
            // Dense near the start (headers), then evenly spread cuts (fewer for gzip, which
            // must inflate from the start each time).
            let spread = path.hasSuffix(".gz") ? 12 : 48
            var cuts = Set(0..<min(data.count, path.hasSuffix(".gz") ? 40 : 160))
            for k in 1..<spread { cuts.insert(data.count * k / spread) }
            for cut in cuts.sorted() where cut < data.count {
                let cutPath = dir + "/" + (path as NSString).lastPathComponent
                try data.prefix(cut).write(to: URL(fileURLWithPath: cutPath))
                do {
                    let (records, _, error) = try readAll(cutPath)
                    XCTAssertLessThanOrEqual(records.count, full)
                    if let error {
                        XCTAssertTrue(error.description.hasPrefix(cutPath + ": byte \(error.offset): "), error.description)
                        if !path.hasSuffix(".gz") { XCTAssertLessThanOrEqual(error.offset, cut, error.description) }
                    } else {
                        XCTAssertFalse(path.hasSuffix(".gz"), "a cut gzip stream must be reported (cut \(cut))")
                    }
                } catch let error as CaptureError {
                    XCTAssertTrue(error.description.hasPrefix(cutPath + ": byte "), error.description)
                }
            }
        }
    }
}
