/// An ICMP message saying a datagram was too big for the next link, read in place: ICMPv4
/// Destination Unreachable, code 4 "fragmentation needed and DF set" (RFC 792), whose unused
/// word carries the next-hop MTU in its low 16 bits (RFC 1191 section 4), or ICMPv6 Packet Too
/// Big, type 2 (RFC 4443 section 3.2), with a 32-bit MTU. Both headers are 8 bytes.
///
/// A view of the captured bytes, valid only while they are lent.
public struct ICMPTooBig {
    /// The ICMP header, from its first byte to the end of the capture.
    let bytes: UnsafeRawBufferPointer
    /// `.icmp` or `.icmpv6`.
    public let ipProtocol: IPProtocol

    /// Bytes of the header up to the end of the MTU field.
    public static let headerLength = 8

    /// Whether an ICMP message of `type` and `code` carried over `ipProtocol` is one: type 3
    /// code 4 over `.icmp`, type 2 over `.icmpv6` (whatever its code, RFC 4443 sets it to 0).
    public static func isTooBig(type: UInt8, code: UInt8, ipProtocol: IPProtocol) -> Bool {
        switch ipProtocol {
        case .icmp: return type == 3 && code == 4
        case .icmpv6: return type == 2
        default: return false
        }
    }

    /// The message at `offset` of `bytes` (the ICMP header) carried over `ipProtocol`; nil when
    /// it is not a too-big message or its 8 header bytes are not all there.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int, ipProtocol: IPProtocol) {
        guard offset >= 0, bytes.count >= offset + Self.headerLength else { return nil }
        // SAFETY: offset + 8 <= bytes.count was just checked.
        let header = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        // SAFETY: the two bytes read are inside the 8 just checked.
        let type = header.load(fromByteOffset: 0, as: UInt8.self), code = header.load(fromByteOffset: 1, as: UInt8.self)
        guard Self.isTooBig(type: type, code: code, ipProtocol: ipProtocol) else { return nil }
        self.bytes = header
        self.ipProtocol = ipProtocol
    }

    /// The MTU the message names: RFC 1191's next-hop MTU (bytes 6–7) for ICMPv4, the MTU
    /// (bytes 4–7) for ICMPv6. 0 when a router predating RFC 1191 left it unset.
    public var mtu: Int {
        if ipProtocol == .icmp {
            // SAFETY: init checked headerLength (8) bytes; the field is bytes 6..<8.
            return Int(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)))
        }
        // SAFETY: init checked headerLength (8) bytes; the field is bytes 4..<8.
        return Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }
}
