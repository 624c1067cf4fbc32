import CaptureIO

/// What a live capture knows besides its packets, for the report: the bond's configuration,
/// each member's `pcap_stats`, and every link event with its time.
public struct LiveFacts: Sendable {
    public var bond: BondConfiguration?
    /// By member name: the handle's statistics, summed over every time it was opened.
    public var statistics: [String: LiveStatistics] = [:]
    public var linkEvents: [LinkEvent] = []
    /// By member name: records the merge got after it had already released a later one,
    /// counted and placed at the time already reached (`members[].live_late`).
    public var late: [String: Int] = [:]
    public init(bond: BondConfiguration? = nil) { self.bond = bond }
}

/// A member's link going down or up, or the interface removed or added (`link_events[]`).
public struct LinkEvent: Codable, Sendable, Equatable {
    /// What happened to the member's link (its raw value is the JSON's word).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The link stopped carrying traffic (`operstate` left up).
        case down
        /// The link carries traffic again.
        case up
        /// The interface went away.
        case removed
        /// The interface appeared (newly enslaved, or back after removal).
        case added

        /// Whether the member can carry traffic after the event.
        public var isUsable: Bool { self == .up || self == .added }
    }

    public var host: String
    public var member: String
    public var timeNs: Int64
    public var event: Kind

    public init(host: String, member: String, timeNs: Int64, event: Kind) {
        self.host = host
        self.member = member
        self.timeNs = timeNs
        self.event = event
    }

    enum CodingKeys: String, CodingKey {
        case host, member, timeNs = "time_ns", event
    }
}

/// `hosts[].bond`: the bond's configuration as the kernel gave it, and how the traffic fits the
/// model it names.
public struct BondReport: Codable, Sendable, Equatable {
    public var name: String
    public var mode: String
    public var xmitHashPolicy: String?
    public var members: [String]
    public var active: String?
    /// The model the configuration names (`linux/layer3+4`), and its fit to what the host sent.
    public var model: String?
    public var flowsConsistent: Int?
    public var flowsTotal: Int?
    /// 802.3ad: the active aggregator's id and its members (sysfs), when the kernel said.
    public var aggregator: Int?
    public var aggregatorMembers: [String]?

    public init(name: String, mode: String, xmitHashPolicy: String?, members: [String], active: String?, model: String?, flowsConsistent: Int?, flowsTotal: Int?,
                aggregator: Int? = nil, aggregatorMembers: [String]? = nil) {
        self.aggregator = aggregator
        self.aggregatorMembers = aggregatorMembers
        self.name = name
        self.mode = mode
        self.xmitHashPolicy = xmitHashPolicy
        self.members = members
        self.active = active
        self.model = model
        self.flowsConsistent = flowsConsistent
        self.flowsTotal = flowsTotal
    }

    enum CodingKeys: String, CodingKey {
        case name, mode, xmitHashPolicy = "xmit_hash_policy", members, active, model, flowsConsistent = "flows_consistent"
        case flowsTotal = "flows_total", aggregator, aggregatorMembers = "aggregator_members"
    }
}

/// `members[].live_drops`: `pcap_stats` of the member's handle(s).
public struct LiveDropsReport: Codable, Sendable, Equatable {
    public var kernel: UInt64
    public var interface: UInt64
    /// Packets the kernel handed to the capture (`ps_recv`).
    public var received: UInt64
}
