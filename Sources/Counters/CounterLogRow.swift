/// One row of the log `teamscope counters` writes (README "Counters"): a member's cumulative
/// counters at one moment, as the kernel gave them. Empty fields are counters that could not
/// be read; `otherStatistics` keeps the interface's other `statistics` files as `name=value`
/// pairs. The RDMA port's data counters are in bytes here (sysfs `port_xmit_data` and
/// `port_rcv_data` count 4-byte words, IBA 14.2.5.6 PortCounters); `rdmaHardware` keeps the
/// port's `hw_counters` as `name=value` pairs.
public struct CounterLogRow: Sendable, Equatable {
    public var timeNs: Int64
    public var member: String
    public var txBytes: UInt64?
    public var rxBytes: UInt64?
    public var txPackets: UInt64?
    public var rxPackets: UInt64?
    public var txDropped: UInt64?
    public var rxDropped: UInt64?
    /// `DEVICE/PORT` of the RDMA port on this member (`mlx5_0/1`), when it has one.
    public var rdmaPort: String?
    public var rdmaTxBytes: UInt64?
    public var rdmaRxBytes: UInt64?
    public var rdmaTxPackets: UInt64?
    public var rdmaRxPackets: UInt64?
    public var rdmaHardware: [(name: String, value: UInt64)] = []
    /// The interface's other `statistics` files (`rx_missed_errors`, `rx_fifo_errors`, …).
    public var otherStatistics: [(name: String, value: UInt64)] = []

    public init(timeNs: Int64, member: String) {
        self.timeNs = timeNs
        self.member = member
    }

    public static func == (a: CounterLogRow, b: CounterLogRow) -> Bool {
        a.line == b.line
    }

    /// The log's first lines: the format's name and version, the host, the interval, the columns.
    public static func header(host: String, intervalNs: Int64) -> String {
        "# teamscope counters 1\n# host=\(host)\n# interval_ns=\(intervalNs)\n" + columns.joined(separator: ",") + "\n"
    }

    public static let columns = ["time_ns", "member", "tx_bytes", "rx_bytes", "tx_packets", "rx_packets", "tx_dropped", "rx_dropped",
                                 "rdma_port", "rdma_tx_bytes", "rdma_rx_bytes", "rdma_tx_packets", "rdma_rx_packets", "rdma_hw", "statistics"]

    /// The row as the log writes it, with its newline.
    public var line: String {
        func n(_ v: UInt64?) -> String { v.map { String($0) } ?? "" }
        func pairs(_ l: [(name: String, value: UInt64)]) -> String { l.map { "\($0.name)=\($0.value)" }.joined(separator: " ") }
        return [String(timeNs), member, n(txBytes), n(rxBytes), n(txPackets), n(rxPackets), n(txDropped), n(rxDropped),
                rdmaPort ?? "", n(rdmaTxBytes), n(rdmaRxBytes), n(rdmaTxPackets), n(rdmaRxPackets), pairs(rdmaHardware), pairs(otherStatistics)].joined(separator: ",") + "\n"
    }
}
