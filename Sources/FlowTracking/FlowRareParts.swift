/// What only some flows need, behind one pointer in the record (`FlowRecord.rare`), allocated
/// when the first of it is: the members after the first, the observing hosts after the first and
/// the times the record's 32 bits cannot hold.
struct FlowRareParts: Sendable {
    var members: [FlowMemberState] = []
    var observations: [ObservationState] = []
    var cells = FlowTimeCells()
}
