/// Records waiting in the order they were captured, each with its bytes copied once into one
/// growing buffer: what a live handle hands over in a read (`LiveSource.dispatch(limit:into:)`
/// appends to it straight from libpcap's callback, with no closure per packet) and what a merge
/// holds until it may release them. Records leave from the front (`head`); `compact()` gives
/// back the room of those gone, in amortised constant time per record.
public struct RecordQueue: Sendable {
    /// One record: its time stamp, its length on the wire, where its bytes lie in `bytes`.
    public struct Entry: Sendable {
        public var time: Int64
        public var wireLength: Int
        public var start: Int
        public var count: Int
    }

    public private(set) var entries: ContiguousArray<Entry> = []
    public private(set) var bytes: ContiguousArray<UInt8> = []
    /// The first record not yet taken.
    public var head = 0

    public init() {}

    public var isEmpty: Bool { head == entries.count }
    /// Records not yet taken.
    public var count: Int { entries.count - head }
    /// The time of the last record appended (nil when none is held).
    public var lastTime: Int64? { entries.last?.time }

    /// Appends one record; `data` is copied.
    public mutating func append(time: Int64, wireLength: Int, _ data: UnsafeRawBufferPointer) {
        entries.append(Entry(time: time, wireLength: wireLength, start: bytes.count, count: data.count))
        // SAFETY: bytes read as UInt8, which every byte is (typed, so the append is one copy, not one per byte).
        bytes.append(contentsOf: data.assumingMemoryBound(to: UInt8.self))
    }

    /// Drops the records taken: all storage when none is left, else the taken prefix once it is
    /// the larger part (no copying per record).
    public mutating func compact() {
        guard head > 0 else { return }
        if isEmpty {
            entries.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= entries.count {
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
