import Counters

/// Reads the members' counters for `teamscope counters`: each interface's `statistics/*`
/// (Documentation/ABI/testing/sysfs-class-net-statistics: bytes, packets and drops in columns of
/// their own, the rest as `name=value` pairs)
/// and, for a member with an RDMA port, the port's `counters/port_{xmit,rcv}_{data,packets}`
/// (data in 4-octet words, IBA PortCounters) and every `hw_counters` file. A file that cannot
/// be read leaves its field empty: a member that went away keeps its rows.
public struct CounterSampler: Sendable {
    public var members: [String]
    public var sysfs: SysfsTree
    /// Each member's RDMA port, found once at the start.
    public var rdma: [String: RDMAPort]

    public init(members: [String], sysfs: SysfsTree = SysfsTree()) {
        self.members = members
        self.sysfs = sysfs
        rdma = RDMAPort.find(for: members, sysfs: sysfs)
    }

    /// One row per member at `timeNs`.
    public func sample(timeNs: Int64) -> [CounterLogRow] {
        members.map { m in
            var row = CounterLogRow(timeNs: timeNs, member: m)
            let stats = "\(sysfs.net)/\(m)/statistics"
            func value(_ path: String) -> UInt64? { sysfs.field(path).flatMap { UInt64($0) } }
            row.txBytes = value("\(stats)/tx_bytes")
            row.rxBytes = value("\(stats)/rx_bytes")
            row.txPackets = value("\(stats)/tx_packets")
            row.rxPackets = value("\(stats)/rx_packets")
            row.txDropped = value("\(stats)/tx_dropped")
            row.rxDropped = value("\(stats)/rx_dropped")
            let read: Set = ["tx_bytes", "rx_bytes", "tx_packets", "rx_packets", "tx_dropped", "rx_dropped"]
            for name in (SysfsTree.list(stats) ?? []).sorted() where !read.contains(name) {
                if let v = value("\(stats)/\(name)") { row.otherStatistics.append((name, v)) }
            }
            if let port = rdma[m] {
                let base = "\(sysfs.infiniband)/\(port.device)/ports/\(port.port)"
                row.rdmaPort = port.name
                // port_xmit_data and port_rcv_data count 4-octet words.
                row.rdmaTxBytes = value("\(base)/counters/port_xmit_data").map { $0 &* 4 }
                row.rdmaRxBytes = value("\(base)/counters/port_rcv_data").map { $0 &* 4 }
                row.rdmaTxPackets = value("\(base)/counters/port_xmit_packets")
                row.rdmaRxPackets = value("\(base)/counters/port_rcv_packets")
                for name in (SysfsTree.list("\(base)/hw_counters") ?? []).sorted() {
                    if let v = value("\(base)/hw_counters/\(name)") { row.rdmaHardware.append((name, v)) }
                }
            }
            return row
        }
    }
}
