/// The perfmon view: one host's members' throughput in one direction over the capture, a step
/// line per member (each step one bin, the bits per second it carried), a rate axis with decimal
/// units, the time axis, a legend, and marks where flows moved between members.
struct ThroughputChart {
    struct Series {
        var member: String
        /// The member's colour slot on its host (0…7).
        var slot: Int
        var startNs: Int64
        var bitsPerSecond: [UInt64]
    }

    struct Mark {
        var timeNs: Int64
        var label: String
    }

    var title: String
    var binWidthNs: Int64
    var series: [Series]
    var marks: [Mark]
    var axis: TimeAxis
    /// What the time axis counts from.
    var axisLabel = "time since the capture's start"

    static let width = 960.0
    static let height = 230.0
    static let left = 78.0
    static let right = 924.0
    static let top = 12.0
    static let bottom = 196.0
    /// A chart draws at most this many steps per line: longer series are merged into wider
    /// bins (their mean rate), so a day-long capture stays a page of a few hundred kB.
    static let maxSteps = 480

    /// Bins merged `factor` at a time, each the mean of its bins (the rate over the wider bin).
    static func resample(_ values: [UInt64], factor: Int) -> [Double] {
        guard factor > 1 else { return values.map { Double($0) } }
        var out: [Double] = []
        out.reserveCapacity(values.count / factor + 1)
        var i = 0
        while i < values.count {
            let end = min(i + factor, values.count)
            var sum = 0.0
            for v in values[i..<end] { sum += Double(v) }
            // The last, partial group is averaged over a whole group's time: what it carried
            // spread over the time it stands for.
            out.append(sum / Double(factor))
            i = end
        }
        return out
    }

    /// How many bins each drawn step merges.
    var factor: Int {
        let longest = series.map(\.bitsPerSecond.count).max() ?? 0
        return max(1, (longest + Self.maxSteps - 1) / Self.maxSteps)
    }

    func rendered() -> String {
        var c = SVGCanvas(width: Self.width, height: Self.height)
        let factor = self.factor
        let stepNs = binWidthNs * Int64(factor)
        let drawn = series.map { Self.resample($0.bitsPerSecond, factor: factor) }
        let peak = drawn.flatMap { $0 }.max() ?? 0
        let y = ChartScale(maximum: peak, low: Self.bottom, high: Self.top)
        for t in y.ticks {
            let py = y.position(t)
            c.line(x1: Self.left, y1: py, x2: Self.right, y2: py, className: "grid")
            c.text(ChartScale.rateLabel(t), x: Self.left - 6, y: py + 4, anchor: "end")
        }
        axis.draw(on: &c, y: Self.bottom, top: Self.top)
        c.line(x1: Self.left, y1: Self.top, x2: Self.left, y2: Self.bottom, className: "axis")
        for m in marks {
            let x = axis.x(m.timeNs)
            c.line(x1: x, y1: Self.top, x2: x, y2: Self.bottom, className: "mark", title: m.label)
        }
        for (s, values) in zip(series, drawn) {
            var points: [(Double, Double)] = []
            for (i, v) in values.enumerated() {
                let x0 = axis.x(s.startNs + Int64(i) * stepNs)
                let x1 = axis.x(s.startNs + Int64(i + 1) * stepNs)
                let py = y.position(v)
                points.append((x0, py))
                points.append((x1, py))
            }
            let peakOfMember = values.max() ?? 0
            c.polyline(points, className: "line m\(s.slot % 8)",
                       title: "\(s.member): peak \(ChartScale.rateLabel(peakOfMember)) over \(TextFormat.span(stepNs))")
        }
        c.text(axisLabel, x: (Self.left + Self.right) / 2, y: Self.height - 2, anchor: "middle", className: "unit")
        return c.rendered(label: title)
    }
}
