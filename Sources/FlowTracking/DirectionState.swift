/// One direction of a flow as one host saw it, as the flow table keeps it: a `FlowDirectionView`
/// without its packet and byte counts, which the record's member counts already hold (a host's
/// members' sums), so that a flow keeps them once, and with its times as the flow's `FlowTime`s.
/// What only some directions need (counts of TCP analysis classes, reordering events, member
/// changes) is allocated when the first of them happens, behind one pointer (`DirectionExtras`).
struct DirectionState: Sendable {
    // Laid out without holes (64 bytes): each 4-byte field fills the tail of the one before, the
    // flag the TCP analysis's.
    var extras = OnDemand<DirectionExtras>()
    var reordering = ReorderingMetrics.Core()
    /// When the TCP analysis's next expected sequence number last advanced (Wireshark's
    /// `nextseqtime`).
    var nextSeqTime = FlowTime()
    var tcp = TCPSequenceAnalysis()
    /// Whether `extras` holds member changes: the per-packet check follows no pointer.
    private(set) var changing = false
    /// The times of the direction's first and last packets (0 before any).
    var firstTime = FlowTime()
    var lastTime = FlowTime()
    var moves = MoveTracker.Carrier()

    /// Counts one segment's classes; a segment in none of them costs nothing.
    @inline(__always)
    mutating func count(_ flags: TCPAnalysisFlags) {
        guard !flags.isDisjoint(with: TCPAnalysisCounts.counted) else { return }
        extras.modify(or: DirectionExtras()) { $0.counts.add(flags) }
    }

    /// Follows the member that carried a packet at `time` (`MoveTracker.observe`); the
    /// direction's packet before it came at `previousTime`.
    @inline(__always)
    mutating func noteMember(_ member: Int32, time: Int64, previousTime: Int64, debounce: Int64) {
        if !changing && moves.steady(member: member) { return }
        changeAware(member: member, time: time, previousTime: previousTime, debounce: debounce)
    }

    @inline(never)
    private mutating func changeAware(member: Int32, time: Int64, previousTime: Int64, debounce: Int64) {
        var carrier = moves
        extras.modify(or: DirectionExtras()) { e in
            var changes = e.changes ?? MoveTracker.Changes(lastMember: carrier.current, lastOnCurrent: previousTime)
            e.changes = nil
            carrier.change(member: member, time: time, previousTime: previousTime, debounce: debounce, changes: &changes)
            e.changes = changes
        }
        moves = carrier
        changing = true
    }

    /// Accounts one data segment for RFC 4737 reordering (`ReorderingMetrics.observe`).
    @inline(__always)
    mutating func noteData(seq: UInt32, length: UInt32, member: Int32, time: Int64, clock: FlowClock, rings: ArrivalRings) {
        let event = reordering.observe(seq: seq, length: length, member: member, time: time, clock: clock, rings: rings)
        let carried = reordering.carry()
        guard event != nil || carried > 0 else { return }
        extras.modify(or: DirectionExtras()) { e in
            if e.reordering == nil { e.reordering = ReorderingMetrics.Events() }
            e.reordering?.record(event, carried: carried)
        }
    }

    /// Confirms a pending member change at the end of the flow (`MoveTracker.finish`).
    mutating func finishMoves(debounce: Int64, clock: FlowClock, cells: FlowTimeCells) {
        guard changing, let c = extras.value?.changes, c.candidate >= 0 else { return }
        var carrier = moves
        let lastTime = clock.time(self.lastTime, cells)
        extras.modify(or: DirectionExtras()) { e in
            e.changes = e.changes.map { c in
                var c = c
                carrier.finish(lastTime: lastTime, debounce: debounce, changes: &c)
                return c
            }
        }
        moves = carrier
    }
}
