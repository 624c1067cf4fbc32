import TeamingModels

/// `hosts[].direction.hypotheses[]`: the team as judged with one candidate station's MACs as
/// the host's own, when nothing in a lone host's capture decided which are (the first is the one
/// the report shows).
public struct DirectionHypothesis: Codable, Sendable, Equatable {
    public var localMacs: [String]
    /// As `hosts[].verdict`: the family (nil when every model was ruled out), switch part,
    /// model and confidence under this hypothesis, before the undecided direction lowers it.
    public var family: String?
    public var `switch`: String
    public var model: String?
    public var confidence: Confidence

    public init(localMacs: [String], verdict: TeamVerdict?) {
        self.localMacs = localMacs
        family = verdict?.family?.rawValue
        self.switch = (verdict?.switchPart ?? .unknown).rawValue
        model = verdict?.model?.rawValue
        confidence = verdict?.confidence ?? .none
    }
}
