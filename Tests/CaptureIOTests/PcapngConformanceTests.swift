import CaptureIO
import Foundation
import TestSupport
import XCTest

/// The public pcapng reader conformance suite in ../shared/corpus/pcapng-conformance: every
/// file, in both byte orders, must read with exactly the block sequence its .txt lists.
final class PcapngConformanceTests: XCTestCase {
    func testEveryFileMatchesItsDescription() throws {
        let root = try TestEnvironment.corpus("pcapng-conformance")
        var checked = 0
        for order in ["le", "be"] {
            for category in ["basic", "advanced", "difficult"] {
                let dir = "\(root)/\(order)/\(category)"
                let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pcapng") }.sorted()
                for file in files {
                    let path = "\(dir)/\(file)"
                    let txt = try String(contentsOfFile: path.replacingOccurrences(of: ".pcapng", with: ".txt"), encoding: .utf8)
                    let expected = txt.split(separator: "\n").first { $0.hasPrefix("Block sequence:") }
                        .map { $0.dropFirst("Block sequence:".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
                    var counts: [String: Int] = [:]
                    for line in txt.split(separator: "\n") where line.hasPrefix("\t") {
                        let parts = line.split(separator: ":")
                        if parts.count == 2, let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) {
                            counts[parts[0].trimmingCharacters(in: .whitespaces)] = n
                        }
                    }
                    let (records, reader, error) = try readAll(path)
                    XCTAssertNil(error, "\(order)/\(category)/\(file): \(String(describing: error))")
                    XCTAssertEqual(CaptureFile.blockSequence(of: reader), expected, "\(order)/\(category)/\(file)")
                    XCTAssertEqual(records.count, (counts["EPB"] ?? 0) + (counts["SPB"] ?? 0) + (counts["PB"] ?? 0), "\(order)/\(category)/\(file)")
                    for (kind, n) in counts {
                        XCTAssertEqual(reader.blockCounts[kind] ?? 0, n, "\(order)/\(category)/\(file): \(kind)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 48, "both byte orders of all 24 files")
    }
}
