/// The time axis of every chart on a page: the capture's span mapped onto the plot's width,
/// ticks at nice steps (1, 2 or 5 × 10ⁿ seconds) from the capture's start.
struct TimeAxis: Equatable {
    let startNs: Int64
    let spanNs: Int64
    let left: Double
    let right: Double

    init(startNs: Int64, endNs: Int64, left: Double, right: Double) {
        self.startNs = startNs
        // A capture of one instant still gets an axis: one millisecond wide.
        spanNs = max(endNs - startNs, 1_000_000)
        self.left = left
        self.right = right
    }

    func x(_ ns: Int64) -> Double {
        let f = Double(ns - startNs) / Double(spanNs)
        return left + (right - left) * min(max(f, 0), 1)
    }

    /// Seconds between ticks: about six ticks over the span.
    var step: Double { ChartScale.niceStep(Double(spanNs) / 1e9 / 6) }

    /// Tick positions in seconds from the start, none past the span's end.
    var ticks: [Double] {
        let s = step
        let span = Double(spanNs) / 1e9
        let n = Int((span / s + 1e-9).rounded(.down))
        return (0...n).map { Double($0) * s }
    }

    /// Draws the axis line, ticks and labels at `y` (the plot's bottom).
    func draw(on c: inout SVGCanvas, y: Double, top: Double) {
        c.line(x1: left, y1: y, x2: right, y2: y, className: "axis")
        for t in ticks {
            let x = left + (right - left) * t / (Double(spanNs) / 1e9)
            c.line(x1: x, y1: top, x2: x, y2: y, className: "grid")
            c.text(ChartScale.timeLabel(t, step: step), x: x, y: y + 15, anchor: "middle")
        }
    }
}
