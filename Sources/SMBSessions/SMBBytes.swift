/// Bounds-checked little-endian reads over one SMB message as captured. SMB2 is little-endian
/// throughout ([MS-SMB2] 2.1). A read that falls past `captured` but within `declared` is data
/// the capture does not hold (snaplen, a lost segment, the buffered prefix); a read past
/// `declared` is a length or offset pointing outside the message: `SMBParse` tells them apart.
struct SMBBytes {
    let base: UnsafeRawBufferPointer
    /// Bytes of the message this view covers, as the framing declares them.
    let declared: Int

    init(_ base: UnsafeRawBufferPointer, declared: Int) {
        self.base = base
        self.declared = declared
    }

    var captured: Int { base.count }

    @inline(__always)
    func check(_ offset: Int, _ size: Int) throws(SMBParse) {
        guard offset >= 0, size >= 0, offset <= Int.max - size else { throw .malformed("offset \(offset) out of range") }
        if offset + size > declared { throw .malformed("\(size) bytes at offset \(offset) run past the message (\(declared) bytes)") }
        if offset + size > base.count { throw .notCaptured(offset + size) }
    }

    func u8(_ o: Int) throws(SMBParse) -> UInt8 {
        try check(o, 1)
        return base[o]
    }

    func u16(_ o: Int) throws(SMBParse) -> UInt16 {
        try check(o, 2)
        return UInt16(base[o]) | UInt16(base[o + 1]) << 8
    }

    func u32(_ o: Int) throws(SMBParse) -> UInt32 {
        try check(o, 4)
        // SAFETY: check(o, 4) guarantees o + 4 <= base.count.
        return base.loadUnaligned(fromByteOffset: o, as: UInt32.self).littleEndian
    }

    func u64(_ o: Int) throws(SMBParse) -> UInt64 {
        try check(o, 8)
        // SAFETY: check(o, 8) guarantees o + 8 <= base.count.
        return base.loadUnaligned(fromByteOffset: o, as: UInt64.self).littleEndian
    }

    /// The bytes [o, o+n) as a sub-view (declared length clipped to the message).
    func slice(_ o: Int, _ n: Int) throws(SMBParse) -> SMBBytes {
        guard o >= 0, n >= 0, o <= Int.max - n, o + n <= declared else {
            throw .malformed("\(n) bytes at offset \(o) run past the message (\(declared) bytes)")
        }
        let start = min(o, base.count), end = min(o + n, base.count)
        // SAFETY: start <= end <= base.count (both clipped to it); the sub-view lives no longer than base.
        return SMBBytes(UnsafeRawBufferPointer(rebasing: base[start..<end]), declared: n)
    }

    /// UTF-16LE text of `n` bytes at `o`.
    func utf16(_ o: Int, _ n: Int) throws(SMBParse) -> String {
        try check(o, n)
        var units: [UInt16] = []
        units.reserveCapacity(n / 2)
        var i = o
        while i + 1 < o + n {
            units.append(UInt16(base[i]) | UInt16(base[i + 1]) << 8)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}

/// Why a message could not be decoded: it contradicts itself (malformed), or the bytes it needs
/// were not captured.
enum SMBParse: Error {
    case malformed(String)
    /// The capture lacks bytes up to this offset.
    case notCaptured(Int)
}
