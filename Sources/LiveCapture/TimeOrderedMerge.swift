import CaptureIO

/// The k-way merge of a live capture's handles by timestamp: a record is released only once
/// every open handle has been read past its time, so that what leaves is in time order across
/// members, whatever order the handles were read in.
///
/// Each source (one handle) has a watermark: the time every record it delivers from now on is
/// known to reach. It opens at its opening time less `slackNs` (the kernel stamps a packet
/// before it lands in the ring); a read that emptied the handle moves it to the
/// read's start less `slackNs`; a read cut short by its limit moves it to the last record read
/// (a handle's records come in the kernel's order). Records up to the smallest watermark of the
/// open sources are released; a closed source holds nothing back, and a source that is reopened
/// is a new source starting at its opening time, so closing and reopening cannot make time go
/// back. A source that stalls holds the others back for at most `maxHoldNs`.
///
/// A record older than one already released (a stalled source's, or a platform stamping out of
/// order) is `late`: counted for its member and released at the time already reached, so that
/// what comes out never goes back in time.
public final class TimeOrderedMerge {
    /// One released record; its bytes are lent to the closure beside it.
    public struct Released: Sendable, Equatable {
        /// The time it is released at: its own, or the time already reached when it came late.
        public var timestamp: Int64
        /// The time its handle stamped it with.
        public var stamped: Int64
        public var wireLength: Int
        public var member: Int
        public var direction: CaptureDirection
        public var isLate: Bool { stamped < timestamp }
    }

    struct Entry {
        var time: Int64
        var wireLength: Int
        var start: Int
        var count: Int
    }

    final class Source {
        let member: Int
        let direction: CaptureDirection
        var watermark: Int64
        var isOpen = true
        var entries: [Entry] = []
        var data: [UInt8] = []
        var head = 0
        init(member: Int, direction: CaptureDirection, watermark: Int64) {
            self.member = member
            self.direction = direction
            self.watermark = watermark
        }
        var isEmpty: Bool { head == entries.count }
    }

    /// How long after its timestamp a record may still reach its handle's ring. The kernel
    /// stamps a received packet when it is queued for the receive softirq (`netif_rx`,
    /// net.core.netdev_tstamp_prequeue) and copies it into the ring when that softirq runs,
    /// which a loaded machine delays by milliseconds to more than a second (measured on veth
    /// members under tcpreplay on a loaded host): a late record widens the slack to its lateness
    /// (plus the initial slack), up to `maxSlackNs`, so that the next ones wait long enough.
    public private(set) var slackNs: Int64
    public let maxSlackNs: Int64
    private let initialSlackNs: Int64
    public let maxHoldNs: Int64
    private var sources: [Source?] = []
    /// The time of the last record released (`Int64.min` before the first).
    public private(set) var frontier = Int64.min
    /// Late records by member index.
    public private(set) var late: [Int: Int] = [:]
    public private(set) var released = 0

    public init(slackNs: Int64 = 10_000_000, maxSlackNs: Int64 = 2_000_000_000, maxHoldNs: Int64 = 4_000_000_000) {
        self.slackNs = slackNs
        initialSlackNs = slackNs
        self.maxSlackNs = max(slackNs, maxSlackNs)
        self.maxHoldNs = maxHoldNs
    }

    /// A new source for a handle of `member` opened at `now`; returns its id.
    public func open(member: Int, direction: CaptureDirection = .unknown, at now: Int64) -> Int {
        sources.append(Source(member: member, direction: direction, watermark: now - slackNs))
        return sources.count - 1
    }

    /// One record read from source `id`; `bytes` are copied.
    public func append(_ id: Int, time: Int64, wireLength: Int, bytes: UnsafeRawBufferPointer) {
        guard let s = sources[id] else { return }
        s.entries.append(Entry(time: time, wireLength: wireLength, start: s.data.count, count: bytes.count))
        s.data.append(contentsOf: bytes)
    }

    /// Source `id` was read from `startedAt` on: to its end (`complete`), or up to its limit.
    public func read(_ id: Int, complete: Bool, startedAt: Int64) {
        guard let s = sources[id], s.isOpen else { return }
        if complete {
            s.watermark = max(s.watermark, startedAt - slackNs)
        } else if let last = s.entries.last {
            s.watermark = max(s.watermark, last.time)
        }
    }

    /// Source `id`'s handle closed: it holds nothing back; what it queued is still released in order.
    public func close(_ id: Int) {
        guard let s = sources[id] else { return }
        s.isOpen = false
        if s.isEmpty { sources[id] = nil }
    }

    /// Records queued and not yet released.
    public var pending: Int { sources.reduce(0) { $0 + ($1.map { $0.entries.count - $0.head } ?? 0) } }

    /// The time up to which records may leave at `now`: the smallest watermark of the open
    /// sources (at most `now` less the slack), but no further back than `maxHoldNs` before `now`.
    public func limit(now: Int64) -> Int64 {
        var limit = now - slackNs
        for case let s? in sources where s.isOpen { limit = min(limit, s.watermark) }
        return max(limit, now - maxHoldNs)
    }

    /// Releases, oldest first, the records every open source has been read past (at most `max`);
    /// returns how many.
    @discardableResult
    public func release(now: Int64, max: Int = .max, _ body: (Released, UnsafeRawBufferPointer) -> Void) -> Int {
        release(upTo: limit(now: now), max: max, body)
    }

    /// Releases everything queued, oldest first (at most `max`): the end of the capture, once every
    /// handle has been read to its end.
    @discardableResult
    public func releaseAll(max: Int = .max, _ body: (Released, UnsafeRawBufferPointer) -> Void) -> Int {
        release(upTo: .max, max: max, body)
    }

    private func release(upTo limit: Int64, max: Int, _ body: (Released, UnsafeRawBufferPointer) -> Void) -> Int {
        var n = 0
        while n < max {
            var best: Source?
            var bestTime = Int64.max
            for case let s? in sources where !s.isEmpty {
                let t = s.entries[s.head].time
                if t < bestTime || best == nil { best = s; bestTime = t }
            }
            guard let s = best, bestTime <= limit else { break }
            let e = s.entries[s.head]
            s.head += 1
            var r = Released(timestamp: e.time, stamped: e.time, wireLength: e.wireLength, member: s.member, direction: s.direction)
            if e.time < frontier {
                r.timestamp = frontier
                late[s.member, default: 0] += 1
                slackNs = Swift.min(maxSlackNs, Swift.max(slackNs, frontier - e.time + initialSlackNs))
            } else {
                frontier = e.time
            }
            // SAFETY: e.start..<e.start+e.count was appended to s.data by this merge; the view lives only in body.
            s.data.withUnsafeBytes { all in body(r, UnsafeRawBufferPointer(rebasing: all[e.start..<(e.start + e.count)])) }
            n += 1
        }
        released += n
        compact()
        return n
    }

    /// Drops released records' storage: all of it when a queue is empty, else the released
    /// prefix once it is the larger part (amortised, no copying per record).
    private func compact() {
        for (id, slot) in sources.enumerated() {
            guard let s = slot, s.head > 0 else { continue }
            if s.isEmpty {
                if !s.isOpen { sources[id] = nil; continue }
                s.entries.removeAll(keepingCapacity: true)
                s.data.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head >= 1024, s.head * 2 >= s.entries.count {
                let offset = s.entries[s.head].start
                s.data.removeFirst(offset)
                s.entries.removeFirst(s.head)
                for i in s.entries.indices { s.entries[i].start -= offset }
                s.head = 0
            }
        }
    }
}
