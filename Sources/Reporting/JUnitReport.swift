import Claims

/// Renders claim verdicts as JUnit XML for a lab's CI: one test case per claim. Control
/// characters, which XML 1.0 cannot carry even as references, are shown as `\u{1B}`.
public enum JUnitReport {
    public static func render(_ results: [ClaimResult], suite: String = "teamscope verify") -> String {
        let failures = results.filter { !$0.passed }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"\(escape(suite))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        for r in results {
            out += "    <testcase classname=\"teamscope.claims\" name=\"\(escape(r.name))\">\n"
            if r.passed {
                out += "      <system-out>\(escape(r.evidence))</system-out>\n"
            } else {
                out += "      <failure message=\"\(escape(r.evidence))\">\(escape(r.evidence))</failure>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// XML 1.0 text and attribute values: the same five references as HTML (`HTMLEscape`).
    static func escape(_ s: String) -> String { HTMLEscape.text(s) }
}
