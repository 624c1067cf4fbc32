/// How far decoding got, and why it stopped where it did.
public enum DecodeStatus: UInt8, Sendable, Hashable {
    /// Every header up to the transport layer (or the last one that exists) was decoded.
    case complete
    /// The capture ends inside a header (snaplen): what was captured is decoded.
    case truncated
    /// A header is impossible (IPv4 IHL < 5, TCP data offset < 5, lengths below the header).
    case malformed
    /// A link type or link-layer protocol TeamScope does not decode.
    case unsupportedLink
}
