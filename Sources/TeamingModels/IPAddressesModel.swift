/// Windows Address Hash with IPAddresses: each source/destination IP pair stays on one member.
public struct IPAddressesModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsIPAddresses }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .ipPairPinned) { "\($0.source)|\($0.destination)" }
    }
}

/// Its meaning for the verdict: Address Hash on the address pair (LBFO only).
extension IPAddressesModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: false) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.windowsLBFO] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.flowsStriped ?? e.receivedBesidePrimary ?? e.vPortsPinned ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { Set(samples.map { KeyPair($0.source, $0.destination) }).count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
