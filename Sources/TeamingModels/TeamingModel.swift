import PacketWire

/// One way a team may spread what a host sends over its members, scored against the flows the
/// host sent. Linux bonding's hashes are exact (bond_main.c); round robin, active-backup,
/// balance-tlb/alb and the Windows modes (whose hash Microsoft does not publish) are consistency
/// models: what must share a member, what must stay on one.
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
}

extension TeamingModel {
    public var layer2Needed: SampledFrame.Layer2 { [] }
    public func specificity(_ input: InferenceInput) -> Int { 1 }
}
