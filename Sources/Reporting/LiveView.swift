import CaptureIO
import TeamAnalysis

/// `teamscope capture`'s view on a terminal, redrawn once a second in place and laid out for the
/// terminal's width (80 to 200 columns; wider terminals get the 200-column layout): per member
/// the bits per second sent and received over the last second as bars and the drops; the top
/// flows with the members carrying them and their moves; the latest link events.
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
    /// The narrowest and widest layouts.
    static let columns = 80...200
    /// Member names longer than this are cut (with an ellipsis) so the bars keep their room.
    static let nameLimit = 16
    static let rateWidth = 10

    /// A bar of `value` against `top`: `width` cells, full blocks and an eighth-block end.
    static func bar(_ value: Double, top: Double, width: Int = barWidth) -> String {
        guard top > 0, value > 0 else { return String(repeating: "·", count: width) }
        let eighths = Int((min(value / top, 1) * Double(width * 8)).rounded())
        let full = eighths / 8, rest = eighths % 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][rest]
        let used = full + (rest > 0 ? 1 : 0)
        return String(repeating: "█", count: full) + partial + String(repeating: "·", count: max(0, width - used))
    }

    /// `s` cut to `width` characters, the last one an ellipsis when cut.
    static func cut(_ s: String, _ width: Int) -> String {
        s.count > width ? String(s.prefix(max(0, width - 1))) + "…" : s
    }

    /// `s` cut to `width` characters in its middle, so that names differing at their end (eth0,
    /// eth1) stay told apart.
    static func cutMiddle(_ s: String, _ width: Int) -> String {
        guard s.count > width, width >= 3 else { return cut(s, width) }
        let tail = (width - 1) / 2
        return String(s.prefix(width - 1 - tail)) + "…" + String(s.suffix(tail))
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return right ? fill + s : s + fill
    }

    /// The frame: the cursor moved back over the previous one, which is cleared. `width`: the
    /// terminal's columns; no line is wider than `width - 1`, so none wraps and the next
    /// frame's cursor movement covers exactly this one.
    public static func frame(_ report: AnalysisReport, statistics: [String: LiveStatistics], elapsedNs: Int64, width: Int = 100, state: inout State) -> String {
        let lines = body(report, statistics: statistics, elapsedNs: elapsedNs, width: width, state: &state)
        let up = state.lines > 0 ? "\u{1B}[\(state.lines)F" : ""
        state.lines = lines.count
        return up + "\u{1B}[J" + lines.map { $0 + "\n" }.joined()
    }

    /// The frame's lines, each at most `width - 1` characters.
    static func body(_ report: AnalysisReport, statistics: [String: LiveStatistics], elapsedNs: Int64, width: Int, state: inout State) -> [String] {
        let r = Phrasebook.worded(report)
        let usable = min(width, columns.upperBound) - 1
        var lines: [String] = []
        let seconds = max(0.001, Double(elapsedNs - state.atNs) / 1e9)
        var rates: [(name: String, sent: Double, received: Double)] = []
        for m in r.members {
            let before = state.bytes[m.name] ?? (0, 0)
            rates.append((m.name, Double(m.sent.bytes - before.sent) * 8 / seconds, Double(m.received.bytes - before.received) * 8 / seconds))
            state.bytes[m.name] = (m.sent.bytes, m.received.bytes)
        }
        state.atNs = elapsedNs
        let drops = statistics.values.reduce(LiveStatistics(), +)
        lines.append("capturing \(TextFormat.duration(elapsedNs)): \(TextFormat.count(r.packetsRead)) packets, "
                     + "drops \(TextFormat.count(Int(drops.kernelDrops))) kernel, \(TextFormat.count(Int(drops.interfaceDrops))) interface — Ctrl-C ends and reports")

        // Members: "  NAME  sent BAR RATE  received BAR RATE  drops N", the bars sharing what is left.
        let top = rates.map { max($0.sent, $0.received) }.max() ?? 0
        let nameWidth = min(width < 120 ? nameLimit - 4 : nameLimit, r.members.map { TextFormat.visible($0.name).count }.max() ?? 0)
        let dropTexts = rates.map { m in statistics[m.name].map { TextFormat.count(Int($0.kernelDrops + $0.interfaceDrops)) } ?? "–" }
        let dropWidth = max(1, dropTexts.map(\.count).max() ?? 1)
        let fixed = 2 + nameWidth + 2 + "sent ".count + 1 + rateWidth + 2 + "received ".count + 1 + rateWidth + 2 + "drops ".count + dropWidth
        let bars = max(4, min(40, (usable - fixed) / 2))
        for (m, dropText) in zip(rates, dropTexts) {
            let name = pad(cutMiddle(TextFormat.visible(m.name), nameWidth), nameWidth)
            lines.append("  \(name)  sent \(bar(m.sent, top: top, width: bars)) \(pad(TextFormat.rate(m.sent), rateWidth))"
                         + "  received \(bar(m.received, top: top, width: bars)) \(pad(TextFormat.rate(m.received), rateWidth))"
                         + "  drops \(pad(dropText, dropWidth, right: true))")
        }

        // The largest flows: ends, bytes, moves (the latest one's members), who carries each direction.
        func member(_ name: String) -> String { cutMiddle(TextFormat.visible(name), nameWidth) }
        for f in r.flows.prefix(5) {
            var parts = ["\(TextFormat.visible(TextFormat.endpoints(f)))", TextFormat.bytes(f.bytes)]
            if let last = f.moves.max(by: { $0.time < $1.time }) {
                parts.append("\(TextFormat.plural(f.moves.count, "move")), last \(member(last.from)) → \(member(last.to))")
            }
            let carriers = f.directions.filter { $0.bytes > 0 }.map { d in
                d.pinned ? "\(d.direction.rawValue) \(member(d.member ?? "?"))"
                    : "\(d.direction.rawValue) " + d.memberShares.sorted { $0.key < $1.key }.map { "\(member($0.key)) \(TextFormat.percent($0.value))" }.joined(separator: "+")
            }
            parts.append(carriers.joined(separator: ", "))
            lines.append("  " + parts.joined(separator: "  "))
        }

        // The latest link events.
        for e in (r.linkEvents ?? []).suffix(3) {
            lines.append("  \(TextFormat.time(e.timeNs)) \(TextFormat.visible(e.member)) \(e.event.rawValue)")
        }
        return lines.map { cut($0, usable) }
    }

    /// Clears the last frame (before the report is printed).
    public static func erase(_ state: inout State) -> String {
        defer { state.lines = 0 }
        return state.lines > 0 ? "\u{1B}[\(state.lines)F\u{1B}[J" : ""
    }
}
