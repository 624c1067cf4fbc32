import PacketWire

/// Hyper-V Port (LBFO, SET): each virtual switch port — each VM's source MAC — stays on one
/// member, which also receives its traffic.
public struct HyperVPortModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsHyperVPort }
    public var layer2Needed: SampledFrame.Layer2 { .sourceMAC }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .sourceMACPinned) { $0.sourceMAC }
    }
}

/// Its meaning for the verdict: each vPort (a VM's MAC) pinned to one member, sending with its
/// own MAC (no rewrite) and receiving on that member; LBFO or SET.
extension HyperVPortModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: true) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { WindowsFamilies.vPortModes(part, e) }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.sourceMACRewritten ?? e.flowsStriped ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { Set(samples.map(\.sourceMAC)).count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
