/// One direction of a flow as one host's members saw it (the host's member captures merged,
/// duplicates removed): counts, TShark-compatible TCP classification, RFC 4737 reordering and
/// the member moves.
public struct FlowDirectionView: Sendable {
    public var packets = 0
    public var bytes = 0
    public var tcp = TCPSequenceAnalysis()
    public var counts = TCPAnalysisCounts()
    /// Its buffers are allocated at the first data segment, so flows without data cost little.
    public var reordering = ReorderingMetrics()
    public var moves = MoveTracker()

    public init() {}
}
