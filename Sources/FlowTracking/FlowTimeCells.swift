/// The times of one flow that its `FlowTime`s cannot hold (earlier than the flow's first packet,
/// further from it than 32 bits of the clock's unit reach, or not a whole number of that unit),
/// in full: a flow that never needs one keeps no array (nil: no allocation, and no reference
/// count to keep for the per-packet update's copy, as an empty array has). A time moved
/// here stays in its cell (a later value overwrites it), so a flow holds at most one cell per
/// time it keeps: memory grows with flows, never with packets.
struct FlowTimeCells: Sendable {
    private var storage: [Int64]?

    init() {}

    var count: Int { storage?.count ?? 0 }
    var isEmpty: Bool { storage == nil }

    /// The time in `cell` (an index `append` returned).
    @inline(__always)
    subscript(cell: UInt32) -> Int64 {
        get { storage![Int(cell)] }
        set { storage![Int(cell)] = newValue }
    }

    /// Keeps `time` in a new cell; returns its index.
    mutating func append(_ time: Int64) -> UInt32 {
        if storage == nil { storage = [time] } else { storage!.append(time) }
        return UInt32(count - 1)
    }
}
