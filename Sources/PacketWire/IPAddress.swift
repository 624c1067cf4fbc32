/// An IPv4 or IPv6 address as a fixed-size value: 128 bits in two words, IPv4 in the low 32
/// bits of `low` with `isIPv6` false. Comparable, hashable, never a string on the hot path.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var isIPv6: Bool

    @inlinable public init(ipv4: UInt32) {
        high = 0
        low = UInt64(ipv4)
        isIPv6 = false
    }

    @inlinable public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
        isIPv6 = true
    }

    /// Reads four octets at `p` (network order).
    @inline(__always)
    public init(ipv4At p: UnsafeRawPointer) {
        // SAFETY: callers check that 4 bytes are captured at p.
        self.init(ipv4: UInt32(bigEndian: p.loadUnaligned(as: UInt32.self)))
    }

    /// Reads sixteen octets at `p` (network order).
    @inline(__always)
    public init(ipv6At p: UnsafeRawPointer) {
        // SAFETY: callers check that 16 bytes are captured at p.
        self.init(high: UInt64(bigEndian: p.loadUnaligned(as: UInt64.self)),
                  low: UInt64(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    public static let none = IPAddress(ipv4: 0)

    /// The MAC a frame to this address must carry when it is a group address: IPv4 multicast
    /// maps its low 23 bits under 01:00:5e (RFC 1112 6.4), IPv6 multicast its low 32 bits under
    /// 33:33 (RFC 2464 7), the limited broadcast 255.255.255.255 to ff:ff:ff:ff:ff:ff; nil for a
    /// unicast address, whose MAC only the neighbour knows.
    public var groupMAC: MACAddress? {
        if let v4 = ipv4 {
            if v4 == 0xFFFF_FFFF { return .broadcast }
            guard v4 >> 28 == 0xE else { return nil }
            return MACAddress(rawValue: 0x01_00_5E_00_00_00 | UInt64(v4 & 0x7F_FFFF))
        }
        guard high >> 56 == 0xFF else { return nil }
        return MACAddress(rawValue: 0x33_33_00_00_00_00 | (low & 0xFFFF_FFFF))
    }

    /// The IPv4 address, when this is one.
    public var ipv4: UInt32? { isIPv6 ? nil : UInt32(truncatingIfNeeded: low) }

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` compression and an optional
    /// trailing dotted quad).
    public init?(_ text: String) {
        if !text.contains(":") {
            guard let v = Self.parseIPv4(Substring(text)) else { return nil }
            self.init(ipv4: v)
            return
        }
        var groups: [UInt16] = []
        var tailGroups: [UInt16] = []
        var sawGap = false
        let parts = text.components(separatedByString: "::")
        guard parts.count <= 2 else { return nil }
        func parse(_ s: Substring, into out: inout [UInt16]) -> Bool {
            if s.isEmpty { return true }
            let fields = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, f) in fields.enumerated() {
                if i == fields.count - 1, f.contains("."), let v4 = IPAddress.parseIPv4(f) {
                    out.append(UInt16(v4 >> 16)); out.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard (1...4).contains(f.count), let v = UInt16(f, radix: 16) else { return false }
                    out.append(v)
                }
            }
            return true
        }
        guard parse(parts[0], into: &groups) else { return nil }
        if parts.count == 2 {
            sawGap = true
            guard parse(parts[1], into: &tailGroups) else { return nil }
        }
        let total = groups.count + tailGroups.count
        guard sawGap ? total < 8 : total == 8 else { return nil }
        let all = groups + Array(repeating: 0, count: 8 - total) + tailGroups
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<4 { hi = hi << 16 | UInt64(all[i]) }
        for i in 4..<8 { lo = lo << 16 | UInt64(all[i]) }
        self.init(high: hi, low: lo)
    }

    private static func parseIPv4(_ s: Substring) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let o = UInt8(p) else { return nil }
            v = v << 8 | UInt32(o)
        }
        return v
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.isIPv6 ? 1 : 0, a.high, a.low) < (b.isIPv6 ? 1 : 0, b.high, b.low)
    }

    /// Dotted quad, or RFC 5952 text (lower case, longest zero run compressed).
    public var description: String {
        if !isIPv6 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        var g = [UInt16](repeating: 0, count: 8)
        for i in 0..<4 { g[i] = UInt16((high >> UInt64(48 - 16 * i)) & 0xFFFF) }
        for i in 0..<4 { g[4 + i] = UInt16((low >> UInt64(48 - 16 * i)) & 0xFFFF) }
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > bestLen && j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        func hex(_ r: Range<Int>) -> String { r.map { String(g[$0], radix: 16) }.joined(separator: ":") }
        if bestStart < 0 { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLen)..<8)
    }
}

extension String {
    /// Splits on a multi-character separator without Foundation.
    fileprivate func components(separatedByString sep: String) -> [Substring] {
        var result: [Substring] = []
        var rest = self[...]
        while let r = rest.range(of: sep) {
            result.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        result.append(rest)
        return result
    }
}

extension Substring {
    fileprivate func range(of sep: String) -> Range<Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(sep) { return i..<index(i, offsetBy: sep.count) }
            i = index(after: i)
        }
        return nil
    }
}
