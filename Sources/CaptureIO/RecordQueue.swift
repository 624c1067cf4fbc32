/// Records waiting in the order they were captured, each with its bytes copied once into one
/// growing buffer: what a live handle hands over in a read (`LiveSource.dispatch(limit:into:)`
/// appends to it straight from libpcap's callback, with no closure per packet) and what a merge
/// holds until it may release them. Records leave from the front (`head`); `compact()` gives
/// back the room of those gone, in amortised constant time per record.
public struct RecordQueue: Sendable {
    /// One record: its time stamp, its length on the wire, where its bytes lie in `bytes`, and
    /// the direction the kernel gave it (`.unknown` when the handle gives one for all its records).
    public struct Entry: Sendable {
        public var time: Int64
        public var wireLength: Int
        public var start: Int
        public var count: Int
        public var direction: CaptureDirection
    }

    public private(set) var entries: ContiguousArray<Entry> = []
    /// The first record not yet taken.
    public var head = 0
    /// The records' bytes, in a buffer of the queue's own (copied on write).
    private var store = RecordBytes()
    /// A copy of the records' bytes (for tests; a reader reads them in place, `withBytes`).
    public var bytes: [UInt8] { Array(store.buffer) }

    /// Lends the records' bytes in place to `body` (an entry's `start..<start + count`).
    @inline(__always)
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(store) { try body(store.buffer) }
    }

    /// The bytes' store, to change: this queue's own.
    @inline(__always)
    private mutating func ownStore() -> RecordBytes {
        if !isKnownUniquelyReferenced(&store) { store = store.copy() }
        return store
    }

    public init() {}

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
        let start = ownStore().append(data)
        entries.append(Entry(time: time, wireLength: wireLength, start: start, count: data.count, direction: direction))
    }

    /// Appends one record with the 4 bytes of `tag` (big-endian: an 802.1Q TPID and TCI) put in
    /// at byte `at` of `data` (a VLAN tag the driver took off, as libpcap puts it back), the
    /// whole cut to `keeping` bytes (at least `at` + 4). Without `at` bytes, `data` as it is.
    public mutating func append(time: Int64, wireLength: Int, direction: CaptureDirection, _ data: UnsafeRawBufferPointer,
                                insertingTag tag: UInt32, at: Int, keeping: Int) {
        guard data.count >= at, keeping >= at + 4 else { return append(time: time, wireLength: wireLength, direction: direction, data) }
        let rest = min(data.count - at, keeping - at - 4)
        let store = ownStore()
        // SAFETY: both slices lie within data (at <= count, at + rest <= count).
        let start = store.append(UnsafeRawBufferPointer(rebasing: data[0..<at]))
        store.appendBigEndian(tag)
        // SAFETY: as above.
        store.append(UnsafeRawBufferPointer(rebasing: data[at..<(at + rest)]))
        entries.append(Entry(time: time, wireLength: wireLength, start: start, count: at + 4 + rest, direction: direction))
    }

    /// Drops the records taken: all storage when none is left, else the taken prefix once it is
    /// three quarters of the records (no copying per record). A merge holds its newest records
    /// back while it releases the older ones, so a queue is seldom empty: the records still held
    /// move to the front, at most a third as many as were taken since the last move (as many
    /// when it moved them at half).
    public mutating func compact() {
        guard head > 0 else { return }
        if isEmpty {
            entries.removeAll(keepingCapacity: true)
            ownStore().removeAll()
            head = 0
        } else if head >= 1024, head * 4 >= entries.count * 3 {
            let offset = entries[head].start
            ownStore().removeFirst(offset)
            entries.removeFirst(head)
            // SAFETY: the view does not leave the closure; indices come from it.
            entries.withUnsafeMutableBufferPointer { all in
                for i in all.indices { all[i].start -= offset }
            }
            head = 0
        }
    }
}
