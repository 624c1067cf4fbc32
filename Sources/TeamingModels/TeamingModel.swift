import PacketWire

/// One way a team may spread what a host sends over its members, scored against the flows the
/// host sent, and everything the verdict needs to know of it. Linux bonding's hashes are exact
/// (bond_main.c); round robin, active-backup, balance-tlb/alb and the Windows modes (whose hash
/// Microsoft does not publish) are consistency models: what must share a member, what must stay
/// on one.
///
/// A model carries its whole meaning (../shared/docs/teaming-behaviour.md): the operating system
/// and family it belongs to, the switch's part it implies, the side evidence that contradicts it
/// and how many distinct keys it hashes. The meaning has no default: a new model states each
/// facet, and adding one is its file plus a line in `ModelRegistry.standard`.
public protocol TeamingModel: Sendable {
    var name: ModelName { get }
    /// The layer-2 fields its rule reads: a capture that lacks them cannot score it.
    var layer2Needed: SampledFrame.Layer2 { get }
    /// Among models explaining as much, the one that predicts more ranks first: exact hashes
    /// before consistency rules.
    func specificity(_ input: InferenceInput) -> Int
    /// How much of what the host sent this model explains; nil when it cannot be scored on
    /// these inputs (an exact hash given a member order that names other members).
    func fit(_ input: InferenceInput) -> ModelFit?

    /// The operating system whose teaming this is.
    var os: OperatingSystem { get }
    /// Whether it predicts each flow's member from the frame (an exact hash, whose lucky fit has
    /// a chance), rather than only what must share a member.
    var isExactHash: Bool { get }
    /// The switch's part it implies when the host sent no LACPDU (with LACPDUs it is `lacp`).
    func switchPart(_ evidence: TeamEvidence) -> SwitchPart
    /// The families it belongs to with this switch part and evidence, the likeliest first (more
    /// than one when only a capture the host lacks tells them apart).
    func families(_ part: SwitchPart, _ evidence: TeamEvidence) -> [TeamFamily]
    /// The first fact of the side evidence this model never produces, if any (the operating
    /// system's own tells are weighed by `VerdictJudge` before this).
    func contradiction(_ fit: ModelFit, samples: [FlowSample], _ evidence: TeamEvidence) -> TeamVerdict.Reason?
    /// How many distinct inputs its rule sees in these flows (what "everything on one member"
    /// needs to rule a balancing mode out).
    func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int
    /// What would tell it from `other` when both explain the same traffic, if a capture can.
    func tieBreak(with other: ModelName) -> TieBreak?
}

extension TeamingModel {
    public var layer2Needed: SampledFrame.Layer2 { [] }
    public func specificity(_ input: InferenceInput) -> Int { 1 }
}
