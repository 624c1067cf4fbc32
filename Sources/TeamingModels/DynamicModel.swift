/// Windows Dynamic load balancing (LBFO, SET): hashed like TransportPorts, but a flow may move
/// between flowlets — after an idle gap — never while it is busy, and never back and forth.
public struct DynamicModel: TeamingModel {
    public init() {}
    public var name: ModelName { .windowsDynamic }
    public func specificity(_ input: InferenceInput) -> Int { 0 }

    /// The quiet time that separates flowlets.
    public static let flowletGap: Int64 = 500_000

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let samples = input.samples
        let dynamic = samples.indices.filter { i in
            !samples[i].striped && samples[i].moveGaps.allSatisfy { $0 >= Self.flowletGap } && (input.pinned[i] != nil || !samples[i].moveGaps.isEmpty)
        }
        return input.consistent(name, dynamic, note: .flowlets(gapNanoseconds: Self.flowletGap))
    }
}

/// Its meaning for the verdict: LBFO or SET Dynamic; switch-independent, it receives per vPort
/// (each vPort's MAC on its member), and SET (switch-independent only) is told from LBFO by the
/// team adapter pktmon shows.
extension DynamicModel {
    public var os: OperatingSystem { .windows }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : e.switchPartFromReceive(pinsPerVPort: true) }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { WindowsFamilies.vPortModes(part, e) }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.arpBalanced ?? e.flowsStriped ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }
    public func tieBreak(with other: ModelName) -> TieBreak? { other == .windowsTransportPorts ? TieBreak(.flowletPauses) : nil }
}
