/// The verdicts given before any model is weighed: one member alone shows no spreading, and
/// interfaces that share nothing are not one team (issue 21, item 4).
extension VerdictJudge {
    /// Flows each separate member must carry for a `high` "not a team": fewer could share by
    /// chance nothing that a team's would.
    public static let separateFlows = 4

    /// The verdict when the members cannot be judged as a team: nil when they can.
    /// - One member captured: no family (it may be one member of a team) and no model, low —
    ///   unless it sits under a bond master the capture showed (`underBondMaster`: the host runs
    ///   a team whose other members carried nothing), which is judged as a team.
    /// - Members that share no MAC, no address and no flow (`e.separate`): family `none`.
    public static func notATeam(_ e: TeamEvidence) -> TeamVerdict? {
        if e.members.count == 1, let only = e.members.first, !e.underBondMaster {
            var v = TeamVerdict(family: nil, switchPart: .unknown, model: nil, confidence: .low,
                                evidence: [.oneMemberCaptured(member: only)], ruledOut: [])
            v.platform = e.platformVerdict
            v.wouldDecide = [.everyMember]
            return v
        }
        guard let separate = e.separate, separate.count >= 2 else { return nil }
        let sure = separate.allSatisfy { $0.flows >= separateFlows }
        var v = TeamVerdict(family: TeamFamily.none, switchPart: .unknown, model: nil, confidence: sure ? .high : .medium,
                            evidence: [.separateInterfaces(separate)], ruledOut: [])
        v.platform = e.platformVerdict
        return v
    }
}
