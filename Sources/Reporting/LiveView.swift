import CaptureIO
import TeamAnalysis

/// `teamscope capture`'s view on a terminal, redrawn once a second in place: per member the
/// bits per second sent and received over the last second as bars, drops; the top flows with
/// the members carrying them; the latest link events and moves.
public enum LiveView {
    /// What the previous frame left: how many lines to redraw over, and the members' byte
    /// counters then (for the rate over the last second).
    public struct State: Sendable {
        var lines = 0
        var bytes: [String: (sent: Int, received: Int)] = [:]
        var atNs: Int64 = 0
        public init() {}
    }

    static let barWidth = 24

    /// A bar of `value` against `top`: `width` cells, full blocks and an eighth-block end.
    static func bar(_ value: Double, top: Double, width: Int = barWidth) -> String {
        guard top > 0, value > 0 else { return String(repeating: "·", count: width) }
        let eighths = Int((min(value / top, 1) * Double(width * 8)).rounded())
        let full = eighths / 8, rest = eighths % 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][rest]
        let used = full + (rest > 0 ? 1 : 0)
        return String(repeating: "█", count: full) + partial + String(repeating: "·", count: max(0, width - used))
    }

    /// The frame: the cursor moved back over the previous one, which is cleared.
    /// `width`: the terminal's columns; every line is cut to it, so that the next frame's
    /// cursor movement covers exactly this one.
    public static func frame(_ report: AnalysisReport, statistics: [String: LiveStatistics], elapsedNs: Int64, width: Int = 100, state: inout State) -> String {
        let r = Phrasebook.worded(report)
        var lines: [String] = []
        let seconds = max(0.001, Double(elapsedNs - state.atNs) / 1e9)
        var rates: [(String, Double, Double)] = []
        for m in r.members {
            let before = state.bytes[m.name] ?? (0, 0)
            rates.append((m.name, Double(m.sent.bytes - before.sent) * 8 / seconds, Double(m.received.bytes - before.received) * 8 / seconds))
            state.bytes[m.name] = (m.sent.bytes, m.received.bytes)
        }
        state.atNs = elapsedNs
        let drops = statistics.values.reduce(LiveStatistics(), +)
        lines.append("capturing \(TextFormat.duration(elapsedNs)): \(TextFormat.count(r.packetsRead)) packets, "
                     + "drops \(TextFormat.count(Int(drops.kernelDrops))) kernel, \(TextFormat.count(Int(drops.interfaceDrops))) interface — Ctrl-C ends and reports")
        let top = rates.map { max($0.1, $0.2) }.max() ?? 0
        let width = r.members.map { TextFormat.visible($0.name).count }.max() ?? 0
        for (name, sent, received) in rates {
            let s = statistics[name]
            let padded = TextFormat.visible(name).padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(padded)  sent \(bar(sent, top: top)) \(TextFormat.rate(sent).padding(toLength: 11, withPad: " ", startingAt: 0))"
                         + "received \(bar(received, top: top)) \(TextFormat.rate(received).padding(toLength: 11, withPad: " ", startingAt: 0))"
                         + (s.map { $0.kernelDrops + $0.interfaceDrops > 0 ? " drops \($0.kernelDrops + $0.interfaceDrops)" : "" } ?? ""))
        }
        for f in r.flows.prefix(5) {
            let carriers = f.directions.filter { $0.bytes > 0 }.map { "\($0.direction.rawValue) \(TextFormat.carriers($0, separator: "+"))" }.joined(separator: ", ")
            lines.append("  \(TextFormat.visible(TextFormat.endpoints(f)))  \(TextFormat.bytes(f.bytes))  \(carriers)\(f.moves.isEmpty ? "" : ", \(TextFormat.plural(f.moves.count, "move"))")")
        }
        for e in (r.linkEvents ?? []).suffix(3) {
            lines.append("  \(TextFormat.time(e.timeNs)) \(TextFormat.visible(e.member)) \(e.event)")
        }
        let up = state.lines > 0 ? "\u{1B}[\(state.lines)F" : ""
        state.lines = lines.count
        let cut = max(20, width - 1)
        return up + "\u{1B}[J" + lines.map { ($0.count > cut ? String($0.prefix(cut - 1)) + "…" : $0) + "\n" }.joined()
    }

    /// Clears the last frame (before the report is printed).
    public static func erase(_ state: inout State) -> String {
        defer { state.lines = 0 }
        return state.lines > 0 ? "\u{1B}[\(state.lines)F\u{1B}[J" : ""
    }
}
