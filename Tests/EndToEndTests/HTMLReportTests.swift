import Foundation
import LabTraffic
import Reporting
import TestSupport
import XCTest

/// The HTML report in a real browser: every sample's page renders in headless Chromium with no
/// console message (its CSP turns any attempted load into one), is not blank, draws the charts
/// it should, and fetches nothing.
final class HTMLReportTests: XCTestCase {
    /// The sample's page as `analyze --format html` writes it.
    func page(_ sample: SampleCaptures.Sample, into dir: String) throws -> String {
        let path = "\(dir)/\(sample.name).html"
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "html", "-o", path] + sample.arguments,
                                        in: TestEnvironment.repositoryRoot)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path
    }

    /// Everything a page could load from somewhere: there must be none.
    static func references(_ html: String) -> [String] {
        ["src=", "href=", "url(", "@import", "<link", "<script", "<iframe", "<object", "<embed", "srcset="].filter { html.contains($0) }
    }

    func testEverySamplePageRendersInChromiumWithoutErrors() throws {
        _ = try HeadlessBrowser.chromium()
        let dir = try TestEnvironment.temporaryFolder("html")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for sample in SampleCaptures.samples {
            let path = try page(sample, into: dir)
            let html = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "\(sample.name): the page must forbid every load")
            XCTAssertEqual(Self.references(html), [], "\(sample.name) refers to something outside the page")
            let hosts = try JSONReport.parse(try String(contentsOfFile: "\(TestEnvironment.repositoryRoot)/Reports/\(sample.name).json", encoding: .utf8)).hosts.count
            // Per host: sent and received throughput, share bars; then the flow timeline.
            XCTAssertEqual(html.components(separatedBy: "aria-label=\"").filter { $0.contains("bits per second sent per member") }.count, hosts, sample.name)
            XCTAssertEqual(html.components(separatedBy: "bits per second received per member").count - 1, hosts, sample.name)
            XCTAssertEqual(html.components(separatedBy: "share per member of what was sent and received").count - 1, hosts, sample.name)
            XCTAssertTrue(html.contains("aria-label=\"flows over time by member\""), sample.name)
            XCTAssertEqual(html.components(separatedBy: "<svg").count, html.components(separatedBy: "</svg>").count, "\(sample.name): unbalanced svg")
            if hosts == 2 { XCTAssertTrue(html.contains("aria-label=\"member-to-member bytes\""), sample.name) }
            if sample.name == "smb-multichannel" { XCTAssertTrue(html.contains("aria-label=\"SMB session 0x"), sample.name) }
            let shown = try HeadlessBrowser.render(path)
            XCTAssertEqual(shown.console, [], "\(sample.name): the browser reported \(shown.console)")
            let ink = shown.png.ink
            XCTAssertGreaterThan(ink.share, 0.03, "\(sample.name): the page rendered (almost) blank")
            // The member colours: at least the palette's first two and text.
            XCTAssertGreaterThan(ink.colours, 16, "\(sample.name): too few colours for charts")
            XCTAssertEqual(shown.png.width, 1280)
        }
    }

    /// The checks above can fail: a page that loads an image and runs a script is reported by
    /// the browser, and a blank page has no ink.
    func testTheBrowserCheckSeesLoadsScriptsAndBlankPages() throws {
        _ = try HeadlessBrowser.chromium()
        let dir = try TestEnvironment.temporaryFolder("html")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        let bad = "\(dir)/bad.html"
        try "<!DOCTYPE html><html><head>\(csp)</head><body><p>x</p><img src=\"http://192.0.2.1/a.png\"><script>console.error('x')</script></body></html>"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let shown = try HeadlessBrowser.render(bad, width: 400, height: 300)
        XCTAssertEqual(shown.console.count, 2, shown.log)
        XCTAssertTrue(shown.console.contains { $0.contains("192.0.2.1") }, "\(shown.console)")
        XCTAssertEqual(Self.references(try String(contentsOfFile: bad, encoding: .utf8)), ["src=", "<script"])
        let blank = "\(dir)/blank.html"
        try "<!DOCTYPE html><html><head>\(csp)</head><body></body></html>".write(toFile: blank, atomically: true, encoding: .utf8)
        XCTAssertEqual(try HeadlessBrowser.render(blank, width: 400, height: 300).png.ink.share, 0)
    }
}
