/// Records waiting in the order they were captured, each with its bytes copied once into one
/// growing buffer: what a live handle hands over in a read (`LiveSource.dispatch(limit:into:)`
/// appends to it straight from libpcap's callback, with no closure per packet) and what a merge
/// holds until it may release them. Records leave from the front (`head`); `compact()` gives
/// back the room of those gone, in amortised constant time per record.
///
/// A record may also be lent rather than copied (`appendLent`): its bytes stay where its handle
/// has them (a packet ring's block, `lender`) until the handle takes them back, which it does only
/// once the record has been taken (`taken`) or after `ownLent(before:)` copied them in.
/// `@unchecked Sendable`: the lender's address is a pointer; a queue with lent records stays on
/// the thread of its handle (a queue of copies only is a plain value).
public struct RecordQueue: @unchecked Sendable {
    /// One record: its time stamp, its length on the wire, where its bytes lie in `bytes`, and
    /// the direction the kernel gave it (`.unknown` when the handle gives one for all its records).
    public struct Entry: Sendable {
        public var time: Int64
        public var wireLength: Int
        public var start: Int
        public var count: Int
        public var direction: CaptureDirection
        /// Whether the bytes lie in the lender's memory (`start` from `lender`), not in `bytes`.
        public var lent = false
    }

    public private(set) var entries: ContiguousArray<Entry> = []
    public private(set) var bytes: ContiguousArray<UInt8> = []
    /// The first record not yet taken.
    public var head = 0
    /// Records dropped from the front by `compact()`: `dropped + head` records taken so far.
    public private(set) var dropped = 0
    /// Where lent records' bytes lie (their `start` counts from it); nil until one is lent.
    public private(set) var lender: UnsafeRawPointer?

    public init() {}

    /// Records taken since the queue was made (what `head` says, across compactions).
    @inlinable
    public var taken: Int { dropped + head }
    /// Records appended since the queue was made.
    @inlinable
    public var appended: Int { dropped + entries.count }

    /// Where `entry`'s bytes lie, given the start of `bytes` (`data`): in `bytes` or at the
    /// lender's. Valid while the queue is not changed and its lender holds them.
    @inlinable
    public func address(of entry: Entry, in data: UnsafeRawPointer?) -> UnsafeRawBufferPointer {
        // SAFETY: entry's count bytes lie at its start from `bytes` (data) or from the lender.
        UnsafeRawBufferPointer(start: (entry.lent ? lender : data).map { $0 + entry.start }, count: entry.count)
    }

    /// Appends one record whose `count` bytes stay at `offset` from `lender` (a packet ring's
    /// mapping), not copied: the caller keeps them there until the record is taken or
    /// `ownLent(before:)` has copied it. Every lent record of a queue has the same lender.
    public mutating func appendLent(time: Int64, wireLength: Int, direction: CaptureDirection, lender: UnsafeRawPointer, offset: Int, count: Int) {
        precondition(self.lender == nil || self.lender == lender, "one lender per queue")
        self.lender = lender
        entries.append(Entry(time: time, wireLength: wireLength, start: offset, count: count, direction: direction, lent: true))
    }

    /// Copies the bytes of the lent records appended before record number `total` (counted as
    /// `appended`) into the queue, so that their lender may take its memory back.
    public mutating func ownLent(before total: Int = .max) {
        guard let lender else { return }
        let end = Swift.min(entries.count, total - dropped)
        var i = head
        while i < end {
            if entries[i].lent {
                let e = entries[i]
                // SAFETY: the lender still holds e's bytes (the caller's promise until this returns).
                bytes.append(contentsOf: UnsafeBufferPointer(start: (lender + e.start).assumingMemoryBound(to: UInt8.self), count: e.count))
                entries[i].start = bytes.count - e.count
                entries[i].lent = false
            }
            i += 1
        }
    }

    @inlinable
    public var isEmpty: Bool { head == entries.count }
    /// Records not yet taken.
    @inlinable
    public var count: Int { entries.count - head }
    /// The time of the last record appended (nil when none is held).
    @inlinable
    public var lastTime: Int64? { entries.last?.time }

    /// Appends one record; `data` is copied.
    public mutating func append(time: Int64, wireLength: Int, direction: CaptureDirection = .unknown, _ data: UnsafeRawBufferPointer) {
        entries.append(Entry(time: time, wireLength: wireLength, start: bytes.count, count: data.count, direction: direction))
        // SAFETY: bytes read as UInt8, which every byte is (typed, so the append is one copy, not one per byte).
        bytes.append(contentsOf: data.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends one record with the 4 bytes of `tag` (big-endian: an 802.1Q TPID and TCI) put in
    /// at byte `at` of `data` (a VLAN tag the driver took off, as libpcap puts it back), the
    /// whole cut to `keeping` bytes (at least `at` + 4). Without `at` bytes, `data` as it is.
    public mutating func append(time: Int64, wireLength: Int, direction: CaptureDirection, _ data: UnsafeRawBufferPointer,
                                insertingTag tag: UInt32, at: Int, keeping: Int) {
        guard data.count >= at, keeping >= at + 4 else { return append(time: time, wireLength: wireLength, direction: direction, data) }
        let rest = min(data.count - at, keeping - at - 4)
        entries.append(Entry(time: time, wireLength: wireLength, start: bytes.count, count: at + 4 + rest, direction: direction))
        // SAFETY: bytes read as UInt8, which every byte is; both slices lie within data (at <= count, at + rest <= count).
        let typed = data.assumingMemoryBound(to: UInt8.self)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: typed[0..<at]))
        bytes.append(contentsOf: [UInt8(truncatingIfNeeded: tag >> 24), UInt8(truncatingIfNeeded: tag >> 16),
                                  UInt8(truncatingIfNeeded: tag >> 8), UInt8(truncatingIfNeeded: tag)])
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: typed[at..<(at + rest)]))
    }

    /// Drops the records taken: all storage when none is left, else the taken prefix once it is
    /// the larger part (no copying per record).
    public mutating func compact() {
        guard head > 0 else { return }
        if isEmpty {
            entries.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            dropped += head
            head = 0
            head = 0
        } else if head >= 1024, head * 2 >= entries.count {
            // The bytes before the first record left in `bytes` (records copied in by `ownLent`
            // lie after later ones) are all taken records'.
            var offset = bytes.count
            for e in entries[head...] where !e.lent { offset = Swift.min(offset, e.start) }
            bytes.removeFirst(offset)
            entries.removeFirst(head)
            // SAFETY: the view does not leave the closure; indices come from it.
            entries.withUnsafeMutableBufferPointer { all in
                for i in all.indices where !all[i].lent { all[i].start -= offset }
            }
            dropped += head
            head = 0
        }
    }
}
