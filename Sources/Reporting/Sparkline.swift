/// A series as a row of block characters (U+2581…U+2588), the tallest for the series' peak:
/// each member's throughput in a line of the terminal report. A series longer than `width` is
/// merged into `width` cells, each the mean of its bins; an empty series draws nothing, a
/// series of zeros a row of the lowest block.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `peak`: the value of the tallest block (so that members of one host share a scale);
    /// nil: the series' own maximum.
    static func render(_ values: [UInt64], width: Int, peak: Double? = nil) -> String {
        guard !values.isEmpty, width > 0 else { return "" }
        let cells = cellMeans(values, width: width)
        let top = peak ?? cells.max() ?? 0
        return String(cells.map { v -> Character in
            guard top > 0, v > 0 else { return blocks[0] }
            // Anything above zero shows at least the second block: traffic is never drawn as none.
            let level = Int((v / top * Double(blocks.count - 1)).rounded())
            return blocks[min(blocks.count - 1, max(1, level))]
        })
    }

    /// The series in at most `width` cells, each the mean of the bins it covers (cell i covers
    /// bins ⌊i·n/w⌋ ..< ⌊(i+1)·n/w⌋).
    static func cellMeans(_ values: [UInt64], width: Int) -> [Double] {
        let n = values.count
        guard n > width else { return values.map { Double($0) } }
        return (0..<width).map { i in
            let a = i * n / width, b = max(a + 1, (i + 1) * n / width)
            var sum = 0.0
            for v in values[a..<b] { sum += Double(v) }
            return sum / Double(b - a)
        }
    }
}
