/// What only some flows need, behind one pointer in the record (`FlowRecord.rare`), allocated
/// when the first of it is: the members after the first, the observing hosts after the first,
/// the times the record's 32 bits cannot hold and the high bits of counts past 2^32.
struct FlowRareParts: Sendable {
    var members: [FlowMemberState] = []
    var observations: [ObservationState] = []
    var cells = FlowTimeCells()
    /// One entry per member with a count past 2^32 (`FlowMemberState` keeps 32 bits).
    var carries: [FlowCountCarry] = []

    /// The carry of `member`'s counts, nil when they all fit in 32 bits.
    func carry(of member: Int32) -> FlowCountCarry? { carries.first { $0.member == member } }

    /// Carries the counts of `member` in `wrapped` (their low 32 bits just passed 2^32).
    mutating func carry(_ wrapped: FlowCountCarry.Counts, member: Int32) {
        if let k = carries.firstIndex(where: { $0.member == member }) {
            carries[k].carry(wrapped)
        } else {
            var c = FlowCountCarry(member: member)
            c.carry(wrapped)
            carries.append(c)
        }
    }

    /// Replaces the carry of `member` by `carry` (nil: its counts fit in 32 bits).
    mutating func setCarry(_ carry: FlowCountCarry?, member: Int32) {
        carries.removeAll { $0.member == member }
        if let carry { carries.append(carry) }
    }
}
