/// The kinds of counter file `analyze --counters` reads.
public enum CounterFormat: String, Sendable, Codable, Equatable {
    /// Windows performance counters as `typeperf -f CSV` and `relog -f csv` write them
    /// (the PDH CSV log format: a `(PDH-CSV 4.0)` header, one column per counter path).
    case perfmon = "perfmon-csv"
    /// The log `teamscope counters` writes (README "Counters"): cumulative Linux interface and
    /// RDMA port counters, one row per member and sample.
    case teamscope = "teamscope-counters"
}
