import Foundation
import XCTest

/// Headless Chromium (Debian package `chromium`): renders a page from disk to a PNG and
/// returns what the page said on its console (errors, Content-Security-Policy refusals of any
/// load). TeamScope's pages forbid every load in their CSP, so a resource the page tried to
/// fetch shows up here as a console line.
public enum HeadlessBrowser {
    /// Chromium, or an XCTSkip saying it is not installed.
    public static func chromium() throws -> String {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if let p = TestEnvironment.which(name) { return p }
        }
        throw XCTSkip("Chromium is not installed (make test installs the Debian package chromium): the browser tests are skipped")
    }

    /// Whether a Chromium is installed.
    public static var available: Bool { (try? chromium()) != nil }

    public struct Rendering {
        public var png: PNGImage
        /// Console messages of the page ("INFO:CONSOLE…" lines of Chromium's log).
        public var console: [String]
        public var log: String
    }

    /// Renders `html` (a file) at `width` × `height` CSS pixels.
    public static func render(_ html: String, width: Int = 1280, height: Int = 2400) throws -> Rendering {
        let browser = try chromium()
        let dir = try TestEnvironment.temporaryFolder("chromium")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let png = dir + "/page.png"
        let r = try TestEnvironment.run(browser, [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(dir)/profile", "--enable-logging=stderr", "--v=0",
            "--window-size=\(width),\(height)", "--screenshot=\(png)", URL(fileURLWithPath: html).absoluteString,
        ])
        guard r.status == 0, FileManager.default.fileExists(atPath: png) else {
            throw PNGImage.Failure(description: "chromium exited \(r.status) without a screenshot: \(r.stderr.suffix(2000))")
        }
        let console = r.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Rendering(png: try PNGImage(path: png), console: console, log: r.stderr)
    }
}
