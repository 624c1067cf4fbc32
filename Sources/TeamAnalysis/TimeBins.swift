/// Bytes per fixed-width time bin, for throughput over time. Grows with the capture's
/// duration, never with its packets; a timestamp more than `maxBins` bins away from the origin
/// is counted in `outOfRange` instead of growing the array.
struct TimeBins: Sendable {
    static let maxBins = 1 << 20
    let origin: Int64
    let width: Int64
    private(set) var bytes: [UInt64] = []
    private(set) var outOfRange: UInt64 = 0

    init(origin: Int64, width: Int64) {
        self.origin = origin
        self.width = width
    }

    @inline(__always)
    mutating func add(_ timestamp: Int64, bytes count: Int) {
        let delta = timestamp &- origin
        guard delta >= 0 else { outOfRange += 1; return }
        let index = Int(delta / width)
        guard index < Self.maxBins else { outOfRange += 1; return }
        if index >= bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: index + 1 - bytes.count))
        }
        bytes[index] &+= UInt64(count)
    }

    /// The largest bin as bits per second.
    var peakBitsPerSecond: Double {
        guard let m = bytes.max(), m > 0 else { return 0 }
        return Double(m) * 8 * 1e9 / Double(width)
    }

    /// Every bin as bits per second, padded with zeros to `count` bins.
    func bitsPerSecond(count: Int) -> [UInt64] {
        (0..<count).map { i in
            i < bytes.count ? UInt64((Double(bytes[i]) * 8 * 1e9 / Double(width)).rounded()) : 0
        }
    }
}
