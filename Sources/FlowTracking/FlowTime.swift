/// One of a flow's times in 32 bits, read and written through the flow's `FlowClock`: the
/// record every tracked flow has holds eleven of them, and as 8-byte nanoseconds they took a
/// quarter of it. Every time reads back exactly, whatever it is: one that the 32 bits cannot
/// hold lives in full in the flow's `FlowTimeCells`.
struct FlowTime: Sendable {
    /// 0: the time 0 (what a time that was never set holds, as an `Int64` time's 0 did); below
    /// `cellBit`: 1 + the offset from the clock's base in its unit; with `cellBit`: the index of
    /// the cell that holds the time.
    var raw: UInt32 = 0

    static let cellBit: UInt32 = 1 << 31
    /// The largest offset the 32 bits hold, in the clock's unit (2^31 - 2: over 35 minutes in
    /// microseconds, 2.1 s in nanoseconds).
    static let maxOffset = Int64(cellBit) - 2

    init() {}

    init(raw: UInt32) { self.raw = raw }
}
