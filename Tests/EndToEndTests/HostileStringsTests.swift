import CaptureIO
import CSV
import Foundation
import TestSupport
import XCTest

/// Interface names and descriptions from a capture, and claim names from a claims file, that
/// try to break out of every format: `<script>`, an attribute breaker, `</svg>`, a Markdown
/// link and cell separator, a spreadsheet formula and terminal escapes. Every output shows
/// them as text.
final class HostileStringsTests: XCTestCase {
    static let names = ["eth0<script>alert(1)</script>|[x](http://192.0.2.1)\u{1B}[31m", "=1+2 eth1\" onmouseover=\"alert(1)\" x='</svg><img src=x onerror=alert(2)>"]
    static let descriptions = ["=HYPERLINK(\"http://192.0.2.1\")|[link](http://192.0.2.1)", "+cmd|' /C calc'!A0\u{7}\r\nnext"]

    /// The lacp-l34 sample's host A as one pcapng whose two interfaces carry the hostile names.
    func hostileCapture(in dir: String) throws -> String {
        let path = dir + "/hostile.pcapng"
        let w = try CaptureWriter(path: path, format: .pcapng, interfaces: zip(Self.names, Self.descriptions).map { CaptureWriter.Interface(name: $0, description: $1) })
        var records: [(Int64, Int, [UInt8], Int)] = []
        for (i, member) in ["eth0", "eth1"].enumerated() {
            let r = try CaptureFile.open(TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/\(member).pcap")
            while let rec = try r.next() { records.append((rec.timestamp, i, Array(rec.bytes), rec.wireLength)) }
        }
        for r in records.sorted(by: { $0.0 < $1.0 }) { w.write(timestamp: r.0, interface: r.1, bytes: r.2, wireLength: r.3) }
        w.close()
        return path
    }

    func analyze(_ args: [String]) throws -> String {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    static func controlCharacters(_ s: String, allowing: Set<UInt32> = [0x0A]) -> [UInt32] {
        s.unicodeScalars.map(\.value).filter { ($0 < 0x20 || (0x7F...0x9F).contains($0)) && !allowing.contains($0) }
    }

    func testHostileNamesAreInertInEveryFormat() throws {
        let dir = try TestEnvironment.temporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let capture = try hostileCapture(in: dir)
        let arg = "A/*=" + capture

        // HTML: nothing of theirs becomes markup; the browser runs nothing and loads nothing.
        let html = try analyze(["--format", "html", arg])
        XCTAssertTrue(html.contains("eth0&lt;script&gt;alert(1)&lt;/script&gt;|[x](http://192.0.2.1)\\u{1B}[31m"), "the name is shown as text")
        XCTAssertTrue(html.contains("=1+2 eth1&quot; onmouseover=&quot;alert(1)&quot; x=&#39;&lt;/svg&gt;&lt;img"))
        for markup in ["<script", "<img", "onmouseover=\"", "x='"] { XCTAssertFalse(html.contains(markup), "\(markup) reached the page") }
        XCTAssertEqual(html.components(separatedBy: "<svg").count, html.components(separatedBy: "</svg>").count, "a name closed an svg")
        XCTAssertEqual(Self.controlCharacters(html), [], "a control character reached the page")
        if HeadlessBrowser.available {
            let page = dir + "/hostile.html"
            try html.write(toFile: page, atomically: true, encoding: .utf8)
            let shown = try HeadlessBrowser.render(page)
            XCTAssertEqual(shown.console, [], "the browser blocked or ran something: \(shown.console)")
        }

        // Markdown: no HTML, no link, no extra cell.
        let md = try analyze(["--format", "markdown", arg])
        for markup in ["<script", "<img", "</svg", "[x]("] { XCTAssertFalse(md.contains(markup), "\(markup) reached the Markdown") }
        XCTAssertEqual(Self.controlCharacters(md), [])
        for table in md.components(separatedBy: "\n\n") where table.hasPrefix("| ") {
            let rows = table.split(separator: "\n")
            // Unescaped `|` per row: the header's count in every row.
            func separators(_ row: Substring) -> Int {
                var n = 0, escaped = false
                for c in row {
                    if c == "|" && !escaped { n += 1 }
                    escaped = c == "\\" && !escaped
                }
                return n
            }
            XCTAssertEqual(Set(rows.map(separators)).count, 1, "a name split a Markdown cell: \(table)")
        }

        // CSV: every row has the header's fields; no cell starts a formula; no raw control character.
        let csvDir = dir + "/csv"
        _ = try analyze(["--format", "csv", "-o", csvDir, arg])
        for table in ["members", "flows", "throughput"] {
            let text = try String(contentsOfFile: "\(csvDir)/\(table).csv", encoding: .utf8)
            XCTAssertEqual(Self.controlCharacters(text, allowing: [0x0A, 0x0D]), [], table)
            let reader = try CSVReader(string: text, hasHeaderRow: true)
            let width = try XCTUnwrap(reader.headerRow).count
            var rows = 0
            while let row = reader.next() {
                XCTAssertEqual(row.count, width, "\(table): \(row)")
                for cell in row { XCTAssertFalse(cell.first.map { "=+-@".contains($0) } ?? false && !(Double(cell) != nil), "\(table): formula cell \(cell)") }
                rows += 1
            }
            XCTAssertGreaterThan(rows, 0, table)
            if table == "members" {
                XCTAssertTrue(text.contains("eth0<script>"), "the name is kept, as text")
                XCTAssertTrue(text.contains("'=1+2 eth1"), "a name starting a formula is prefixed with '")
            }
        }

        // Terminal, coloured: the only escapes are TeamScope's own colours.
        let text = try analyze(["--color", "always", arg])
        let escapes = text.components(separatedBy: "\u{1B}").dropFirst().map { String($0.prefix(while: { $0 != "m" })) }
        XCTAssertFalse(escapes.isEmpty, "--color always colours")
        XCTAssertEqual(Set(escapes).subtracting(["[0", "[1", "[2", "[31", "[32", "[33", "[36"]), [], "an escape of the capture's reached the terminal")
        XCTAssertEqual(Self.controlCharacters(text, allowing: [0x0A, 0x1B]), [])
        XCTAssertTrue(text.contains("eth0<script>alert(1)</script>|[x](http://192.0.2.1)\\u{1B}[31m"))
    }

    /// Claim names with markup and escapes: inert in verify's HTML and Markdown.
    func testHostileClaimNamesAreInert() throws {
        let dir = try TestEnvironment.temporaryFolder("hostile")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let claims = dir + "/claims.yaml"
        try """
        claims:
          - name: "<script>alert(1)</script> \\" onclick=\\"x\\" | [l](http://192.0.2.1) \\e[31m"
            host: A
            sent_members: {at_least: 1}
        """.write(toFile: claims, atomically: true, encoding: .utf8)
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/"
        let args = ["A/eth0=\(root)A/eth0.pcap", "A/eth1=\(root)A/eth1.pcap"]
        for format in ["html", "markdown"] {
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims, "--format", format] + args)
            XCTAssertLessThan(r.status, 2, r.stderr)
            XCTAssertFalse(r.stdout.contains("<script"), format)
            XCTAssertEqual(Self.controlCharacters(r.stdout), [], format)
            if format == "html" {
                XCTAssertFalse(r.stdout.contains("onclick=\""), "an attribute of the claim's reached the page")
                XCTAssertTrue(r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot; onclick=&quot;x&quot;"), r.stdout)
                XCTAssertTrue(r.stdout.contains("\\u{1B}[31m"), "the escape is shown as text")
            } else {
                XCTAssertFalse(r.stdout.contains("[l]("), "a link of the claim's reached the Markdown")
                // Markdown source of the visible text `\u{1B}[31m`: backslash and bracket escaped.
                XCTAssertTrue(r.stdout.contains("\\\\u{1B}\\[31m"), r.stdout)
            }
        }
    }
}
