import Monitoring
import TeamAnalysis
import TestSupport
import XCTest

/// The exposition in one order whatever order swift-prometheus keeps its families in (a
/// dictionary's, which changes from process to process): families by name, samples by text,
/// histogram children as emitted.
final class ExpositionOrderTests: XCTestCase {
    func testFamiliesByNameSamplesByTextHistogramsAsEmitted() {
        let emitted = """
            # HELP b_total B.
            # TYPE b_total counter
            b_total{m="2"} 5
            b_total{m="1"} 7
            # TYPE c_seconds histogram
            c_seconds_bucket{le="0.5"} 1
            c_seconds_bucket{le="+Inf"} 2
            c_seconds_sum 0.7
            c_seconds_count 2
            # HELP a A.
            # TYPE a gauge
            a{m="z"} 1
            a{m="y"} 0

            """
        let want = """
            # HELP a A.
            # TYPE a gauge
            a{m="y"} 0
            a{m="z"} 1
            # HELP b_total B.
            # TYPE b_total counter
            b_total{m="1"} 7
            b_total{m="2"} 5
            # TYPE c_seconds histogram
            c_seconds_bucket{le="0.5"} 1
            c_seconds_bucket{le="+Inf"} 2
            c_seconds_sum 0.7
            c_seconds_count 2

            """
        XCTAssertEqual(String(decoding: ExpositionOrder.canonical(Array(emitted.utf8)), as: UTF8.self), want)
    }

    /// The sample's metrics: every family after the one before it by name, every sample after the
    /// one before it within its family; the canonical form of the exposition is itself.
    func testTheSamplesExpositionIsInOrder() throws {
        let dir = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let specs = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { CaptureSpec.parse("\(dir)/\($0).pcap") }
        let metrics = TeamMetrics(topFlows: 5, version: "test")
        metrics.update(try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run(), nowNs: 0, buildSeconds: 0)
        let bytes = metrics.exposition()
        XCTAssertEqual(ExpositionOrder.canonical(bytes), bytes)
        var names: [String] = [], previousSample: String?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init) {
            if line.hasPrefix("# TYPE ") {
                names.append(String(line.split(separator: " ")[2]))
                previousSample = nil
            } else if !line.hasPrefix("#") {
                if let p = previousSample { XCTAssertLessThan(p, line) }
                previousSample = line
            }
        }
        XCTAssertGreaterThan(names.count, 10)
        XCTAssertEqual(names, names.sorted())
    }
}
