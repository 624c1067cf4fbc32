import PacketWire

/// Receive Side Scaling's Toeplitz hash (Microsoft "RSS hashing functions"; NDIS): for each set
/// bit of the input, taken most significant first, XOR in the 32 key bits starting at that bit.
/// Input: source address ‖ destination address (2-tuple), then source port ‖ destination port
/// (4-tuple), all in network order. The queue is the indirection table's entry at the hash's low
/// bits; the default table spreads entries round robin over the queues.
public struct RSSToeplitz: Sendable {
    /// Microsoft's default 40-byte key.
    public static let microsoftKey: [UInt8] = [
        0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
        0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
        0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
    ]

    public let key: [UInt8]

    public init(key: [UInt8] = RSSToeplitz.microsoftKey) {
        self.key = key
    }

    /// The hash of `input` (at most `key.count - 4` bytes are used).
    public func hash(_ input: [UInt8]) -> UInt32 {
        var result: UInt32 = 0
        // The 32-bit window of the key that lines up with the current input bit.
        var window = UInt32(key[0]) << 24 | UInt32(key[1]) << 16 | UInt32(key[2]) << 8 | UInt32(key[3])
        for (i, byte) in input.enumerated() where i + 4 <= key.count {
            let next = i + 4 < key.count ? key[i + 4] : 0
            for bit in 0..<8 {
                if byte & (0x80 >> UInt8(bit)) != 0 { result ^= window }
                window = window << 1 | UInt32((next >> UInt8(7 - bit)) & 1)
            }
        }
        return result
    }

    /// The 2-tuple (addresses only) or, with ports, the 4-tuple hash of a flow.
    public func hash(source: IPAddress, destination: IPAddress, sourcePort: UInt16? = nil, destinationPort: UInt16? = nil) -> UInt32 {
        var input = Self.bytes(source) + Self.bytes(destination)
        if let sourcePort, let destinationPort {
            input += [UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF), UInt8(destinationPort >> 8), UInt8(destinationPort & 0xFF)]
        }
        return hash(input)
    }

    /// The receive queue: indirection-table entry `hash mod tableSize` (the low bits, the table
    /// size being a power of two), entries assigned to `queues` queues round robin.
    public static func queue(hash: UInt32, tableSize: Int = 128, queues: Int) -> Int {
        guard tableSize > 0, queues > 0 else { return 0 }
        return Int(hash % UInt32(tableSize)) % queues
    }

    static func bytes(_ a: IPAddress) -> [UInt8] {
        if !a.isIPv6 {
            let v = UInt32(truncatingIfNeeded: a.low)
            return [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        }
        return (0..<8).map { UInt8((a.high >> UInt64(56 - 8 * $0)) & 0xFF) } + (0..<8).map { UInt8((a.low >> UInt64(56 - 8 * $0)) & 0xFF) }
    }
}
