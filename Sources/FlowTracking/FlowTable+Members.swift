extension FlowTable {
    /// Calls `body` with each member count of flow `flow` (`FlowRecord.members`) to change in
    /// place: for an owner that attributes what each host sent itself, e.g. a host judged under
    /// several hypotheses of which station is its own, where one table serves every hypothesis
    /// and each shows its own sent bytes in turn.
    public func updateMembers(ofFlow flow: Int, _ body: (inout MemberFlowCount) -> Void) {
        precondition(flow >= 0 && flow < count, "flow \(flow) is not one of the table's \(count)")
        // SAFETY: flow < count (checked above): an initialised record.
        let r = slot(flow)
        guard r.pointee.firstMember.member >= 0 else { return }
        // The counts as read, changed, and taken back (the times are not the owner's to change).
        let clock = r.pointee.clock
        var m = r.pointee.firstMember.count(clock, r.pointee.cells)
        body(&m)
        r.pointee.firstMember.takeCounts(m)
        var others = r.pointee.otherMembers
        guard !others.isEmpty else { return }
        for k in others.indices {
            m = others[k].count(clock, r.pointee.cells)
            body(&m)
            others[k].takeCounts(m)
        }
        r.pointee.rare.modify(or: FlowRareParts()) { $0.members = others }
    }
}
