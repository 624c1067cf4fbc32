/// The verdict when a host's own MACs were not decided and the team was judged with each
/// candidate station as the host's (issue 21, item 2).
extension VerdictJudge {
    /// `verdict` as one of several hypotheses of whose frames are the host's: the same family,
    /// switch part and model under every hypothesis (`agree`) holds whichever is true, and so
    /// does, nearly, a `high` verdict beside others that are all `low` or none (`dominant`: a
    /// peer's frames spread by a switch fit no team well); either is no more than `medium`,
    /// anything else `low`. Naming the host's MACs decides.
    public static func underDirectionHypotheses(_ verdict: TeamVerdict, hypotheses: Int, agree: Bool, dominant: Bool = false) -> TeamVerdict {
        var v = verdict
        v.evidence.insert(.directionHypotheses(count: hypotheses, agree: agree), at: 0)
        v.confidence = min(v.confidence, agree || dominant ? .medium : .low)
        if !v.wouldDecide.contains(.localMAC) { v.wouldDecide.insert(.localMAC, at: 0) }
        return v
    }
}
