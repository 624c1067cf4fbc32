/// One direction of a flow as one host saw it, as the flow table keeps it: a `FlowDirectionView`
/// without its packet and byte counts, which the record's member counts already hold (a host's
/// members' sums), so that a flow keeps them once, and with its times as the flow's `FlowTime`s.
/// What only some directions need (counts of TCP analysis classes, reordering events, member
/// changes) is allocated when it first happens.
struct DirectionState: Sendable {
    // Laid out without holes: each 4-byte field fills the tail of the one before.
    var reordering = ReorderingMetrics()
    /// When the TCP analysis's next expected sequence number last advanced (Wireshark's
    /// `nextseqtime`).
    var nextSeqTime = FlowTime()
    var tcp = TCPSequenceAnalysis()
    /// The times of the direction's first and last packets (0 before any).
    var firstTime = FlowTime()
    var lastTime = FlowTime()
    var classCounts = OnDemand<TCPAnalysisCounts>()
    var moves = MoveTracker.Carrier()

    /// Counts one segment's classes; a segment in none of them costs nothing.
    @inline(__always)
    mutating func count(_ flags: TCPAnalysisFlags) {
        guard !flags.isDisjoint(with: TCPAnalysisCounts.counted) else { return }
        classCounts.modify(or: TCPAnalysisCounts()) { $0.add(flags) }
    }

    /// Confirms a pending member change at the end of the flow (`MoveTracker.finish`).
    mutating func finishMoves(debounce: Int64, clock: FlowClock, cells: FlowTimeCells) {
        moves.finish(lastTime: clock.time(lastTime, cells), debounce: debounce)
    }
}
