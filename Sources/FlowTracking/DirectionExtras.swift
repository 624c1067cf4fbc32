/// What only some flow directions need, allocated at the first of them (one pointer for the
/// three until then): the counts of TCP analysis classes, the RFC 4737 reordering events and the
/// member changes.
struct DirectionExtras: Sendable {
    var counts = TCPAnalysisCounts()
    var reordering: ReorderingMetrics.Events?
    var changes: MoveTracker.Changes?
}
