/// Text from a capture or a claims file made inert in HTML (HTML Living Standard §13.1.2.3
/// "attribute value (double-quoted)" and §13.1.3 "text"): `&`, `<`, `>`, `"` and `'` become
/// character references everywhere, so one function serves text and attribute values alike;
/// control characters are first made visible as `\u{1B}` (`TextFormat.visible`), never passed
/// through. An existing reference in the input (`&lt;`) is escaped too: the page shows what the
/// capture holds, character for character. The same references serve XML 1.0 (JUnit).
enum HTMLEscape {
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in TextFormat.visible(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// The same escaping, named for where it goes.
    static func attribute(_ s: String) -> String { text(s) }
}
