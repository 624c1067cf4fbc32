/// One direction of a flow as one host saw it, as the flow table keeps it: a `FlowDirectionView`
/// without its packet and byte counts, which the record's member counts already hold (a host's
/// members' sums), so that a flow keeps them once. What only some directions need (counts of
/// TCP analysis classes, reordering events, member changes) is allocated when it first happens.
struct DirectionState: Sendable {
    var tcp = TCPSequenceAnalysis()
    var reordering = ReorderingMetrics()
    var classCounts = OnDemand<TCPAnalysisCounts>()
    var moves = MoveTracker()

    /// Counts one segment's classes; a segment in none of them costs nothing.
    @inline(__always)
    mutating func count(_ flags: TCPAnalysisFlags) {
        guard !flags.isDisjoint(with: TCPAnalysisCounts.counted) else { return }
        classCounts.modify(or: TCPAnalysisCounts()) { $0.add(flags) }
    }
}
