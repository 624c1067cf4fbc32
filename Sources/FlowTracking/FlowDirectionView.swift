/// One direction of a flow as one host's members saw it (the host's member captures merged,
/// duplicates removed): counts, TShark-compatible TCP classification, RFC 4737 reordering and
/// the member moves. What only some directions need (counts of TCP analysis classes, reordering
/// events, member changes) is allocated when it first happens.
public struct FlowDirectionView: Sendable {
    public var packets = 0
    public var bytes = 0
    public var tcp = TCPSequenceAnalysis()
    public var reordering = ReorderingMetrics()
    public var moves = MoveTracker()
    private var classCounts = OnDemand<TCPAnalysisCounts>()

    public init() {}

    /// How many segments TShark's rules put in each class (all zero for most directions).
    public var counts: TCPAnalysisCounts { classCounts.value ?? TCPAnalysisCounts() }

    /// Counts one segment's classes; a segment in none of them costs nothing.
    @inline(__always)
    mutating func count(_ flags: TCPAnalysisFlags) {
        guard !flags.isDisjoint(with: TCPAnalysisCounts.counted) else { return }
        classCounts.modify(or: TCPAnalysisCounts()) { $0.add(flags) }
    }
}
