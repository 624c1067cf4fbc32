/// Why the headers of RDMA in a packet could not be read — RoCEv2's InfiniBand transport headers,
/// iWARP's MPA, DDP and RDMAP headers —, and where: the header, its byte offset in the bytes
/// given, how many bytes it needs and how many there are.
public struct RDMAHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header that could not be read.
    public enum Header: String, Sendable, Equatable {
        /// The 12-byte Base Transport Header (IBTA Vol. 1 9.2).
        case bth = "BTH"
        /// The extended headers before a RETH or AETH (RDETH, DETH, XRCETH; 9.3.1).
        case extended = "extended transport header"
        /// The 16-byte RDMA Extended Transport Header (9.3.3).
        case reth = "RETH"
        /// The 4-byte ACK Extended Transport Header (9.3.5).
        case aeth = "AETH"
        /// The 4-byte invariant CRC every RoCEv2 datagram ends with (annex A17.3.3).
        case icrc = "ICRC"
        /// An MPA request or reply frame (RFC 5044 7.1): key, flags, revision, private data length.
        case mpaFrame = "MPA request/reply frame"
        /// An MPA FPDU (RFC 5044 4.1): its ULPDU length, the DDP segment, pad and CRC.
        case fpdu = "MPA FPDU"
        /// The DDP header with the RDMAP control field (RFC 5041 4.2, 4.3; RFC 5040 4.1).
        case ddp = "DDP/RDMAP header"
    }

    /// What is wrong with it.
    public enum Kind: String, Sendable, Equatable {
        /// The capture ends inside the header (snap length): the datagram was longer.
        case truncated
        /// The enclosing UDP datagram or MPA FPDU, as its length says, ends before the header does.
        case tooShort = "too-short"
    }

    public var header: Header
    public var kind: Kind
    /// Byte offset of the header in the bytes given.
    public var offset: Int
    /// Bytes the header needs from `offset`, and bytes there are (captured, or in the datagram).
    public var needed: Int
    public var available: Int

    public init(header: Header, kind: Kind, offset: Int, needed: Int, available: Int) {
        self.header = header
        self.kind = kind
        self.offset = offset
        self.needed = needed
        self.available = available
    }

    /// The `length` bytes of `header` at `offset` of `bytes`, as a view of them; throws when the
    /// capture holds fewer.
    static func view(_ header: Header, _ bytes: UnsafeRawBufferPointer, at offset: Int, length: Int) throws(RDMAHeaderError) -> UnsafeRawBufferPointer {
        guard offset >= 0, offset <= bytes.count, bytes.count - offset >= length else {
            throw RDMAHeaderError(header: header, kind: .truncated, offset: offset, needed: length, available: bytes.count - offset)
        }
        // SAFETY: offset + length <= bytes.count was just checked; the view lives no longer than bytes.
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// `byte 42: expected a 12-byte BTH, 7 bytes captured`.
    public var description: String {
        "byte \(offset): expected a \(needed)-byte \(header.rawValue), \(max(0, available)) bytes \(kind == .truncated ? "captured" : "left in the datagram or FPDU")"
    }
}
