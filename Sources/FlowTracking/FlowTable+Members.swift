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
        // The rare parts change only when a count is or was past 2^32, or when there are other
        // members: a flow with one member and small counts allocates nothing.
        let clock = r.pointee.clock, cells = r.pointee.cells
        func update(_ s: inout FlowMemberState) {
            // SAFETY: r is flow's initialised record (flow < count, checked above).
            let old = r.pointee.carry(of: s.member)
            var m = s.count(clock, cells, carry: old)
            body(&m)
            let carry = s.takeCounts(m)
            // SAFETY: as above.
            if carry != nil || old != nil { r.pointee.rare.modify(or: FlowRareParts()) { $0.setCarry(carry, member: s.member) } }
        }
        // SAFETY: as above.
        var first = r.pointee.firstMember
        update(&first)
        r.pointee.firstMember = first
        var others = r.pointee.otherMembers
        guard !others.isEmpty else { return }
        for k in others.indices { update(&others[k]) }
        r.pointee.rare.modify(or: FlowRareParts()) { $0.members = others }
    }
}
