import PacketWire

/// Windows Address Hash with MacAddresses: each source/destination MAC pair stays on one member.
public struct MACAddressesModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsMACAddresses }
    public var layer2Needed: SampledFrame.Layer2 { .all }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        input.grouped(name, note: .macPairPinned) { "\($0.teamSourceMAC ?? $0.sourceMAC)|\($0.destinationMAC)" }
    }
}

/// Its meaning for the verdict: Address Hash on the MAC pair (LBFO only).
extension MACAddressesModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: false) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.windowsLBFO] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.flowsStriped ?? e.receivedBesidePrimary ?? e.vPortsPinned ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int {
        Set(samples.map { KeyPair($0.sourceMAC, $0.destinationMAC) }).count
    }

    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
