import TeamingModels

/// `hosts[].direction.hypotheses[]`: the team as judged with one candidate station's MACs as
/// the host's own, when nothing in a lone host's capture decided which are (the first is the one
/// the report shows).
public struct DirectionHypothesis: Codable, Sendable, Equatable {
    public var localMacs: [String]
    /// As `hosts[].verdict`: the family (nil when every model was ruled out), switch part,
    /// model and confidence under this hypothesis, before the undecided direction lowers it.
    public var family: TeamFamily?
    public var `switch`: SwitchPart
    public var model: ModelName?
    public var confidence: Confidence

    public init(localMacs: [String], verdict: TeamVerdict?) {
        self.localMacs = localMacs
        family = verdict?.family
        self.switch = verdict?.switchPart ?? .unknown
        model = verdict?.model
        confidence = verdict?.confidence ?? .none
    }

    enum CodingKeys: String, CodingKey {
        case localMacs = "local_macs", family, `switch`, model, confidence
    }
}
