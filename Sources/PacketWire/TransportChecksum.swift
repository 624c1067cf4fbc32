/// Whether a captured frame's IPv4 header checksum and TCP/UDP checksum are right (RFC 1071's
/// one's-complement sum; the pseudo-headers of RFC 793/768 for IPv4 and RFC 8200 8.1 for IPv6).
///
/// A frame captured on the host that sent it, before a NIC with checksum offload filled the
/// checksum in, carries a wrong one (Linux leaves the pseudo-header's sum there, CHECKSUM_PARTIAL);
/// a frame that came off the wire carries the sender's NIC's right one. So wrong checksums on
/// frames of at most one MTU say "sent from here" (a GRO-merged frame above the MTU is left out:
/// the receiving kernel writes its TCP checksum the same partial way).
public enum TransportChecksum {
    /// The verdict on one frame.
    public enum Result: Sendable, Equatable {
        /// Every checksum it carries adds up.
        case valid
        /// Some checksum does not (or a TCP checksum is zero).
        case invalid
    }

    /// Checks `bytes` (the whole captured frame) as `d` decoded it; nil when it cannot be checked:
    /// not TCP or UDP, a fragment, cut short by the snaplen, or an IPv4 UDP checksum of zero
    /// (none computed, RFC 768).
    public static func check(_ bytes: UnsafeRawBufferPointer, _ d: DecodedPacket) -> Result? {
        guard d.status == .complete, d.isIP, !d.isFragment, d.isTCP || d.isUDP else { return nil }
        let l4 = d.transportOffset
        let end = d.networkOffset + d.ipLength
        guard d.ipLength > 0, l4 > d.networkOffset, end <= bytes.count, end > l4 + 8 else { return nil }
        var sum: UInt64 = 0
        if d.network == .ipv4 {
            let headerLength = l4 - d.networkOffset
            guard headerLength >= 20 else { return nil }
            if fold(add(bytes, from: d.networkOffset, count: headerLength, to: 0)) != 0xFFFF { return .invalid }
            // Pseudo-header: source, destination (bytes 12..<20 of the IPv4 header), protocol, length.
            sum = add(bytes, from: d.networkOffset + 12, count: 8, to: sum)
        } else {
            // Pseudo-header: source and destination (bytes 8..<40 of the IPv6 header).
            guard l4 >= d.networkOffset + 40 else { return nil }
            sum = add(bytes, from: d.networkOffset + 8, count: 32, to: sum)
        }
        let length = end - l4
        sum &+= UInt64(d.ipProtocol.rawValue) &+ UInt64(length & 0xFFFF) &+ UInt64(length >> 16)
        // SAFETY: l4 + 8 < end <= bytes.count was checked above; the checksum sits at 16 (TCP) or 6 (UDP).
        let stored = UInt16(bytes[l4 + (d.isTCP ? 16 : 6)]) << 8 | UInt16(bytes[l4 + (d.isTCP ? 17 : 7)])
        if d.isUDP && d.network == .ipv4 && stored == 0 { return nil }
        if d.isTCP && stored == 0 { return .invalid }
        sum = add(bytes, from: l4, count: length, to: sum)
        return fold(sum) == 0xFFFF ? .valid : .invalid
    }

    /// Adds `count` bytes from `offset` as big-endian 16-bit words (an odd last byte padded).
    private static func add(_ bytes: UnsafeRawBufferPointer, from offset: Int, count: Int, to start: UInt64) -> UInt64 {
        var sum = start
        var i = offset
        let end = offset + count
        while i + 1 < end {
            // SAFETY: callers pass ranges inside bytes (end <= bytes.count, checked in check()).
            sum &+= UInt64(bytes[i]) << 8 | UInt64(bytes[i + 1])
            i += 2
        }
        // SAFETY: i < end <= bytes.count.
        if i < end { sum &+= UInt64(bytes[i]) << 8 }
        return sum
    }

    /// The one's-complement sum folded to 16 bits (2^16 ≡ 1 modulo 2^16 − 1).
    private static func fold(_ s: UInt64) -> UInt16 {
        var sum = s
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) &+ (sum >> 16) }
        return UInt16(sum)
    }
}
