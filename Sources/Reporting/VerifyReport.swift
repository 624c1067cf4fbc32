import Claims

/// Renders `verify`'s verdicts: one line per claim with its evidence, then the totals.
public enum VerifyReport {
    /// `verify --format json`: the totals and every claim's verdict.
    public struct Output: Codable, Sendable {
        public var passed: Int
        public var failed: Int
        public var claims: [ClaimResult]
    }

    /// Reads what `json` wrote.
    public static func parse(_ text: String) throws -> Output { try JSONOutput.parse(Output.self, from: text) }

    /// One line per claim, wrapped to `width` (nil: never).
    public static func text(_ results: [ClaimResult], width: Int? = TextReport.defaultWidth, style: TerminalStyle = .plain) -> String {
        var out = TextPage(width: width)
        for r in results { out += "\(r.passed ? "PASS" : "FAIL")  \(TextFormat.visible(r.name)): \(TextFormat.visible(r.evidence))\n" }
        let passed = results.filter(\.passed).count, failed = results.count - passed
        out += "\(passed) \(passed == 1 ? "claim holds" : "claims hold"), \(failed) \(failed == 1 ? "fails" : "fail")\n"
        return out.rendered(style: style, tones: ["PASS": .green, "FAIL": .red])
    }

    /// `verify --format markdown`: one table row per claim, then the totals.
    public static func markdown(_ results: [ClaimResult]) -> String {
        let passed = results.filter(\.passed).count
        return "# TeamScope verify\n\n" + MarkdownReport.table(["verdict", "claim", "evidence"], results.map { [$0.passed ? "PASS" : "FAIL", $0.name, $0.evidence] })
            + "\n\(passed) of \(TextFormat.plural(results.count, "claim")) hold.\n"
    }

    public static func json(_ results: [ClaimResult]) throws -> String {
        let passed = results.filter(\.passed).count
        return try JSONOutput.render(Output(passed: passed, failed: results.count - passed, claims: results))
    }
}
