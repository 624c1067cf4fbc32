import Foundation

/// A Linux bond as the kernel describes it in sysfs (Documentation/networking/bonding.rst,
/// "Configuring Bonding Manually via Sysfs"): `/sys/class/net/NAME/bonding/mode` ("802.3ad 4"),
/// `xmit_hash_policy` ("layer3+4 1"), `slaves` (the members in enslave order), `active_slave`,
/// `ad_aggregator` and each member's `bonding_slave/ad_aggregator_id` (802.3ad), and each
/// interface's `address` and `operstate`.
public struct BondConfiguration: Sendable, Equatable {
    public var name: String
    /// The mode's name: 802.3ad, balance-rr, active-backup, balance-xor, broadcast, balance-tlb, balance-alb.
    public var mode: String
    public var xmitHashPolicy: String?
    public var members: [String]
    public var active: String?
    /// The bond's MAC and each member's current MAC (a member's own MAC in balance-tlb/alb).
    public var addresses: [String: UInt64]
    /// 802.3ad: the active aggregator's id (`bonding/ad_aggregator`) and each member's
    /// aggregator (`bonding_slave/ad_aggregator_id`): only members of the active one carry traffic.
    public var aggregator: Int?
    public var memberAggregators: [String: Int]

    public init(name: String, mode: String, xmitHashPolicy: String?, members: [String], active: String?, addresses: [String: UInt64],
                aggregator: Int? = nil, memberAggregators: [String: Int] = [:]) {
        self.name = name
        self.mode = mode
        self.xmitHashPolicy = xmitHashPolicy
        self.members = members
        self.active = active
        self.addresses = addresses
        self.aggregator = aggregator
        self.memberAggregators = memberAggregators
    }

    /// 802.3ad: the members in the active aggregator, in enslave order; nil when not known.
    public var aggregatedMembers: [String]? {
        guard let aggregator else { return nil }
        return members.filter { memberAggregators[$0] == aggregator }
    }

    /// Reads bond `name` under `root` (`/sys/class/net`; tests give another); nil when `name`
    /// is not a bond there.
    public static func read(_ name: String, root: String = "/sys/class/net") -> BondConfiguration? {
        let dir = "\(root)/\(name)/bonding"
        guard let mode = Self.field("\(dir)/mode") else { return nil }
        let members = Self.field("\(dir)/slaves").map { $0.split(separator: " ").map(String.init) } ?? []
        var addresses: [String: UInt64] = [:]
        for i in [name] + members {
            if let mac = Self.address(i, root: root) { addresses[i] = mac }
        }
        let active = Self.field("\(dir)/active_slave").flatMap { $0.isEmpty ? nil : $0 }
        var memberAggregators: [String: Int] = [:]
        for m in members {
            if let id = Self.field("\(root)/\(m)/bonding_slave/ad_aggregator_id").flatMap({ Int($0) }) { memberAggregators[m] = id }
        }
        return BondConfiguration(name: name, mode: String(mode.split(separator: " ").first ?? ""),
                                 xmitHashPolicy: Self.field("\(dir)/xmit_hash_policy").map { String($0.split(separator: " ").first ?? "") },
                                 members: members, active: active, addresses: addresses,
                                 aggregator: Self.field("\(dir)/ad_aggregator").flatMap { Int($0) }, memberAggregators: memberAggregators)
    }

    /// The first line of a sysfs file, trimmed; nil when it cannot be read.
    public static func field(_ path: String) -> String? {
        guard let s = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return String(s.split(separator: "\n", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// An interface's MAC (sysfs `address`), nil when it has none or does not exist.
    public static func address(_ device: String, root: String = "/sys/class/net") -> UInt64? {
        field("\(root)/\(device)/address").flatMap(mac)
    }

    /// "02:00:00:00:0a:01" as a number.
    public static func mac(_ s: String) -> UInt64? {
        let parts = s.split(separator: ":")
        guard parts.count == 6 else { return nil }
        var v: UInt64 = 0
        for p in parts {
            guard let b = UInt8(p, radix: 16) else { return nil }
            v = v << 8 | UInt64(b)
        }
        return v
    }

    /// An interface's `operstate` ("up", "down", "lowerlayerdown", "unknown", …), nil when it does
    /// not exist.
    public static func operstate(_ device: String, root: String = "/sys/class/net") -> String? {
        field("\(root)/\(device)/operstate")
    }
}
