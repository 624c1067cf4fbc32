/// A 48-bit IEEE 802 MAC address, held in the low bits of a `UInt64` (network byte order:
/// the first octet on the wire is the most significant).
public struct MACAddress: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue & 0xFFFF_FFFF_FFFF }

    /// Reads six octets at `p`.
    @inline(__always)
    public init(_ p: UnsafeRawPointer) {
        // SAFETY: callers check that 6 bytes are captured at p.
        let hi = UInt64(UInt16(bigEndian: p.loadUnaligned(as: UInt16.self)))
        let lo = UInt64(UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        rawValue = hi << 32 | lo
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (also with `-` or `.` separators, or twelve bare hex digits).
    public init?(_ text: String) {
        let hex = text.filter { $0.isHexDigit }
        let separators = text.filter { !$0.isHexDigit }
        guard hex.count == 12, separators.allSatisfy({ ":-.".contains($0) }),
              let v = UInt64(hex, radix: 16) else { return nil }
        rawValue = v
    }

    public static let zero = MACAddress(rawValue: 0)
    public static let broadcast = MACAddress(rawValue: 0xFFFF_FFFF_FFFF)

    /// Group bit set: broadcast or multicast.
    public var isMulticast: Bool { rawValue & (1 << 40) != 0 }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        (0..<6).map { i -> String in
            let b = UInt8((rawValue >> UInt64(40 - 8 * i)) & 0xFF)
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined(separator: ":")
    }
}
