/// balance-rr (bond_main.c `bond_rr_gen_slave_id`): packets take turns over the members, so
/// every flow long enough to tell uses every member, and none is pinned.
public struct RoundRobinModel: TeamingModel {
    public init() {}
    public var name: ModelName { .linuxRoundRobin }

    /// Flows with fewer packets than this say little about striping and are left out.
    static let minimumPackets = 8

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let samples = input.samples
        let long = samples.indices.filter { samples[$0].packets >= Self.minimumPackets }
        let striped = long.filter { i in samples[i].memberBytes.allSatisfy { $0 > 0 } && input.pinned[i] == nil }
        return ModelFit(model: name, flowsConsistent: striped.count, flowsTotal: long.count,
                        bytesConsistent: striped.map { samples[$0].bytes }.reduce(0, +),
                        bytesTotal: long.map { samples[$0].bytes }.reduce(0, +), memberOrder: nil, orderUnique: nil, chanceFit: nil,
                        note: .striping(minimumPackets: Self.minimumPackets, runs: Self.runs(striped.map { samples[$0] })))
    }

    /// The striped flows' typical run on one member: balance-rr's packets_per_slave (1: the
    /// member changes every packet; the counter is shared by all flows, so other traffic
    /// lengthens a flow's runs). The median over flows of packets / (member changes + 1).
    static func runs(_ striped: [FlowSample]) -> ModelNote.StripeRuns? {
        let runs = striped.filter { $0.memberChanges > 0 }.map { Double($0.packets) / Double($0.memberChanges + 1) }.sorted()
        guard !runs.isEmpty else { return nil }
        return ModelNote.StripeRuns(packetsPerRun: runs[runs.count / 2], flows: runs.count)
    }
}

/// Its meaning for the verdict: balance-rr needs a static port-channel (or a peer bond), runs no
/// LACP, keeps the bond's MAC and stripes every long flow.
extension RoundRobinModel {
    public var os: OperatingSystem { .linux }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : .static }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [.linuxBalanceRR] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.sourceMACRewritten ?? e.flowsNotStriped ?? e.lacpSent ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { samples.count }
    public func tieBreak(with other: ModelName) -> TieBreak? { nil }
}
