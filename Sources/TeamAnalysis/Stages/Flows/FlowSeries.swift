/// One flow's throughput over time, kept per capturing host: with both ends captured each host
/// sees the flow, and its series is the one host's view (`FlowRecord.onceHost`), never both
/// copies added.
struct FlowSeries: Sendable {
    let origin: Int64
    let width: Int64
    /// Parallel arrays, one entry per host: looking a host up must not copy its bins.
    private(set) var hosts: [Int32] = []
    private var forward: [TimeBins] = []
    private var reverse: [TimeBins] = []

    init(origin: Int64, width: Int64) {
        self.origin = origin
        self.width = width
    }

    @inline(__always)
    mutating func add(host: Int32, forward isForward: Bool, time: Int64, bytes: Int) {
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
        if let i = hosts.firstIndex(of: host) { return (forward[i], reverse[i]) }
        return (TimeBins(origin: origin, width: width), TimeBins(origin: origin, width: width))
    }
}
