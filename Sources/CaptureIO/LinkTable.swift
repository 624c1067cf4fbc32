import Foundation

/// A Linux host's interfaces as iproute2 prints them with `ip -d -j link show` (ip-link(8), JSON
/// output): each link's `ifindex` (the index a Linux SLL2 capture records per packet), `ifname`,
/// `master`, `address`, and in `linkinfo` the kind (`info_kind`: "bond", "team", "bridge", …)
/// with a bond's `info_data` (`mode`, `xmit_hash_policy`, `active_slave`) and a member's
/// `info_slave_data` (`perm_hwaddr`, `ad_aggregator_id`). What a user can take in the same minute as
/// `tcpdump -i any`, to name the capture's members and say which interface is the bond.
public struct LinkTable: Sendable, Equatable {
    /// One interface.
    public struct Link: Sendable, Equatable {
        public var index: UInt32
        public var name: String
        public var master: String?
        public var address: UInt64?
        /// `linkinfo.info_kind`: "bond", "team", "bridge", "vlan", "veth", …
        public var kind: String?
        /// A bond's `info_data.mode` and `xmit_hash_policy`.
        public var bondMode: String?
        public var xmitHashPolicy: String?
        /// A bond's `info_data.active_slave`: the kernel fills `IFLA_BOND_ACTIVE_SLAVE` while the
        /// bond has a current active member (active-backup, balance-tlb, balance-alb), as sysfs's
        /// `bonding/active_slave` shows it.
        public var activeMember: String?
        /// 802.3ad: a bond's active aggregator (`ad_info.aggregator`), a member's
        /// (`info_slave_data.ad_aggregator_id`).
        public var aggregator: Int?
        /// A bond member's own MAC (`info_slave_data.perm_hwaddr`): it sends its LACPDUs from it
        /// while `address` is the bond's.
        public var permanentAddress: UInt64?

        public init(index: UInt32, name: String, master: String? = nil, address: UInt64? = nil, kind: String? = nil) {
            self.index = index
            self.name = name
            self.master = master
            self.address = address
            self.kind = kind
        }
    }

    public var links: [Link]

    public init(links: [Link]) { self.links = links }

    /// Why a file is not `ip -d -j link show` output.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var expected: String
        public var description: String { "\(path): not the output of `ip -d -j link show`: expected \(expected)" }
    }

    /// Reads `path` (the JSON `ip -d -j link show` printed, or `ip -j link show`).
    public static func read(_ path: String) throws(ParseError) -> LinkTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(path: path, expected: "a readable file")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(ParseError) -> LinkTable {
        guard let top = try? JSONSerialization.jsonObject(with: data), let array = top as? [Any] else {
            throw ParseError(path: path, expected: "a JSON array of links")
        }
        var links: [Link] = []
        for (i, item) in array.enumerated() {
            guard let o = item as? [String: Any], let index = (o["ifindex"] as? NSNumber)?.uint32Value, let name = o["ifname"] as? String else {
                throw ParseError(path: path, expected: "an ifindex and an ifname in link \(i)")
            }
            var link = Link(index: index, name: name, master: o["master"] as? String,
                            address: (o["address"] as? String).flatMap(BondConfiguration.mac))
            if let info = o["linkinfo"] as? [String: Any] {
                link.kind = info["info_kind"] as? String
                if link.kind == "bond", let d = info["info_data"] as? [String: Any] {
                    link.bondMode = d["mode"] as? String
                    link.xmitHashPolicy = d["xmit_hash_policy"] as? String
                    link.activeMember = d["active_slave"] as? String
                    link.aggregator = ((d["ad_info"] as? [String: Any])?["aggregator"] as? NSNumber)?.intValue
                }
                if info["info_slave_kind"] as? String == "bond", let d = info["info_slave_data"] as? [String: Any] {
                    link.permanentAddress = (d["perm_hwaddr"] as? String).flatMap(BondConfiguration.mac)
                    link.aggregator = (d["ad_aggregator_id"] as? NSNumber)?.intValue
                }
            }
            links.append(link)
        }
        return LinkTable(links: links)
    }

    /// Interface index → name.
    public var names: [UInt32: String] {
        var out: [UInt32: String] = [:]
        for l in links { out[l.index] = l.name }
        return out
    }

    /// Every MAC the host's interfaces have or had (current and permanent), zero left out.
    public var addresses: [UInt64] {
        Array(Set(links.flatMap { [$0.address, $0.permanentAddress].compactMap { $0 } }.filter { $0 != 0 })).sorted()
    }

    /// Every interface that is another's master (a bond, a team, a bridge), by name.
    public var masters: [String] {
        var out: [String] = []
        for l in links {
            if let m = l.master, !out.contains(m) { out.append(m) }
            if l.kind == "bond" || l.kind == "team", !out.contains(l.name) { out.append(l.name) }
        }
        return out
    }

    /// Each bond with its mode, hash policy and members. The members are in interface-index
    /// order: `ip link` does not say the enslave order (/proc/net/bonding/BOND does).
    public var bonds: [BondConfiguration] {
        links.filter { $0.kind == "bond" }.map { bond in
            let members = links.filter { $0.master == bond.name }
            var addresses: [String: UInt64] = [:]
            for l in [bond] + members { if let a = l.address { addresses[l.name] = a } }
            var aggregators: [String: Int] = [:]
            for m in members { if let a = m.aggregator { aggregators[m.name] = a } }
            return BondConfiguration(name: bond.name, mode: bond.bondMode ?? "", xmitHashPolicy: bond.xmitHashPolicy, members: members.map(\.name),
                                     active: bond.activeMember,
                                     addresses: addresses, aggregator: bond.aggregator, memberAggregators: aggregators)
        }
    }
}
