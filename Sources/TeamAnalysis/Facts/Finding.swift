/// A health finding: a misconfiguration or fault the captures show, with the figures behind it
/// (README "Findings"). The advice sentence beside it in the JSON is written by Reporting's
/// Phrasebook from `kind`, `cause` and `figures`.
public struct Finding: Codable, Sendable, Equatable {
    public var kind: FindingKind
    /// Which of the kind's triggers fired.
    public var cause: FindingCause
    public var severity: FindingSeverity
    public var host: String
    public var members: [String]
    public var figures: FindingFigures

    public init(kind: FindingKind, cause: FindingCause, severity: FindingSeverity, host: String, members: [String],
                figures: FindingFigures) {
        self.kind = kind
        self.cause = cause
        self.severity = severity
        self.host = host
        self.members = members
        self.figures = figures
    }

    enum CodingKeys: String, CodingKey { case kind, cause, severity, host, members, figures }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(cause, forKey: .cause)
        try c.encode(severity, forKey: .severity)
        try c.encode(host, forKey: .host)
        try c.encode(members, forKey: .members)
        try c.encode(figures.values, forKey: .figures)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(FindingKind.self, forKey: .kind)
        cause = try c.decode(FindingCause.self, forKey: .cause)
        severity = try c.decode(FindingSeverity.self, forKey: .severity)
        host = try c.decode(String.self, forKey: .host)
        members = try c.decode([String].self, forKey: .members)
        let values = try c.decode([String: FigureValue].self, forKey: .figures)
        guard let figures = FindingFigures(cause: cause, values: values) else {
            throw DecodingError.dataCorruptedError(forKey: .figures, in: c, debugDescription: "figures lack what cause \(cause.rawValue) needs")
        }
        self.figures = figures
    }
}

/// The kinds of finding. Open: a report from a later TeamScope may carry kinds this one lacks.
public struct FindingKind: RawRepresentable, Codable, Hashable, Sendable, Comparable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public static func < (a: FindingKind, b: FindingKind) -> Bool { a.rawValue < b.rawValue }

    public static let mtuMismatch = FindingKind(rawValue: "mtu_mismatch")
    public static let vlanMismatch = FindingKind(rawValue: "vlan_mismatch")
    public static let memberSilent = FindingKind(rawValue: "member_silent")
    public static let captureGap = FindingKind(rawValue: "capture_gap")
    public static let singleMemberCeiling = FindingKind(rawValue: "single_member_ceiling")
    public static let rssCoreShared = FindingKind(rawValue: "rss_core_shared")
    public static let drops = FindingKind(rawValue: "drops")
    /// Counters (`--counters`) counted traffic on a member that its capture did not see.
    public static let captureIncomplete = FindingKind(rawValue: "capture_incomplete")

    public static let all: [FindingKind] = [.mtuMismatch, .vlanMismatch, .memberSilent, .captureGap, .singleMemberCeiling, .rssCoreShared, .drops, .captureIncomplete]
}

/// What triggered a finding.
public enum FindingCause: String, Codable, Sendable {
    /// Datagrams over 1500 bytes on some members, never on others that carry data.
    case jumboOnSomeMembers = "jumbo_on_some_members"
    /// SYNs' MSS options imply different MTUs on different members or hosts.
    case mssDiffers = "mss_differs"
    /// ICMP "fragmentation needed" / ICMPv6 "packet too big" naming an MTU.
    case tooBigMessages = "too_big_messages"
    /// Datagrams over 1500 bytes retransmitted again and again while smaller ones get through.
    case largeSegmentsRetransmitted = "large_segments_retransmitted"
    case vlansDiffer = "vlans_differ"
    /// No data while teammates carried the host's traffic.
    case noData = "no_data"
    /// No data, and the team is active-backup: a standby member, as expected.
    case standby = "standby"
    case noPackets = "no_packets"
    /// No packet at all for a stretch while the teammates were busy.
    case quietStretch = "quiet_stretch"
    /// An LACP port left the aggregate (stopped distributing) or its LACPDUs stopped for three
    /// periods while it was distributing.
    case lacpChurn = "lacp_churn"
    /// One member at its link speed while a teammate had room.
    case memberAtLinkSpeed = "member_at_link_speed"
    case streamsOnOneQueue = "streams_on_one_queue"
    case captureDrops = "capture_drops"
    /// A member's RDMA counters counted traffic, which bypasses every capture on the host, and
    /// it makes up most of what the capture did not see.
    case rdmaNotCaptured = "rdma_not_captured"
    /// A member's NIC counted more bytes than its capture holds: drops the capture did not
    /// record, a capture filter, or offloads.
    case countersExceedCapture = "counters_exceed_capture"
}

public enum FindingSeverity: String, Codable, Sendable, Comparable {
    case info, warning, problem

    private var rank: Int { self == .info ? 0 : (self == .warning ? 1 : 2) }
    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool { a.rank < b.rank }
}

/// A figure behind a finding: a count, a measure, a name, or a list or map of them.
public indirect enum FigureValue: Codable, Sendable, Equatable {
    case int(Int)
    case number(Double)
    case text(String)
    case list([FigureValue])
    case map([String: FigureValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else if let l = try? c.decode([FigureValue].self) { self = .list(l) }
        else { self = .map(try c.decode([String: FigureValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .text(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        case .map(let m): try c.encode(m)
        }
    }

    public var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
    public var text: String? { if case .text(let s) = self { return s } else { return nil } }
    public var map: [String: FigureValue]? { if case .map(let m) = self { return m } else { return nil } }
    public var list: [FigureValue]? { if case .list(let l) = self { return l } else { return nil } }
}
