/// One direction of a flow as one host's members saw it (the host's member captures merged,
/// duplicates removed): counts, TShark-compatible TCP classification, RFC 4737 reordering and
/// the member moves. Built for reading from the table's `DirectionState` and the member counts.
public struct FlowDirectionView: Sendable {
    public var packets = 0
    public var bytes = 0
    public var tcp = TCPSequenceAnalysis()
    public var reordering = ReorderingMetrics()
    public var moves = MoveTracker()
    private var classCounts = OnDemand<TCPAnalysisCounts>()

    public init() {}

    init(_ s: DirectionState, packets: Int, bytes: Int, clock: FlowClock, cells: FlowTimeCells) {
        self.packets = packets
        self.bytes = bytes
        tcp = s.tcp
        let extras = s.extras.value
        reordering = ReorderingMetrics(s.reordering, events: extras?.reordering)
        moves = MoveTracker(s.moves, changes: extras?.changes, firstTime: clock.time(s.firstTime, cells),
                            lastTime: clock.time(s.lastTime, cells))
        if let counts = extras?.counts { classCounts.modify(or: counts) { _ in } }
    }

    /// How many segments TShark's rules put in each class (all zero for most directions).
    public var counts: TCPAnalysisCounts { classCounts.value ?? TCPAnalysisCounts() }
}
