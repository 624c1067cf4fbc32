import Foundation

extension BondConfiguration {
    /// The mode names /proc/net/bonding/BOND prints (drivers/net/bonding/bond_procfs.c,
    /// `bond_mode_name()` in bond_options.c) against the names sysfs and `ip` use.
    static let procModeNames: [(String, String)] = [
        ("load balancing (round-robin)", "balance-rr"), ("fault-tolerance (active-backup)", "active-backup"),
        ("load balancing (xor)", "balance-xor"), ("fault-tolerance (broadcast)", "broadcast"),
        ("IEEE 802.3ad Dynamic link aggregation", "802.3ad"), ("transmit load balancing", "balance-tlb"),
        ("adaptive load balancing", "balance-alb"),
    ]

    /// Reads `/proc/net/bonding/NAME` as saved by `cat` (bond_procfs.c): "Bonding Mode: …",
    /// "Transmit Hash Policy: layer3+4 (1)", "Currently Active Slave: …", "Aggregator ID" of the
    /// active aggregator and of each member, "System MAC address" (802.3ad), and one "Slave Interface: …"
    /// section per member in the bond's list order — the enslave order the Linux hashes index
    /// (`bond_xmit_slave_id`). Nil when the text is not such a file.
    public static func parse(procBonding text: String, name: String) -> BondConfiguration? {
        var mode: String?
        var policy: String?
        var active: String?
        var members: [String] = []
        var addresses: [String: UInt64] = [:]
        var aggregator: Int?
        var memberAggregators: [String: Int] = [:]
        var inActiveAggregator = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "Bonding Mode":
                mode = procModeNames.first { value.hasPrefix($0.0) }?.1
            case "Transmit Hash Policy":
                policy = value.split(separator: " ").first.map(String.init)
            case "Currently Active Slave":
                active = value == "None" ? nil : value
            case "Active Aggregator Info":
                inActiveAggregator = true
            case "Slave Interface":
                members.append(value)
                inActiveAggregator = false
            case "Aggregator ID":
                guard let id = Int(value) else { break }
                if let m = members.last { memberAggregators[m] = id } else if inActiveAggregator { aggregator = id }
            case "System MAC address":
                if members.isEmpty, let mac = mac(value) { addresses[name] = mac }
            default:
                break
            }
        }
        guard let mode else { return nil }
        return BondConfiguration(name: name, mode: mode, xmitHashPolicy: policy, members: members, active: active,
                                 addresses: addresses, aggregator: aggregator, memberAggregators: memberAggregators)
    }
}
