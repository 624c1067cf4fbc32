import CaptureIO

/// The k-way merge of a live capture's handles by timestamp: a record is released only once
/// every open handle has been read past its time, so that what leaves is in time order across
/// members, whatever order the handles were read in.
///
/// Each source (one handle) has a watermark: the time every record it delivers from now on is
/// known to reach. It opens at its opening time less `slackNs` (the kernel stamps a packet
/// before it lands in the ring) and less the source's own delay (a packet ring hands a block
/// over up to its block timeout after it began); a read that emptied the handle moves it to the
/// read's start less both; a read cut short by its limit moves it to the last record read
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

    /// One handle's records and where it stands: a value in `sources`, so that neither reading
    /// nor releasing counts references per record.
    struct Source {
        let member: Int
        let direction: CaptureDirection
        /// How long after its time stamp a record may still be handed to this source's reader
        /// beyond the slack (`CaptureHandle.deliveryDelayNs`).
        let delayNs: Int64
        var watermark: Int64
        var isOpen = true
        /// False once closed and emptied: the slot holds nothing any more.
        var isLive = true
        var queue = RecordQueue()
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
    private var sources: ContiguousArray<Source> = []
    /// Each source's next record's time (`Int64.max`: none queued, or the source gone): what the
    /// merge compares, kept beside the sources so that comparing them copies no queue.
    private var heads: ContiguousArray<Int64> = []
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

    /// A new source for a handle of `member` opened at `now`, whose records may reach its reader
    /// up to `delayNs` later than the slack allows (a packet ring's block timeout); returns its id.
    public func open(member: Int, direction: CaptureDirection = .unknown, delayNs: Int64 = 0, at now: Int64) -> Int {
        sources.append(Source(member: member, direction: direction, delayNs: delayNs, watermark: now - slackNs - delayNs))
        heads.append(.max)
        return sources.count - 1
    }

    /// One record read from source `id`; `bytes` are copied.
    public func append(_ id: Int, time: Int64, wireLength: Int, bytes: UnsafeRawBufferPointer) {
        guard sources[id].isLive else { return }
        sources[id].queue.append(time: time, wireLength: wireLength, bytes)
        updateHead(id)
    }

    /// Source `id`'s next record's time, after its queue changed.
    private func updateHead(_ id: Int) {
        let q = sources[id].queue
        heads[id] = q.isEmpty ? .max : q.entries[q.head].time
    }

    /// Lends source `id`'s queue to `body` (a handle's read appends to it in place); returns what
    /// `body` returns, or 0 when the source is gone.
    public func fill<E: Error>(_ id: Int, _ body: (inout RecordQueue) throws(E) -> Int) throws(E) -> Int {
        guard sources[id].isLive else { return 0 }
        defer { updateHead(id) }
        return try body(&sources[id].queue)
    }

    /// Source `id` was read from `startedAt` on: to its end (`complete`), or up to its limit.
    public func read(_ id: Int, complete: Bool, startedAt: Int64) {
        guard sources[id].isLive, sources[id].isOpen else { return }
        if complete {
            sources[id].watermark = max(sources[id].watermark, startedAt - slackNs - sources[id].delayNs)
        } else if let last = sources[id].queue.lastTime {
            sources[id].watermark = max(sources[id].watermark, last)
        }
    }

    /// Source `id`'s handle closed: it holds nothing back; what it queued is still released in order.
    public func close(_ id: Int) {
        guard sources[id].isLive else { return }
        sources[id].isOpen = false
        if sources[id].queue.isEmpty { retire(id) }
    }

    /// A closed source whose queue is empty: its storage goes.
    private func retire(_ id: Int) {
        sources[id].isLive = false
        sources[id].queue = RecordQueue()
        heads[id] = .max
    }

    /// Records queued and not yet released.
    public var pending: Int { sources.reduce(0) { $0 + ($1.isLive ? $1.queue.count : 0) } }

    /// The time up to which records may leave at `now`: the smallest watermark of the open
    /// sources (at most `now` less the slack), but no further back than `maxHoldNs` before `now`.
    public func limit(now: Int64) -> Int64 {
        var limit = now - slackNs
        for s in sources where s.isLive && s.isOpen { limit = min(limit, s.watermark) }
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

    /// One source's queue in place for a release: its records and their bytes.
    private struct QueueView {
        var entries: UnsafeBufferPointer<RecordQueue.Entry>
        var data: UnsafeRawBufferPointer
    }

    /// Lends every source's queue from `i` on to `body`, in place, as `views[i...]` (empty for a
    /// source gone or with nothing queued): one closure per source and release, where one per
    /// run counted two references per run, and with members interleaving a run is mostly one
    /// record. Nested once per live source: one per member with packet rings, two with
    /// libpcap's handles (one per direction).
    private static func lend(_ all: UnsafeMutableBufferPointer<Source>, from i: Int, _ views: UnsafeMutableBufferPointer<QueueView>,
                             _ body: () -> Void) {
        guard i < all.count else { return body() }
        guard all[i].isLive, !all[i].queue.isEmpty else {
            // SAFETY: i < all.count, which is views' capacity; empty views read nothing.
            views[i] = QueueView(entries: UnsafeBufferPointer(start: nil, count: 0), data: UnsafeRawBufferPointer(start: nil, count: 0))
            return lend(all, from: i + 1, views, body)
        }
        // SAFETY: the views live only inside `body`, during which the queues' entries and bytes
        // are read, never changed (only each queue's `head` moves).
        all[i].queue.withBytes { data in
            all[i].queue.entries.withUnsafeBufferPointer { entries in
                views[i] = QueueView(entries: entries, data: data)
                lend(all, from: i + 1, views, body)
            }
        }
    }

    /// The k-way merge: the source whose next record is oldest (the lowest id among equals) gives
    /// up a run of records — every one older than the next record of any other source (or as old,
    /// when the other's id is higher) — before the sources are compared again: as many
    /// comparisons as runs, not as records. `body` must not call the merge.
    private func release(upTo limit: Int64, max: Int, _ body: (Released, UnsafeRawBufferPointer) -> Void) -> Int {
        var n = 0
        var frontier = self.frontier
        var slack = slackNs
        var touched = false
        // SAFETY: the views do not leave these closures; every index is checked against its count.
        heads.withUnsafeMutableBufferPointer { heads in
        sources.withUnsafeMutableBufferPointer { all in
        withUnsafeTemporaryAllocation(of: QueueView.self, capacity: all.count) { views in
        Self.lend(all, from: 0, views) {
            while n < max {
                var best = -1, bestTime = Int64.max, next = Int64.max, nextId = Int.max
                // A source gone or with nothing queued has Int64.max: never taken.
                for i in heads.indices where heads[i] != .max {
                    let t = heads[i]
                    if t < bestTime {
                        next = bestTime; nextId = best
                        best = i; bestTime = t
                    } else if t < next {
                        next = t; nextId = i
                    }
                }
                guard best >= 0, bestTime <= limit else { break }
                touched = true
                // The run ends before a record the other source would give first, or past the limit.
                let end = Swift.min(limit, nextId < best ? next - 1 : next)
                let member = all[best].member
                let sourceDirection = all[best].direction
                var r = Released(timestamp: 0, stamped: 0, wireLength: 0, member: member, direction: sourceDirection)
                let entries = views[best].entries, data = views[best].data
                var i = all[best].queue.head
                while n < max, i < entries.count, entries[i].time <= end {
                    let e = entries[i]
                    r.stamped = e.time
                    r.wireLength = e.wireLength
                    // The record's own direction (a handle of both directions), else its handle's.
                    r.direction = e.direction == .unknown ? sourceDirection : e.direction
                    if e.time < frontier {
                        r.timestamp = frontier
                        late[member, default: 0] += 1
                        slack = Swift.min(maxSlackNs, Swift.max(slack, frontier - e.time + initialSlackNs))
                    } else {
                        r.timestamp = e.time
                        frontier = e.time
                    }
                    // SAFETY: e.start..<e.start+e.count was appended to this queue's bytes; the view lives only in body.
                    body(r, UnsafeRawBufferPointer(rebasing: data[e.start..<(e.start + e.count)]))
                    i += 1
                    n += 1
                }
                all[best].queue.head = i
                heads[best] = i < entries.count ? entries[i].time : .max
            }
        }
        }
        }
        }
        self.frontier = frontier
        slackNs = slack
        released += n
        if touched { compact() }
        return n
    }

    /// Gives back released records' storage; a closed source emptied goes.
    private func compact() {
        for id in sources.indices where sources[id].isLive && sources[id].queue.head > 0 {
            sources[id].queue.compact()
            if !sources[id].isOpen && sources[id].queue.isEmpty { retire(id) }
        }
    }
}
