/// The unit of a pcapng interface's timestamps (`if_tsresol`, [pcapng] 4.2): 10^-n or 2^-n seconds.
public struct TimestampResolution: Hashable, Sendable, CustomStringConvertible {
    /// The raw option byte: bit 7 set means base 2, the low 7 bits are the exponent.
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let microseconds = TimestampResolution(rawValue: 6)
    public static let nanoseconds = TimestampResolution(rawValue: 9)

    public var isBase2: Bool { rawValue & 0x80 != 0 }
    public var exponent: Int { Int(rawValue & 0x7F) }

    /// Converts a raw timestamp in this unit to nanoseconds; saturates instead of overflowing.
    @inline(__always)
    public func nanoseconds(_ raw: UInt64) -> Int64 {
        if isBase2 {
            // ns = raw * 1e9 / 2^e, computed in 128 bits.
            let (hi, lo) = raw.multipliedFullWidth(by: 1_000_000_000)
            let e = exponent
            let value: UInt64
            if e == 0 {
                value = hi == 0 ? lo : .max
            } else if e < 64 {
                let shifted = (lo >> UInt64(e)) | (hi << UInt64(64 - e))
                value = (hi >> UInt64(e)) == 0 ? shifted : .max
            } else {
                value = hi >> UInt64(min(e - 64, 63))
            }
            return value > UInt64(Int64.max) ? .max : Int64(value)
        }
        let e = exponent
        if e <= 9 {
            let scale = Self.powers[9 - e]
            let (v, overflow) = raw.multipliedReportingOverflow(by: scale)
            return overflow || v > UInt64(Int64.max) ? .max : Int64(v)
        }
        let divisor = e - 9 < Self.powers.count ? Self.powers[e - 9] : .max
        return Int64(raw / divisor)
    }

    private static let powers: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
                                           100_000_000, 1_000_000_000, 10_000_000_000, 100_000_000_000,
                                           1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
                                           1_000_000_000_000_000, 10_000_000_000_000_000,
                                           100_000_000_000_000_000, 1_000_000_000_000_000_000,
                                           10_000_000_000_000_000_000]

    public var description: String { isBase2 ? "2^-\(exponent) s" : "10^-\(exponent) s" }
}
