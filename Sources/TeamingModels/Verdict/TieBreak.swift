/// What separates two models that explain the same traffic: the capture or check that would
/// decide, and whether they are the same team either way (encap2+3 and layer2+3 hash plain
/// traffic alike: a tie between them leaves the family, and the confidence, as they are).
public struct TieBreak: Sendable, Equatable {
    public var decider: TeamVerdict.Decider
    public var sameTeam: Bool

    public init(_ decider: TeamVerdict.Decider, sameTeam: Bool = false) {
        self.decider = decider
        self.sameTeam = sameTeam
    }
}
