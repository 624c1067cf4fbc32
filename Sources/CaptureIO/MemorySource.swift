/// Capture bytes already in memory: a copy the source owns, read in place like a mapped file.
///
/// For readers fed from somewhere other than a file (the fuzz targets, embedders); offsets are
/// positions in the bytes given.
public final class MemorySource: ByteSource {
    public let path: String
    public let size: Int
    private let base: UnsafeMutableRawPointer?

    /// Copies `bytes`; `path` names them in error messages.
    public init(bytes: UnsafeRawBufferPointer, path: String) {
        self.path = path
        size = bytes.count
        if let src = bytes.baseAddress, size > 0 {
            // SAFETY: p is a fresh allocation of size = bytes.count bytes, src their start.
            let p = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            p.copyMemory(from: src, byteCount: size)
            base = p
        } else {
            base = nil
        }
    }

    deinit { base?.deallocate() }

    @inline(__always)
    public func bytes(at offset: Int, count: Int) throws(CaptureError) -> UnsafeRawPointer? {
        guard let base, offset >= 0, count >= 0, count <= size - offset else { return nil }
        // SAFETY: offset + count <= size, the allocated length.
        return UnsafeRawPointer(base) + offset
    }

    public func available(from offset: Int, limit: Int) throws(CaptureError) -> Int {
        max(0, min(limit, size - offset))
    }

    public func release(before offset: Int) {}
}
