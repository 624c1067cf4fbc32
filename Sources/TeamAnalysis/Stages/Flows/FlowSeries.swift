/// One flow's throughput over time, kept per capturing host: with both ends captured each host
/// sees the flow, and its series is the one host's view (`FlowRecord.onceHost`), never both
/// copies added.
struct FlowSeries: Sendable {
    let origin: Int64
    let width: Int64
    /// The first host's bins live in the series itself, the others' in parallel arrays: most
    /// flows are seen by one host, and the per-packet add then follows no pointer (a cache miss
    /// per packet when many flows are busy at once).
    private var firstHost: Int32 = -1
    private var firstForward: TimeBins
    private var firstReverse: TimeBins
    private var hosts: [Int32] = []
    private var forward: [TimeBins] = []
    private var reverse: [TimeBins] = []

    init(origin: Int64, width: Int64) {
        self.origin = origin
        self.width = width
        firstForward = TimeBins(origin: origin, width: width)
        firstReverse = TimeBins(origin: origin, width: width)
    }

    @inline(__always)
    mutating func add(host: Int32, forward isForward: Bool, time: Int64, bytes: Int) {
        if firstHost < 0 { firstHost = host }
        if host == firstHost {
            if isForward { firstForward.add(time, bytes: bytes) } else { firstReverse.add(time, bytes: bytes) }
            return
        }
        var i = 0
        while i < hosts.count && hosts[i] != host { i += 1 }
        if i == hosts.count {
            hosts.append(host)
            forward.append(TimeBins(origin: origin, width: width))
            reverse.append(TimeBins(origin: origin, width: width))
        }
        if isForward { forward[i].add(time, bytes: bytes) } else { reverse[i].add(time, bytes: bytes) }
    }

    /// The series as `host` saw it (empty bins when it saw nothing).
    func view(host: Int32) -> (forward: TimeBins, reverse: TimeBins) {
        if host == firstHost { return (firstForward, firstReverse) }
        if let i = hosts.firstIndex(of: host) { return (forward[i], reverse[i]) }
        return (TimeBins(origin: origin, width: width), TimeBins(origin: origin, width: width))
    }
}
