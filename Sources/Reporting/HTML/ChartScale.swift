import Foundation

/// A linear scale from data values (0…max) to pixels, with ticks at "nice" steps (1, 2 or 5 ×
/// 10ⁿ, the steps people read without effort): the domain's top is the first tick at or above
/// the data's maximum, so the highest line never leaves the chart.
struct ChartScale: Equatable {
    /// The domain's top (a multiple of `step`); 0 maps to `low`, `top` to `high`.
    let top: Double
    let step: Double
    let low: Double
    let high: Double

    /// `maximum`: the largest value to show (≤ 0: the scale shows 0…1); `low`/`high`: pixels of
    /// 0 and of the top (for a y axis, low is the bottom pixel and larger than high).
    init(maximum: Double, low: Double, high: Double, ticks target: Int = 5) {
        let m = maximum > 0 && maximum.isFinite ? maximum : 1
        step = Self.niceStep(m / Double(max(1, target)))
        top = (m / step).rounded(.up) * step
        self.low = low
        self.high = high
    }

    /// The smallest of 1, 2, 5 × 10ⁿ at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        // A tolerance for residuals like 2.0000000001 from the division.
        let nice: Double = residual <= 1.000001 ? 1 : residual <= 2.000001 ? 2 : residual <= 5.000001 ? 5 : 10
        return nice * magnitude
    }

    /// The ticks from 0 to `top`, `step` apart.
    var ticks: [Double] {
        let n = Int((top / step).rounded())
        return (0...n).map { Double($0) * step }
    }

    /// The pixel of `value` (clamped to the domain).
    func position(_ value: Double) -> Double {
        let v = min(max(value, 0), top)
        return low + (high - low) * v / top
    }

    /// A rate tick's label with a decimal unit: 0 → "0", 250e6 → "250 Mb/s", 1.5e9 → "1.5 Gb/s".
    static func rateLabel(_ bitsPerSecond: Double) -> String {
        if bitsPerSecond == 0 { return "0" }
        let units = ["b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"]
        var v = bitsPerSecond
        var u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return "\(trimmed(v)) \(units[u])"
    }

    /// A time tick's label, `seconds` after the capture's start, in the unit of `step`:
    /// "0", "250 ms", "1.5 s", "2 min" (milliseconds only below one second).
    static func timeLabel(_ seconds: Double, step: Double) -> String {
        if seconds == 0 { return "0" }
        if step >= 60 { return "\(trimmed(seconds / 60)) min" }
        if step < 1 && seconds < 1 { return "\(trimmed(seconds * 1000)) ms" }
        return "\(trimmed(seconds)) s"
    }

    /// At most `decimals` decimals, none that are zero: 1.5 → "1.5", 250.0 → "250", -0.001 at
    /// two decimals → "0".
    static func trimmed(_ v: Double, decimals: Int = 3) -> String {
        let scale = pow(10, Double(decimals))
        let r = (v * scale).rounded() / scale
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.\(decimals)f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}
