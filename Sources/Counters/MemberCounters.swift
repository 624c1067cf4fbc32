/// One member's counter series from one file: at each sample time, the bytes per second it
/// carried over the interval that ended then, per `CounterQuantity` (nil: the sample is missing).
/// Memory grows with samples, which a counter log has few of (one a second is 86 400 a day).
public struct MemberCounters: Sendable, Equatable {
    /// The machine the file names (perfmon's `\\HOST`, the log's `# host=`).
    public var machine: String
    /// The member as the file names it: a perfmon instance (the adapter's description) or a
    /// Linux interface.
    public var instance: String
    /// The member it is reported as: `instance`, or what `--member-alias` maps it to.
    public var member: String
    public var format: CounterFormat
    /// What the instance is to the team (a perfmon log names every adapter; a TeamScope log
    /// only members).
    public var role: CounterInstanceRole
    public var file: String
    /// Sample times, ns since the Unix epoch (UTC), ascending: the end of each interval.
    public var timesNs: [Int64]
    /// The usual time between samples (the median), which the first sample's interval is taken to be.
    public var intervalNs: Int64
    /// Per quantity the file has, one rate per sample (bytes per second; nil: missing).
    public var rates: [CounterQuantity: [Double?]]
    /// Where the first sample's interval starts, when the file says (a log of cumulative
    /// counters: the row before it); nil: one usual interval before it.
    public var firstIntervalStartNs: Int64?
    /// Packets the member's NIC counted as dropped over the log (Linux `tx_dropped`,
    /// `rx_dropped`, `rx_missed_errors`, `rx_fifo_errors`), when the file has them.
    public var droppedPackets: UInt64?

    public init(machine: String, instance: String, member: String? = nil, format: CounterFormat, file: String,
                timesNs: [Int64], intervalNs: Int64, rates: [CounterQuantity: [Double?]], firstIntervalStartNs: Int64? = nil, droppedPackets: UInt64? = nil) {
        self.machine = machine
        self.instance = instance
        self.member = member ?? instance
        self.format = format
        role = format == .perfmon ? CounterInstanceRole.of(instance: instance) : .member
        self.file = file
        self.timesNs = timesNs
        self.intervalNs = intervalNs
        self.rates = rates
        self.firstIntervalStartNs = firstIntervalStartNs
        self.droppedPackets = droppedPackets
    }

    /// Where sample `i`'s interval starts: the previous sample, `firstIntervalStartNs`, or one
    /// usual interval earlier.
    public func intervalStart(_ i: Int) -> Int64 {
        i > 0 ? timesNs[i - 1] : firstIntervalStartNs ?? timesNs[i] - intervalNs
    }

    /// The median of the gaps between samples (1 s when there is one sample or none).
    static func medianInterval(_ times: [Int64]) -> Int64 {
        guard times.count > 1 else { return 1_000_000_000 }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
        return max(gaps[gaps.count / 2], 1)
    }
}
