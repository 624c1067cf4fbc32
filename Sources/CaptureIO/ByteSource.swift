/// Where a capture reader gets its bytes: a memory-mapped file, or a stream (pipe, gzip).
///
/// Offsets are absolute positions in the (decompressed) capture stream. A pointer returned by
/// `bytes(at:count:)` stays valid until the next call that asks for bytes or releases them, which
/// is what lets readers lend packet bytes without copying them.
public protocol ByteSource: AnyObject {
    /// The file's path as the user gave it, for error messages.
    var path: String { get }
    /// A pointer to `count` bytes starting at `offset`, or nil when the stream ends before them.
    func bytes(at offset: Int, count: Int) throws(CaptureError) -> UnsafeRawPointer?
    /// How many bytes exist from `offset` on, at most `limit` (to describe a truncation).
    func available(from offset: Int, limit: Int) throws(CaptureError) -> Int
    /// Promise that bytes before `offset` will never be asked for again.
    func release(before offset: Int)
    /// All of the capture's bytes where they lie, when the source holds them so (a mapped file):
    /// a reader may then read its records there with no call per record. Nil for a stream.
    var contiguousBytes: UnsafeRawBufferPointer? { get }
}

extension ByteSource {
    public var contiguousBytes: UnsafeRawBufferPointer? { nil }
}
