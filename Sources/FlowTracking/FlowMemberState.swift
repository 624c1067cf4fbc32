/// What one member carried of one flow, as the flow table keeps it: `MemberFlowCount` with its
/// first and last times as the flow's `FlowTime`s and its six counts in 32 bits each (40 bytes,
/// was 64 with 64-bit counts). A count that passes 2^32 (a byte count of one direction does
/// after 4 GiB, a migration stream's within seconds) carries into the flow's rare parts
/// (`FlowCountCarry`), so every count reads back exactly.
struct FlowMemberState: Sendable {
    var member: Int32
    var host: Int32
    // The low 32 bits of each count, in the order of `FlowCountCarry.Count`.
    private(set) var forwardPackets: UInt32 = 0
    private(set) var forwardBytes: UInt32 = 0
    private(set) var reversePackets: UInt32 = 0
    private(set) var reverseBytes: UInt32 = 0
    private(set) var forwardSentBytes: UInt32 = 0
    private(set) var reverseSentBytes: UInt32 = 0
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

    /// Counts one packet of `wireLength` bytes (below 2^32, as every capture format's 32-bit
    /// original length is). Returns the counts that passed 2^32 (`FlowCountCarry.Counts`,
    /// empty nearly always): the caller carries them.
    @inline(__always)
    mutating func add(forward: Bool, wireLength: Int, sent: Bool, time: Int64, clock: FlowClock,
                      cells: inout FlowTimeCells) -> FlowCountCarry.Counts {
        let length = UInt32(truncatingIfNeeded: wireLength)
        var wrapped = FlowCountCarry.Counts()
        @inline(__always) func add(_ v: inout UInt32, _ n: UInt32, _ c: FlowCountCarry.Counts) {
            let (sum, overflow) = v.addingReportingOverflow(n)
            v = sum
            if overflow { wrapped.insert(c) }
        }
        if forward {
            add(&forwardPackets, 1, .forwardPackets)
            add(&forwardBytes, length, .forwardBytes)
            if sent { add(&forwardSentBytes, length, .forwardSentBytes) }
        } else {
            add(&reversePackets, 1, .reversePackets)
            add(&reverseBytes, length, .reverseBytes)
            if sent { add(&reverseSentBytes, length, .reverseSentBytes) }
        }
        if time > clock.time(last, cells) { clock.set(&last, time, &cells) }
        return wrapped
    }

    /// One count in full: its low 32 bits here, its high ones in `carry` (nil: none).
    @inline(__always)
    func full(_ low: UInt32, _ count: FlowCountCarry.Counts, _ carry: FlowCountCarry?) -> Int {
        Int(low) + (carry.map { Int($0.high(count)) << 32 } ?? 0)
    }

    /// The counts as read (`FlowRecord.members`), whole with the flow's `carry` of this member.
    func count(_ clock: FlowClock, _ cells: FlowTimeCells, carry: FlowCountCarry?) -> MemberFlowCount {
        var c = MemberFlowCount(member: member, host: host, time: clock.time(first, cells))
        c.last = clock.time(last, cells)
        c.forwardPackets = full(forwardPackets, .forwardPackets, carry)
        c.forwardBytes = full(forwardBytes, .forwardBytes, carry)
        c.reversePackets = full(reversePackets, .reversePackets, carry)
        c.reverseBytes = full(reverseBytes, .reverseBytes, carry)
        c.forwardSentBytes = full(forwardSentBytes, .forwardSentBytes, carry)
        c.reverseSentBytes = full(reverseSentBytes, .reverseSentBytes, carry)
        return c
    }

    /// Packets and bytes per direction, whole with `carry`: what a host's traffic sums.
    @inline(__always)
    func traffic(carry: FlowCountCarry?) -> (forwardPackets: Int, forwardBytes: Int, reversePackets: Int, reverseBytes: Int) {
        (full(forwardPackets, .forwardPackets, carry), full(forwardBytes, .forwardBytes, carry),
         full(reversePackets, .reversePackets, carry), full(reverseBytes, .reverseBytes, carry))
    }

    /// Takes back what an owner changed of `count` (`FlowTable.updateMembers`): the counts' low
    /// 32 bits here; returns the carry their high bits make (nil when every count fits).
    mutating func takeCounts(_ c: MemberFlowCount) -> FlowCountCarry? {
        var carry = FlowCountCarry(member: member)
        @inline(__always) func take(_ v: inout UInt32, _ n: Int, _ count: FlowCountCarry.Counts) {
            let n = UInt64(max(0, n))
            v = UInt32(truncatingIfNeeded: n)
            carry.setHigh(count, UInt32(truncatingIfNeeded: n >> 32))
        }
        take(&forwardPackets, c.forwardPackets, .forwardPackets)
        take(&forwardBytes, c.forwardBytes, .forwardBytes)
        take(&reversePackets, c.reversePackets, .reversePackets)
        take(&reverseBytes, c.reverseBytes, .reverseBytes)
        take(&forwardSentBytes, c.forwardSentBytes, .forwardSentBytes)
        take(&reverseSentBytes, c.reverseSentBytes, .reverseSentBytes)
        return carry.isZero ? nil : carry
    }
}
