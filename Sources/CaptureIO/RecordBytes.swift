/// The bytes of a `RecordQueue`'s records, one after another in one buffer the queue owns: an
/// append is a capacity check and a copy, where `ContiguousArray.append(contentsOf:)` spent as
/// much again on its generic path (6 % of a live capture's CPU, perf). A class so that the
/// queue can copy on write (`RecordQueue` checks uniqueness before changing it); never shared
/// while changed.
final class RecordBytes: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes, for a queue about to change bytes another queue shares.
    func copy() -> RecordBytes {
        let c = RecordBytes(capacity: capacity)
        // SAFETY: both buffers hold at least `count` bytes (c's capacity is this one's).
        c.base.copyMemory(from: base, byteCount: count)
        c.count = count
        return c
    }

    /// Room for `n` more bytes: twice the capacity, or what `n` needs.
    @inline(__always)
    private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        grow(count + n)
    }

    @inline(never)
    private func grow(_ needed: Int) {
        let bigger = max(needed, capacity * 2)
        let b = UnsafeMutableRawPointer.allocate(byteCount: bigger, alignment: 16)
        // SAFETY: the new buffer holds `bigger` >= count bytes; the old one is freed after the copy.
        b.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = b
        capacity = bigger
    }

    /// Appends `data`; returns where it starts.
    @inline(__always)
    @discardableResult
    func append(_ data: UnsafeRawBufferPointer) -> Int {
        let start = count
        reserve(data.count)
        // SAFETY: reserve left room for data.count bytes after count.
        if let src = data.baseAddress, data.count > 0 { (base + count).copyMemory(from: src, byteCount: data.count) }
        count += data.count
        return start
    }

    /// Appends the four bytes of `value`, most significant first.
    func appendBigEndian(_ value: UInt32) {
        reserve(4)
        // SAFETY: reserve left room for 4 bytes after count; raw memory takes unaligned stores.
        (base + count).storeBytes(of: value.bigEndian, as: UInt32.self)
        count += 4
    }

    /// Drops the first `n` bytes (n <= count), moving the rest to the front.
    func removeFirst(_ n: Int) {
        // SAFETY: n <= count: the `count - n` bytes after n move within the buffer.
        base.copyMemory(from: base + n, byteCount: count - n)
        count -= n
    }

    func removeAll() { count = 0 }

    /// The bytes as a buffer (valid until the next change).
    var buffer: UnsafeRawBufferPointer {
        // SAFETY: the first `count` bytes of the buffer were written by appends.
        UnsafeRawBufferPointer(start: base, count: count)
    }
}
