/// Windows Address Hash with TransportPorts (LBFO and SET): each TCP/UDP 4-tuple stays on one
/// member. Microsoft does not publish the hash, so only that consistency is scored.
public struct TransportPortsModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsTransportPorts }
    public func specificity(_ input: InferenceInput) -> Int { 0 }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        // Each sample is one direction of one 4-tuple: consistent when it stayed on one member.
        let onOne = input.samples.indices.filter { input.pinned[$0] != nil }
        return input.consistent(name, onOne, note: .tuplePinned)
    }
}

/// Its meaning for the verdict: Address Hash (LBFO only; SET has no Address Hash), which
/// switch-independent rewrites the source MAC on the non-primary members and receives everything
/// on the primary.
extension TransportPortsModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: false) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.windowsLBFO] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.flowsStriped ?? e.receivedBesidePrimary ?? e.vPortsPinned ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }

    /// Dynamic moves a busy flow at a flowlet boundary; Address Hash never moves it.
    public func tieBreak(with other: ModelName) -> TieBreak? { other == .windowsDynamic ? TieBreak(.flowletPauses) : nil }
}
