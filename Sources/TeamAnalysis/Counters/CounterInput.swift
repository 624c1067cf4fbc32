import Counters

/// One `--counters` argument read: the members' series in it, and the host the argument named
/// (`HOST=FILE`), which wins over the machine the file names.
public struct CounterInput: Sendable, Equatable {
    public var host: String?
    public var series: [MemberCounters]

    public init(host: String?, series: [MemberCounters]) {
        self.host = host
        self.series = series
    }
}
