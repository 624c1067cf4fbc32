/// An open-addressing hash table from `FlowKey` to a flow's index, with linear probing and one
/// multiply-xorshift mix per lookup: the per-packet lookup costs a fraction of `Dictionary`'s
/// SipHash. Grows at half load; never shrinks (flows are never removed).
struct FlowIndex {
    private var keys: [FlowKey]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        keys = Array(repeating: FlowKey(a: .none, b: .none, aPort: 0, bPort: 0, ipProtocol: 0), count: n)
        values = Array(repeating: -1, count: n)
        mask = n - 1
    }

    @inline(__always)
    static func hash(_ k: FlowKey) -> Int {
        var h = k.a.low &* 0x9E37_79B9_7F4A_7C15 ^ k.a.high
        h = (h ^ k.b.low) &* 0xFF51_AFD7_ED55_8CCD ^ k.b.high
        h ^= UInt64(k.aPort) << 40 | UInt64(k.bPort) << 16 | UInt64(k.ipProtocol)
        h = (h ^ (h >> 29)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    @inline(__always)
    func find(_ k: FlowKey) -> Int32 {
        var i = Self.hash(k) & mask
        while true {
            let v = values[i]
            if v < 0 { return -1 }
            if keys[i] == k { return v }
            i = (i + 1) & mask
        }
    }

    /// Inserts or replaces the value for `k`.
    mutating func set(_ k: FlowKey, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Self.hash(k) & mask
        while values[i] >= 0 {
            if keys[i] == k { values[i] = value; return }
            i = (i + 1) & mask
        }
        keys[i] = k
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let n = keys.count * 2
        keys = Array(repeating: FlowKey(a: .none, b: .none, aPort: 0, bPort: 0, ipProtocol: 0), count: n)
        values = Array(repeating: -1, count: n)
        mask = n - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where v >= 0 { set(k, v) }
    }
}
