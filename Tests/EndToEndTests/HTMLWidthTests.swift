import Foundation
import LabTraffic
import Reporting
import TestSupport
import XCTest

/// Issue 23 item 12: at 1280 px every table of every sample's page fits (no horizontal
/// scrollbar), and the summary and findings come before the first chart.
final class HTMLWidthTests: XCTestCase {
    /// Measured by a copy of the page with a script that logs each table wider than its box
    /// (the page itself runs no script: its CSP forbids it, so the copy drops the CSP).
    func testEveryTableFitsAt1280Pixels() throws {
        _ = try HeadlessBrowser.chromium()
        let dir = try TestEnvironment.temporaryFolder("html-width")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The samples, and the RoCEv2 lab for the RDMA table.
        var pages = SampleCaptures.samples.map { (name: $0.name, arguments: $0.arguments) }
        pages.append((name: "rocev2", arguments: try RoCEv2Scenario().write(to: dir + "/rocev2")))
        for sample in pages {
            let path = "\(dir)/\(sample.name).html"
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "html", "-o", path] + sample.arguments,
                                            in: TestEnvironment.repositoryRoot)
            XCTAssertEqual(r.status, 0, r.stderr)
            var html = try String(contentsOfFile: path, encoding: .utf8)
            // The answer first: the summary and the findings above every chart.
            let summary = try XCTUnwrap(html.range(of: "<h2>Summary</h2>")).lowerBound
            let findings = try XCTUnwrap(html.range(of: "<h2>Findings</h2>")).lowerBound
            let chart = try XCTUnwrap(html.range(of: "<svg")).lowerBound
            XCTAssertLessThan(summary, findings, sample.name)
            XCTAssertLessThan(findings, chart, sample.name)
            html = html.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy""#, with: #"<meta name="csp-removed-for-the-test""#)
            let probe = """
            <script>
            const boxes = document.querySelectorAll('.scroll');
            for (const e of boxes) if (e.scrollWidth > e.clientWidth + 1) console.log('OVERFLOW ' + e.scrollWidth + ' > ' + e.clientWidth + ': ' + e.textContent.slice(0, 60));
            if (document.documentElement.scrollWidth > window.innerWidth) console.log('OVERFLOW page ' + document.documentElement.scrollWidth);
            console.log('CHECKED ' + boxes.length + ' at ' + window.innerWidth);
            </script>
            """
            html = html.replacingOccurrences(of: "</body>", with: probe + "</body>")
            let probed = "\(dir)/\(sample.name)-probe.html"
            try html.write(toFile: probed, atomically: true, encoding: .utf8)
            let shown = try HeadlessBrowser.render(probed, width: 1280)
            XCTAssertTrue(shown.console.contains { $0.contains("CHECKED") && $0.contains("at 1280") }, "\(sample.name): the probe did not run: \(shown.console)")
            XCTAssertEqual(shown.console.filter { $0.contains("OVERFLOW") }, [], sample.name)
        }
    }
}
