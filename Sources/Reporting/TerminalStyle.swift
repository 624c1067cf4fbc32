/// Colours for a terminal (ECMA-48 SGR sequences), applied to whole words after the page is
/// laid out so that widths are counted without them. Off unless the command decided the output
/// is a terminal that wants colour (`--color`, `NO_COLOR`, `FORCE_COLOR`, `TERM=dumb`).
///
/// Not onevcat/Rainbow: its switch is process-wide (`Rainbow.enabled`, `outputTarget` decided
/// once from standard output), while the report may go to `-o FILE` or to several renderers
/// at once in tests; the decision here is a parameter.
public struct TerminalStyle: Sendable, Equatable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TerminalStyle(enabled: false)

    public enum Tone: String, Sendable {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    func apply(_ s: String, _ tone: Tone) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(tone.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// Whether colour is wanted: `choice` always/never decide; auto means a terminal on `isTTY`,
    /// `TERM` not "dumb", and no `NO_COLOR` (https://no-color.org) unless `FORCE_COLOR` is set
    /// (non-empty, not "0").
    public static func decide(choice: String, isTTY: Bool, environment: [String: String]) -> Bool {
        switch choice {
        case "always": return true
        case "never": return false
        default:
            func set(_ k: String) -> Bool { environment[k].map { !$0.isEmpty && $0 != "0" } ?? false }
            if set("FORCE_COLOR") { return true }
            if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            return isTTY && environment["TERM"] != "dumb"
        }
    }
}
