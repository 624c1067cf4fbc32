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
        let first = r.pointee.firstMember.member
        var m = r.pointee.firstMember.count(clock, r.pointee.cells, carry: r.pointee.carry(of: first))
        body(&m)
        let firstCarry = r.pointee.firstMember.takeCounts(m)
        // The rare parts change only when a count is or was past 2^32, or when there are other
        // members: a flow with one member and small counts allocates nothing.
        if firstCarry != nil || r.pointee.carry(of: first) != nil {
            r.pointee.rare.modify(or: FlowRareParts()) { $0.setCarry(firstCarry, member: first) }
        }
        var others = r.pointee.otherMembers
        guard !others.isEmpty else { return }
        for k in others.indices {
            m = others[k].count(clock, r.pointee.cells, carry: r.pointee.carry(of: others[k].member))
            body(&m)
            let carry = others[k].takeCounts(m)
            if carry != nil || r.pointee.carry(of: others[k].member) != nil {
                r.pointee.rare.modify(or: FlowRareParts()) { $0.setCarry(carry, member: others[k].member) }
            }
        }
        r.pointee.rare.modify(or: FlowRareParts()) { $0.members = others }
    }
}
