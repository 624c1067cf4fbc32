/// Unaligned loads of integers stored in a file's byte order.
struct ByteOrderLoad {
    /// True when the file stores integers big-endian.
    var bigEndian: Bool

    @inline(__always)
    func u16(_ p: UnsafeRawPointer, _ at: Int) -> UInt16 {
        // SAFETY: callers read inside a range the source lent (bytes(at:count:)), at + 2 within it.
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    @inline(__always)
    func u32(_ p: UnsafeRawPointer, _ at: Int) -> UInt32 {
        // SAFETY: callers read inside a range the source lent (bytes(at:count:)), at + 4 within it.
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }

    @inline(__always)
    func u64(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 {
        // SAFETY: callers read inside a range the source lent (bytes(at:count:)), at + 8 within it.
        let v = p.loadUnaligned(fromByteOffset: at, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
    }
}
