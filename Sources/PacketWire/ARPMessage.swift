/// An ARP message for Ethernet and IPv4 (RFC 826), read in place: hardware type, protocol type,
/// their address lengths, the operation (1 request, 2 reply), then the sender's hardware and
/// protocol addresses at 8 and 14 and the target's at 18 and 24 (28 bytes in all).
///
/// A view of the captured bytes, valid only while they are lent. It asks for the fixed header
/// and the sender's addresses (18 bytes): that is what a reply tells, and the target's addresses
/// are nil when the snaplen cut them off. The address lengths are not checked (the fields sit at
/// the offsets Ethernet/IPv4 gives them); `isEthernetIPv4` says whether the header agrees.
public struct ARPMessage {
    /// The message, from its first byte to the end of the capture.
    let bytes: UnsafeRawBufferPointer

    /// Bytes up to the end of the sender's protocol address.
    public static let minimumLength = 18
    /// Bytes of a whole Ethernet/IPv4 message.
    public static let length = 28

    /// The message at `offset` of `bytes` (the first byte after the EtherType 0x0806); nil when
    /// fewer than `minimumLength` bytes are there.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset >= 0, bytes.count >= offset + Self.minimumLength else { return nil }
        // SAFETY: offset + minimumLength <= bytes.count was just checked.
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }

    /// ares_op$REQUEST.
    public static let request: UInt16 = 1
    /// ares_op$REPLY.
    public static let reply: UInt16 = 2

    public var hardwareType: UInt16 { be16(0) }
    public var protocolType: EtherType { EtherType(rawValue: be16(2)) }
    public var hardwareLength: UInt8 { byte(4) }
    public var protocolLength: UInt8 { byte(5) }
    public var operation: UInt16 { be16(6) }
    public var isReply: Bool { operation == Self.reply }

    /// Hardware type 1 (Ethernet), protocol type 0x0800, lengths 6 and 4.
    public var isEthernetIPv4: Bool {
        hardwareType == 1 && protocolType == .ipv4 && hardwareLength == 6 && protocolLength == 4
    }

    public var senderHardwareAddress: MACAddress {
        // SAFETY: init checked minimumLength (18) bytes; the MAC is bytes 8..<14.
        MACAddress(bytes.baseAddress! + 8)
    }

    /// The sender's IPv4 address, as `IPAddress(ipv4:)` takes it (the first octet highest).
    public var senderProtocolAddress: UInt32 {
        // SAFETY: init checked minimumLength (18) bytes; the address is bytes 14..<18.
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 14, as: UInt32.self))
    }

    /// The target's hardware address; nil when the capture ends before it.
    public var targetHardwareAddress: MACAddress? {
        guard bytes.count >= 24 else { return nil }
        // SAFETY: bytes 18..<24 were just checked to be there.
        return MACAddress(bytes.baseAddress! + 18)
    }

    /// The target's IPv4 address; nil when the capture ends before it.
    public var targetProtocolAddress: UInt32? {
        guard bytes.count >= Self.length else { return nil }
        // SAFETY: bytes 24..<28 were just checked to be there.
        return UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
    }

    private func be16(_ at: Int) -> UInt16 {
        // SAFETY: called with at + 2 <= 8 < minimumLength, which init checked.
        UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self))
    }

    private func byte(_ at: Int) -> UInt8 {
        // SAFETY: called with at < 8 < minimumLength, which init checked.
        bytes.load(fromByteOffset: at, as: UInt8.self)
    }
}
