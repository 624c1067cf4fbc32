import CaptureIO

/// The frames seen in the last `window` nanoseconds, findable by hash: the memory of the
/// duplicate matcher. Bounded by `maxEntries` (the oldest go first when it is full), so memory
/// follows the packet rate times the window, never the capture's length.
struct RecentFrames {
    struct Entry {
        var hash: UInt64
        var timestamp: Int64
        var slot: Int32
        var host: Int32
        var sourceMAC: UInt64
        /// Sequence number of the previous entry with the same hash, or -1.
        var previous: Int
        var matched: Bool
        var aggregate: Bool
        /// The way the capture marked this copy (the evidence pass reads it; the counting pass
        /// leaves it unknown).
        var direction = CaptureDirection.unknown
    }

    let window: Int64
    let maxEntries: Int
    private var ring: [Entry] = []
    private var capacity = 0
    /// Sequence numbers: `head` is the oldest entry still held, `tail` the next to be written.
    private(set) var head = 0
    private(set) var tail = 0
    private var latest: [UInt64: Int] = [:]
    private(set) var forcedEvictions = 0

    init(window: Int64, maxEntries: Int = 1 << 22) {
        self.window = window
        self.maxEntries = maxEntries
    }

    var count: Int { tail - head }

    /// Drops entries older than `timestamp - window`, handing each to `evicted`.
    @inline(__always)
    mutating func expire(before timestamp: Int64, _ evicted: (Entry) -> Void) {
        let limit = timestamp &- window
        while head < tail {
            let e = ring[head % capacity]
            guard e.timestamp < limit else { break }
            drop(e, evicted)
        }
    }

    /// Drops every entry.
    mutating func drain(_ evicted: (Entry) -> Void) {
        while head < tail { drop(ring[head % capacity], evicted) }
    }

    private mutating func drop(_ e: Entry, _ evicted: (Entry) -> Void) {
        if latest[e.hash] == head { latest[e.hash] = nil }
        head += 1
        evicted(e)
    }

    /// Calls `body` with the sequence number and entry of every held frame with `hash`, newest
    /// first (at most 16), until `body` returns false.
    @inline(__always)
    func forEachMatch(_ hash: UInt64, _ body: (Int, Entry) -> Bool) {
        guard var seq = latest[hash] else { return }
        var steps = 0
        while seq >= head && steps < 16 {
            let e = ring[seq % capacity]
            if e.hash == hash && !body(seq, e) { return }
            seq = e.previous
            steps += 1
        }
    }

    func entry(_ seq: Int) -> Entry? {
        guard seq >= head && seq < tail else { return nil }
        return ring[seq % capacity]
    }

    mutating func markMatched(_ seq: Int) {
        guard seq >= head && seq < tail else { return }
        ring[seq % capacity].matched = true
    }

    mutating func insert(_ entry: Entry, _ evicted: (Entry) -> Void) {
        if count == maxEntries {
            forcedEvictions += 1
            drop(ring[head % capacity], evicted)
        }
        if count == capacity { grow() }
        var e = entry
        e.previous = latest[e.hash] ?? -1
        ring[tail % capacity] = e
        latest[e.hash] = tail
        tail += 1
    }

    private mutating func grow() {
        let newCapacity = max(1024, capacity * 2)
        var newRing = [Entry]()
        newRing.reserveCapacity(newCapacity)
        let filler = Entry(hash: 0, timestamp: 0, slot: -1, host: -1, sourceMAC: 0, previous: -1, matched: false, aggregate: false)
        newRing.append(contentsOf: repeatElement(filler, count: newCapacity))
        for seq in head..<tail { newRing[seq % newCapacity] = ring[seq % capacity] }
        ring = newRing
        capacity = newCapacity
    }
}
