@testable import TeamingModels

/// A model that exists in this test target only, to show that a new teaming model is this one
/// file plus one line in a registry: a hypothetical Linux transmit hash that picks member
/// `destination port % members` (an exact hash, so balance-xor without LACPDUs, 802.3ad with
/// them). Nothing outside this file names it.
struct DestinationPortModel: TeamingModel {
    var name: ModelName { ModelName("lab/destination-port") }

    func specificity(_ input: InferenceInput) -> Int { 3 }

    func fit(_ input: InferenceInput) -> ModelFit? {
        let n = input.memberCount
        guard n > 0 else { return nil }
        let samples = input.samples
        let consistent = samples.filter { s in s.label.map { $0.dstPort % n == s.firstMember } == true }
        var fit = ModelFit(model: name, flowsConsistent: consistent.count, flowsTotal: samples.count,
                           bytesConsistent: consistent.map(\.bytes).reduce(0, +), bytesTotal: input.totalBytes,
                           memberOrder: input.memberNames, orderUnique: true,
                           chanceFit: pow(1 / Double(n), Double(Set(consistent.compactMap { $0.label?.dstPort }).count)), note: .exactHash)
        fit.distinctKeys = Set(samples.compactMap { $0.label?.dstPort }).count
        return fit
    }

    var os: OperatingSystem { .linux }
    var isExactHash: Bool { true }
    func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : .static }
    func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [part == .lacp ? .linux8023ad : .linuxBalanceXOR] }
    func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.sourceMACRewritten ?? e.flowsStriped ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }
    func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { fit.distinctKeys ?? samples.count }
    func tieBreak(with other: ModelName) -> TieBreak? { nil }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var r = 1.0
    for _ in 0..<Int(exponent) { r *= base }
    return r
}
