/// What one member carried of one flow, as the flow table keeps it: `MemberFlowCount` with its
/// first and last times as the flow's `FlowTime`s.
struct FlowMemberState: Sendable {
    var member: Int32
    var host: Int32
    var forwardPackets = 0
    var forwardBytes = 0
    var reversePackets = 0
    var reverseBytes = 0
    var forwardSentBytes = 0
    var reverseSentBytes = 0
    var first = FlowTime()
    var last = FlowTime()

    /// No member yet: times 0.
    init(member: Int32, host: Int32) {
        self.member = member
        self.host = host
    }

    /// A member first seen at `time`.
    init(member: Int32, host: Int32, time: Int64, clock: FlowClock, cells: inout FlowTimeCells) {
        self.init(member: member, host: host)
        clock.set(&first, time, &cells)
        clock.set(&last, time, &cells)
    }

    @inline(__always)
    mutating func add(forward: Bool, wireLength: Int, sent: Bool, time: Int64, clock: FlowClock, cells: inout FlowTimeCells) {
        if forward {
            forwardPackets += 1
            forwardBytes += wireLength
            if sent { forwardSentBytes += wireLength }
        } else {
            reversePackets += 1
            reverseBytes += wireLength
            if sent { reverseSentBytes += wireLength }
        }
        if time > clock.time(last, cells) { clock.set(&last, time, &cells) }
    }

    /// The counts as read (`FlowRecord.members`).
    func count(_ clock: FlowClock, _ cells: FlowTimeCells) -> MemberFlowCount {
        var c = MemberFlowCount(member: member, host: host, time: clock.time(first, cells))
        c.last = clock.time(last, cells)
        c.forwardPackets = forwardPackets
        c.forwardBytes = forwardBytes
        c.reversePackets = reversePackets
        c.reverseBytes = reverseBytes
        c.forwardSentBytes = forwardSentBytes
        c.reverseSentBytes = reverseSentBytes
        return c
    }

    /// Takes back what an owner changed of `count` (`FlowTable.updateMembers`): the counts.
    mutating func takeCounts(_ c: MemberFlowCount) {
        forwardPackets = c.forwardPackets
        forwardBytes = c.forwardBytes
        reversePackets = c.reversePackets
        reverseBytes = c.reverseBytes
        forwardSentBytes = c.forwardSentBytes
        reverseSentBytes = c.reverseSentBytes
    }
}
