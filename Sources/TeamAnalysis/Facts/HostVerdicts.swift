import TeamingModels

/// The inference for one host as facts: the best model, how much it explains, and what the data
/// cannot tell apart. Reporting words it (`hosts[].model_verdict`).
public struct ModelVerdict: Codable, Sendable, Equatable {
    /// Nil when there was no flow to judge by.
    public var best: ModelFitSummary?
    /// Models explaining as much as the best (within 1 % of bytes, one flow): indistinguishable.
    public var tied: [ModelName]
    /// The host's member count.
    public var members: Int
    /// Why no model was judged, when none was.
    public var notJudged: NotJudged? = nil

    public enum NotJudged: Codable, Sendable, Equatable {
        /// Which packets the host sent is unknown, and models are judged on what it sent.
        case directionUnknown
        /// The host sent no flow in the captures.
        case nothingSent
        /// `--no-flows`: the flow pass the models are judged on was skipped.
        case noFlowTracking
        /// Only one member was captured: no spreading to judge.
        case oneMember
        /// The members share no MAC, no address and no flow: not one team.
        case notATeam

        enum CodingKeys: String, CodingKey {
            case directionUnknown = "direction_unknown", nothingSent = "nothing_sent", noFlowTracking = "no_flow_tracking"
            case oneMember = "one_member", notATeam = "not_a_team"
        }
    }

    enum CodingKeys: String, CodingKey {
        case best, tied, members, notJudged = "not_judged"
    }
}

/// What the best model explained.
public struct ModelFitSummary: Codable, Sendable, Equatable {
    public var model: ModelName
    public var flowsConsistent: Int
    public var flowsTotal: Int
    public var bytesConsistentRatio: Double
    /// For exact Linux hashes: the member order, and whether another order fits as well.
    public var memberOrder: [String]?
    public var orderUnique: Bool
    /// The chance that a wrong exact hash fits the consistent flows by luck.
    public var chanceFit: Double?

    enum CodingKeys: String, CodingKey {
        case model, flowsConsistent = "flows_consistent", flowsTotal = "flows_total"
        case bytesConsistentRatio = "bytes_consistent_ratio", memberOrder = "member_order", orderUnique = "order_unique"
        case chanceFit = "chance_fit"
    }
}

/// How a host's inbound reached its members, as facts (`hosts[].receive_verdict` in words).
public struct ReceiveVerdict: Codable, Sendable, Equatable {
    /// Members that received more than 0.1 % of the host's inbound bytes.
    public var carrying: Int
    /// Each member's share of the inbound bytes, in member order.
    public var shares: [MemberShare]
    /// Each member's sent source MACs, when some member sends with one no teammate uses.
    public var rewrite: [String: [String]]?

    public struct MemberShare: Codable, Sendable, Equatable {
        public var member: String
        public var share: Double
    }
}
