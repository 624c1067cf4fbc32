import TeamingModels

/// `hosts[].verdict`: the team verdict as the JSON carries it — the facts' names, and the
/// evidence and reasons in words (written by Reporting from `TeamVerdict`).
public struct VerdictReport: Codable, Sendable, Equatable {
    /// `linux/802.3ad`, `linux/balance-xor`, `linux/balance-rr`, `linux/active-backup`,
    /// `linux/balance-tlb`, `linux/balance-alb`, `windows/lbfo`, `windows/set`, `none` (the
    /// interfaces do not behave as one team); nil when every model was ruled out or only one
    /// member was captured.
    public var family: String?
    /// `lacp`, `static`, `independent`, `unknown`.
    public var `switch`: String
    public var model: String?
    /// `high`, `medium`, `low`.
    public var confidence: Confidence
    public var evidence: [String]
    public var ruledOut: [RuledOutReport]
    /// Models and families the data cannot tell apart from `model` and `family`.
    public var cannotTellApart: [String]
    public var familiesTied: [String]
    /// What capture or check would decide what is left open.
    public var wouldDecide: [String]
    /// The verdict in one sentence.
    public var summary: String
    /// The host's operating system and what says so.
    public var platform: PlatformReport

    public struct RuledOutReport: Codable, Sendable, Equatable {
        public var model: String
        public var reason: String
        /// `evidence` (the side evidence contradicts it) or `fit` (it explains fewer flows, or
        /// an exact hash explains them better).
        public var by: String
        public init(model: String, reason: String, by: String) {
            self.model = model
            self.reason = reason
            self.by = by
        }
    }

    public init(family: String?, switch part: String, model: String?, confidence: Confidence, evidence: [String],
                ruledOut: [RuledOutReport], cannotTellApart: [String], familiesTied: [String], wouldDecide: [String], summary: String,
                platform: PlatformReport) {
        self.family = family
        self.switch = part
        self.model = model
        self.confidence = confidence
        self.evidence = evidence
        self.ruledOut = ruledOut
        self.cannotTellApart = cannotTellApart
        self.familiesTied = familiesTied
        self.wouldDecide = wouldDecide
        self.summary = summary
        self.platform = platform
    }

    enum CodingKeys: String, CodingKey {
        case family, `switch`, model, confidence, evidence, ruledOut = "ruled_out", cannotTellApart = "cannot_tell_apart"
        case familiesTied = "families_tied", wouldDecide = "would_decide", summary, platform
    }
}
