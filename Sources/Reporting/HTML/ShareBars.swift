/// One host's share per member as stacked bars, sent above received: "the source sends on both
/// members, the target receives on one" at a glance.
struct ShareBars {
    struct Bar {
        var label: String
        /// Per member slot: (member, bytes).
        var parts: [(member: String, slot: Int, bytes: Int)]
    }

    var title: String
    var bars: [Bar]

    static let width = 960.0
    static let left = 90.0
    static let right = 924.0
    static let barHeight = 26.0
    static let gap = 12.0

    /// Each part's x and width, in pixels, from its bytes (parts without bytes get none).
    static func layout(_ bar: Bar) -> [(x: Double, width: Double)] {
        let total = bar.parts.map(\.bytes).reduce(0, +)
        var x = left
        return bar.parts.map { p in
            let w = total > 0 ? (right - left) * Double(p.bytes) / Double(total) : 0
            defer { x += w }
            return (x, w)
        }
    }

    func rendered() -> String {
        let height = Double(bars.count) * (Self.barHeight + Self.gap) + 22
        var c = SVGCanvas(width: Self.width, height: height)
        for (i, bar) in bars.enumerated() {
            let y = 4 + Double(i) * (Self.barHeight + Self.gap)
            c.text(bar.label, x: Self.left - 8, y: y + Self.barHeight / 2 + 4, anchor: "end")
            let total = bar.parts.map(\.bytes).reduce(0, +)
            if total == 0 {
                c.rect(x: Self.left, y: y, width: Self.right - Self.left, height: Self.barHeight, className: "empty")
                c.text("nothing", x: (Self.left + Self.right) / 2, y: y + Self.barHeight / 2 + 4, anchor: "middle")
                continue
            }
            for (p, g) in zip(bar.parts, Self.layout(bar)) where g.width > 0 {
                let share = Double(p.bytes) / Double(total)
                c.rect(x: g.x, y: y, width: g.width, height: Self.barHeight, className: "fill m\(p.slot % 8)",
                       title: "\(p.member) \(bar.label): \(TextFormat.percent(share)) (\(TextFormat.bytes(p.bytes)))")
                if g.width > 70 {
                    c.text("\(p.member) \(TextFormat.percent(share))", x: g.x + g.width / 2, y: y + Self.barHeight / 2 + 4, anchor: "middle", className: "onfill")
                }
            }
        }
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let x = Self.left + (Self.right - Self.left) * t
            c.text("\(Int(t * 100)) %", x: x, y: height - 4, anchor: "middle")
        }
        return c.rendered(label: title)
    }
}
