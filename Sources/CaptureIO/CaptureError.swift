/// A capture file that could not be read (further): which file, where, and what was expected there.
///
/// Readers stop at the first error; every record delivered before it stays valid, so an analysis
/// keeps what it has and reports `description` as the place reading stopped.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of fault stopped reading.
    public enum Kind: String, Sendable, Equatable {
        /// The file does not start with any capture format's magic number.
        case notACapture = "not-a-capture"
        /// The file ends inside a header, block or record.
        case truncated
        /// A length field is impossible (too small, too large, not aligned, inconsistent).
        case badLength = "bad-length"
        /// A field holds a value the format does not allow.
        case badValue = "bad-value"
        /// Valid, but a variant this reader does not handle.
        case unsupported
        /// The operating system refused to open or map the file.
        case io
        /// The gzip stream is corrupt.
        case compression
        /// A gzip member inflated whole but its trailer's CRC-32 or length disagrees with the
        /// data (RFC 1952 2.3.1): every record was delivered; the data may hold wrong bytes.
        case checksum
        /// An Event Tracing for Windows log (pktmon's `.etl`), not a packet capture.
        case etwTrace = "etw-trace"
    }

    public var path: String
    /// Byte offset of the fault in the capture stream (after decompression for gzip input).
    public var offset: Int
    public var kind: Kind
    /// What the reader expected to find at `offset`, in words.
    public var expected: String
    /// `offset` counts bytes of the decompressed stream (a gzip-compressed capture).
    public var inDecompressedStream = false

    public init(path: String, offset: Int, kind: Kind, expected: String) {
        self.path = path
        self.offset = offset
        self.kind = kind
        self.expected = expected
    }

    /// One line: `file: byte N: what was expected` (`byte N of the decompressed stream` for
    /// gzip input); for a file that could not be opened at all, `file: why`.
    public var description: String {
        if kind == .io || kind == .etwTrace { return "\(path): \(expected)" }
        return "\(path): byte \(offset)\(inDecompressedStream ? " of the decompressed stream" : ""): \(expected)"
    }
}
