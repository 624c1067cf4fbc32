import CPrefetch

/// An open-addressing hash table from a flow key's hash to the flow's index, with linear probing
/// over 8-byte slots: each slot holds 32 bits of the key's hash and the flow's index, so eight
/// slots share a cache line and a lookup usually costs one line here and one in the record, whose
/// key the caller compares (the keys are not kept twice). One multiply-xorshift mix per lookup
/// costs a fraction of `Dictionary`'s SipHash. Grows at half load; never shrinks.
struct FlowIndex {
    /// 0 is an empty slot; otherwise the hash's low 32 bits above, index + 1 below.
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = .allocate(capacity: n)
        // SAFETY: n slots were just allocated.
        slots.initialize(repeating: 0, count: n)
        mask = n - 1
    }

    /// Frees the slots; the owner (`FlowTable`) calls it once, from its deinit.
    func deallocate() { slots.deallocate() }

    @inline(__always)
    static func hash(_ k: FlowKey) -> Int {
        var h = k.aLow &* 0x9E37_79B9_7F4A_7C15 ^ k.aHigh
        h = (h ^ k.bLow) &* 0xFF51_AFD7_ED55_8CCD ^ k.bHigh
        h ^= UInt64(k.aPort) << 40 | UInt64(k.bPort) << 16 | UInt64(k.ipProtocol)
        h = (h ^ (h >> 29)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    @inline(__always)
    private static func tag(_ hash: Int) -> UInt64 { UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash)) << 32 }

    /// Starts fetching the slot a lookup of `hash` reads first.
    @inline(__always)
    func prefetch(hash: Int) {
        // SAFETY: hash & mask <= mask, inside the slots (and a prefetch never faults).
        teamscope_prefetch(slots + (hash & mask))
    }

    /// The index in the first slot a lookup of `hash` reads when its tag matches, else -1: a
    /// guess for prefetching (the key is not compared).
    @inline(__always)
    func candidate(hash: Int) -> Int32 {
        // SAFETY: hash & mask <= mask, inside the slots.
        let s = slots[hash & mask]
        guard s != 0, s & 0xFFFF_FFFF_0000_0000 == Self.tag(hash) else { return -1 }
        return Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
    }

    /// The index stored for `hash` whose key `matches` says is the one, or -1.
    @inline(__always)
    func find(hash: Int, matches: (Int32) -> Bool) -> Int32 {
        let tag = Self.tag(hash)
        var i = hash & mask
        while true {
            // SAFETY: i <= mask, inside the slots.
            let s = slots[i]
            if s == 0 { return -1 }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let v = Int32(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if matches(v) { return v }
            }
            i = (i + 1) & mask
        }
    }

    /// Inserts `value` for `hash`, or replaces the value whose key `matches` says is the same.
    mutating func set(hash: Int, _ value: Int32, matches: (Int32) -> Bool) {
        if (count + 1) * 2 > mask + 1 { grow() }
        let tag = Self.tag(hash)
        var i = hash & mask
        // SAFETY: i <= mask, inside the slots.
        while slots[i] != 0 {
            if slots[i] & 0xFFFF_FFFF_0000_0000 == tag && matches(Int32(truncatingIfNeeded: slots[i] & 0xFFFF_FFFF) - 1) {
                slots[i] = tag | UInt64(UInt32(value) + 1)
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = tag | UInt64(UInt32(value) + 1)
        count += 1
    }

    /// Twice the slots; each entry moves to its place by the hash bits it keeps (the table never
    /// grows past 2^32 slots, so those bits always suffice).
    private mutating func grow() {
        let old = slots, oldSize = mask + 1
        let n = oldSize * 2
        slots = .allocate(capacity: n)
        // SAFETY: n slots were just allocated; the old ones are read below 'oldSize' only.
        slots.initialize(repeating: 0, count: n)
        mask = n - 1
        for j in 0..<oldSize where old[j] != 0 {
            var i = Int(old[j] >> 32) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = old[j]
        }
        old.deallocate()
    }
}
