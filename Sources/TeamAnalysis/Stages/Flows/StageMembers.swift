/// The members' traffic counters kept by the flow stage's thread (`FlowPipeline`): each packet's
/// traffic is counted at its member there (`MemberState.recordTraffic`), off the counting thread,
/// the busier of the two. The counting pass keeps the rest (the packets' facts, de-duplication's
/// counts, aggregates') in its registry; `merged` joins the two.
final class StageMembers {
    private(set) var members: [MemberState]

    /// `members`: fresh counters of every member registered so far.
    init(_ members: [MemberState]) {
        self.members = members
    }

    /// Members the counting pass registered since, fresh.
    func append(_ more: [MemberState]) {
        members += more
    }

    /// Packet `w`'s traffic counted at its member.
    @inline(__always)
    func record(_ w: UnsafePointer<FlowWork>, bytes: UnsafeRawBufferPointer) {
        // SAFETY: `w` points at an initialised work item of the batch being run.
        let slot = Int(w.pointee.member)
        members[slot].recordTraffic(time: w.pointee.time, wireLength: w.pointee.wireLength, bytes: bytes, hasMAC: w.pointee.packet.hasMAC,
                                    sourceMAC: w.pointee.packet.sourceMAC, destinationMAC: w.pointee.destinationMAC,
                                    network: w.pointee.network, networkOffset: Int(w.pointee.packet.networkOffset),
                                    direction: w.pointee.direction)
    }

    /// The registry's members (`counted`: what the counting pass counted itself) with the traffic
    /// this thread counted at each.
    func merged(into counted: [MemberState]) -> [MemberState] {
        var out = counted
        for slot in out.indices where slot < members.count {
            out[slot] = members[slot].adding(countedElsewhere: counted[slot])
        }
        return out
    }
}
