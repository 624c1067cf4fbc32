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
    public private(set) var bytes: ContiguousArray<UInt8> = []
    /// The first record not yet taken.
    public var head = 0

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
    /// three quarters of the records (no copying per record). A merge holds its newest records
    /// back while it releases the older ones, so a queue is seldom empty: the records still held
    /// move to the front, at most a third as many as were taken since the last move (as many
    /// when it moved them at half).
    public mutating func compact() {
        guard head > 0 else { return }
        if isEmpty {
            entries.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 4 >= entries.count * 3 {
            let offset = entries[head].start
            bytes.removeFirst(offset)
            entries.removeFirst(head)
            // SAFETY: the view does not leave the closure; indices come from it.
            entries.withUnsafeMutableBufferPointer { all in
                for i in all.indices { all[i].start -= offset }
            }
            head = 0
        }
    }
}
