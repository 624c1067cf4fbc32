/// How well one teaming model explains what a host sent.
public struct ModelFit: Sendable, Equatable {
    /// The model's name as claims spell it: `linux/layer3+4`, `windows/hyperv-port`, …
    public var model: ModelName
    public var flowsConsistent: Int
    public var flowsTotal: Int
    public var bytesConsistent: Int
    public var bytesTotal: Int
    /// For exact Linux hashes: the member order that explains most, and whether another order
    /// explains as much.
    public var memberOrder: [String]?
    public var orderUnique: Bool?
    /// The chance that this model fits every consistent flow by luck (exact hashes: 1/n per
    /// pinned flow); small means strong evidence.
    public var chanceFit: Double?
    /// Exact hashes: how many distinct hash values the consistent flows had (flows sharing one
    /// prove nothing more than the first).
    public var distinctKeys: Int?
    public var note: ModelNote
    /// Exact hashes: the samples (indices into the input) that left on another member than the
    /// best order predicts, with the member seen and the member predicted (indices into the
    /// member names). Empty for consistency models, which predict no member.
    public var disagreeing: [Disagreement] = []

    public struct Disagreement: Sendable, Equatable {
        public var sample: Int
        public var seen: Int
        public var predicted: Int
    }

    public var bytesConsistentRatio: Double { bytesTotal == 0 ? 0 : Double(bytesConsistent) / Double(bytesTotal) }
}
