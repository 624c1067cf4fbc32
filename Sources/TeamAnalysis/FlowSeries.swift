/// One flow's throughput over time, kept per capturing host: with both ends captured each host
/// sees the flow, and its series is the one host's view (`FlowRecord.onceHost`), never both
/// copies added.
struct FlowSeries: Sendable {
    let origin: Int64
    let width: Int64
    private(set) var hosts: [(host: Int32, forward: TimeBins, reverse: TimeBins)] = []

    init(origin: Int64, width: Int64) {
        self.origin = origin
        self.width = width
    }

    @inline(__always)
    mutating func add(host: Int32, forward: Bool, time: Int64, bytes: Int) {
        var i = 0
        while i < hosts.count && hosts[i].host != host { i += 1 }
        if i == hosts.count { hosts.append((host, TimeBins(origin: origin, width: width), TimeBins(origin: origin, width: width))) }
        if forward { hosts[i].forward.add(time, bytes: bytes) } else { hosts[i].reverse.add(time, bytes: bytes) }
    }

    /// The series as `host` saw it (empty bins when it saw nothing).
    func view(host: Int32) -> (forward: TimeBins, reverse: TimeBins) {
        if let h = hosts.first(where: { $0.host == host }) { return (h.forward, h.reverse) }
        return (TimeBins(origin: origin, width: width), TimeBins(origin: origin, width: width))
    }
}
