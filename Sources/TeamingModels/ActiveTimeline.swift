/// Which member was active-backup's active member over time, as the flows a host sent show it:
/// everything leaves on one member at a time, and a failover moves every flow at once
/// (bond_main.c: bond_change_active_slave; ../shared/docs/teaming-behaviour.md). Each flow
/// direction is cut into segments, one per member it used in turn (from its first packet there
/// to its last, `FlowSample.moves`); the timeline is the sequence of active members that agrees
/// with the most segment ends, each switch-over costing `switchCost` ends (a failover must
/// explain more than a stray flow) and at most `maxSwitches` of them, found by dynamic
/// programming over the ends in time order.
/// A flow agrees when each of its segments starts on the member then active and no switch-over
/// falls inside it: a flow that stayed on the old member after a switch-over is not active-backup.
struct ActiveTimeline {
    /// Segment ends a switch-over must explain beyond the ones it costs.
    static let switchCost = 2
    /// A failover is rare: a timeline needing more switch-overs than this is no active member.
    static let maxSwitches = 2

    /// The switch-over times and the member active from each, oldest first (the first from the
    /// start of time).
    private(set) var changes: [(time: Int64, member: Int)] = []

    /// Nil when some flow's times are unknown (the timeline needs every flow's).
    init?(_ samples: [FlowSample], members: Int) {
        guard members > 0, !samples.isEmpty, samples.allSatisfy({ $0.firstTime > 0 }) else { return nil }
        var points: [(time: Int64, member: Int)] = []
        for s in samples { for seg in Self.segments(s) { points.append((seg.start, seg.member)); points.append((seg.end, seg.member)) } }
        points.sort { ($0.time, $0.member) < ($1.time, $1.member) }
        // cost[k][m]: disagreeing ends so far with m active now after k switch-overs;
        // from[i][k][m]: the member active before point i (after k - 1 switch-overs if it
        // differs from m).
        let states = Self.maxSwitches + 1
        let never = Int.max / 4
        var cost = [[Int]](repeating: [Int](repeating: never, count: members), count: states)
        cost[0] = [Int](repeating: 0, count: members)
        var from: [[[Int]]] = []
        from.reserveCapacity(points.count)
        for p in points {
            var next = cost
            var back = [[Int]](repeating: Array(0..<members), count: states)
            for k in 1..<states {
                let prior = cost[k - 1]
                guard let best = prior.indices.min(by: { (prior[$0], $0) < (prior[$1], $1) }), prior[best] < never else { continue }
                for m in 0..<members where m != best && prior[best] + Self.switchCost < next[k][m] {
                    next[k][m] = prior[best] + Self.switchCost
                    back[k][m] = best
                }
            }
            for k in 0..<states { for m in 0..<members where m != p.member && next[k][m] < never { next[k][m] += 1 } }
            cost = next
            from.append(back)
        }
        var k = 0, m = 0, total = never
        for kk in 0..<states { for mm in 0..<members where cost[kk][mm] < total { (k, m, total) = (kk, mm, cost[kk][mm]) } }
        var reversed: [(time: Int64, member: Int)] = []
        for i in stride(from: points.count - 1, through: 0, by: -1) {
            let before = from[i][k][m]
            if before != m {
                reversed.append((points[i].time, m))
                k -= 1
            }
            m = before
        }
        changes = [(Int64.min, m)] + reversed.reversed()
    }

    /// The member active at `time`.
    func active(at time: Int64) -> Int {
        var m = changes[0].member
        for c in changes where c.time <= time { m = c.member }
        return m
    }

    /// Whether every segment of the flow sat on the member active throughout it.
    func agrees(_ s: FlowSample) -> Bool {
        guard s.memberChanges <= s.moves.count else { return false }
        return Self.segments(s).allSatisfy { seg in
            active(at: seg.start) == seg.member && !changes.dropFirst().contains { $0.time > seg.start && $0.time <= seg.end }
        }
    }

    /// The members in the order they were active.
    var members: [Int] {
        var out: [Int] = []
        for c in changes where out.last != c.member { out.append(c.member) }
        return out
    }

    /// The flow's stretches on one member: from the first packet on it to the last.
    static func segments(_ s: FlowSample) -> [(start: Int64, end: Int64, member: Int)] {
        var out: [(start: Int64, end: Int64, member: Int)] = []
        var start = s.firstTime, member = s.firstMember
        for m in s.moves {
            out.append((start, max(start, m.time - m.quietBefore), member))
            start = m.time
            member = m.member
        }
        out.append((start, max(start, s.lastTime), member))
        return out
    }
}
