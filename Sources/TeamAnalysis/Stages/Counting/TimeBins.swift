/// Bytes per fixed-width time bin, for throughput over time. Memory follows the capture's
/// duration, never its packets: bins near the origin are a dense array, far-off ones (a capture
/// spanning years, a bogus timestamp) a sparse map, itself capped (`outOfRange` counts the rest).
struct TimeBins: Sendable {
    static let maxDense = 1 << 20
    static let maxSparse = 1 << 16
    let origin: Int64
    let width: Int64
    /// Bins `base ..< base + dense.count`, counted from `origin`: the run starts at the first bin
    /// a packet fell in, so a flow that begins an hour into a live capture holds its own span of
    /// bins, not every bin since the capture began (memory follows the flow, not the clock).
    private var dense: [UInt64] = []
    private var base = 0
    private(set) var sparse: [Int: UInt64] = [:]
    private(set) var outOfRange: UInt64 = 0
    /// The bin the previous packet fell in, and where it starts: packets mostly arrive in
    /// time order, so most need no division.
    private var lastIndex = -1
    private var lastStart: Int64 = 0
    /// Bytes of bin `lastIndex` not yet added to `dense`: the per-packet add then touches no
    /// array (no copy-on-write check).
    private var pending: UInt64 = 0

    init(origin: Int64, width: Int64) {
        self.origin = origin
        self.width = width
    }

    @inline(__always)
    mutating func add(_ timestamp: Int64, bytes count: Int) {
        if lastIndex >= 0 && timestamp >= lastStart && timestamp &- lastStart < width {
            pending &+= UInt64(count)
            return
        }
        addSlow(timestamp, bytes: count)
    }

    private mutating func addSlow(_ timestamp: Int64, bytes count: Int) {
        if lastIndex >= 0 {
            dense[lastIndex - base] &+= pending
            pending = 0
        }
        let delta = timestamp &- origin
        let index = delta >= 0 ? Int(delta / width) : -1 - Int((-(delta + 1)) / width)
        if index >= 0 && index < Self.maxDense {
            if dense.isEmpty {
                base = index
            } else if index < base {
                // A bin before the run (a record out of time order): the run grows at its front.
                dense.insert(contentsOf: repeatElement(0, count: base - index), at: 0)
                base = index
            }
            if index - base >= dense.count {
                dense.append(contentsOf: repeatElement(0, count: index - base + 1 - dense.count))
            }
            dense[index - base] &+= UInt64(count)
            lastIndex = index
            lastStart = origin &+ Int64(index) &* width
            return
        }
        if sparse[index] != nil || sparse.count < Self.maxSparse {
            sparse[index, default: 0] &+= UInt64(count)
        } else {
            outOfRange += 1
        }
    }

    /// The dense bins with the pending bytes added (bin `base + i` at `i`).
    private var bins: [UInt64] {
        var d = dense
        if lastIndex >= 0 { d[lastIndex - base] &+= pending }
        return d
    }

    /// How many dense bins are held (the span from the earliest to the latest bin a packet fell
    /// in, within `maxDense` of the origin).
    var heldBins: Int { dense.count }

    /// The fullest bin as bits per second.
    var peakBitsPerSecond: Double {
        let m = max(bins.max() ?? 0, sparse.values.max() ?? 0)
        return Double(m) * 8 * 1e9 / Double(width)
    }

    /// Bits per second for bins 0..<count, each output bin summing `factor` bins (so that a long
    /// capture still gives a series of bounded length).
    func bitsPerSecond(count: Int, factor: Int) -> [UInt64] {
        let n = (count + factor - 1) / factor
        var sums = [UInt64](repeating: 0, count: n)
        for (offset, b) in bins.enumerated() where b > 0 {
            let i = base + offset
            if i / factor < n { sums[i / factor] &+= b }
        }
        for (i, b) in sparse where i >= 0 && i / factor < n { sums[i / factor] &+= b }
        let seconds = Double(width) * Double(factor) / 1e9
        return sums.map { UInt64((Double($0) * 8 / seconds).rounded()) }
    }
}
