/// A fast 64-bit hash of a frame's first bytes and its wire length, for recognising the same
/// frame captured at two places. Not cryptographic; collisions only cost a wrong duplicate
/// match, which the time window makes unlikely.
enum FrameHash {
    /// Bytes hashed: enough to cover Ethernet, IP and TCP headers with sequence numbers.
    static let prefix = 128

    /// `ignoringSourceMAC`: an Ethernet frame's bytes 6–11 are left out, so that the copy a bond
    /// master saw and the one its member sent after rewriting the source MAC (balance-tlb/alb,
    /// switch-independent Address Hash on non-primary members) hash alike.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, wireLength: Int, ignoringSourceMAC: Bool = false) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: wireLength)
        guard let p = bytes.baseAddress else { return mix(h) }
        let n = min(bytes.count, prefix)
        var i = 0
        while i + 8 <= n {
            // SAFETY: i + 8 <= n <= bytes.count.
            var word = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Little-endian loads: bytes 6–7 are word 0's top 16 bits, bytes 8–11 word 1's low 32.
            if ignoringSourceMAC && i < 16 { word &= UInt64(littleEndian: i == 0 ? 0x0000_FFFF_FFFF_FFFF : 0xFFFF_FFFF_0000_0000) }
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        while i < n {
            tail = tail << 8 | UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return mix(h ^ tail ^ UInt64(n) << 56)
    }

    /// MurmurHash3's 64-bit finaliser.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k = k &* 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k = k &* 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }
}
