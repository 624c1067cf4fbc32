import PacketWire

/// A Linux bonding `xmit_hash_policy` (balance-xor, 802.3ad), exact: each flow's first frame is
/// hashed as bond_main.c does (`LinuxBondHash`) and must have left on the member the hash picks,
/// for the member order that explains most (every order is tried unless `--members` gives it).
public struct LinuxHashModel: TeamingModel {
    public let policy: LinuxHashPolicy
    public init(_ policy: LinuxHashPolicy) { self.policy = policy }

    public var name: ModelName { .linux(policy) }
    public var layer2Needed: SampledFrame.Layer2 { policy.layer2Needed }

    public func specificity(_ input: InferenceInput) -> Int {
        policy == .encap23 || policy == .encap34 ? 2 : 3
    }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let n = input.memberCount
        let samples = input.samples
        let predicted = samples.map { s in
            s.frame.bytes.withUnsafeBytes { Int(LinuxBondHash.hash(frame: $0, policy: policy, era: input.era) % UInt32(n)) }
        }
        var best: (flows: Int, bytes: Int, order: [Int])? = nil
        var ties = 0
        for order in input.orders where order.count == n {
            var flows = 0, bytes = 0
            for (i, s) in samples.enumerated() where !s.striped && s.firstMember == order[predicted[i]] {
                flows += 1
                bytes += s.bytes
            }
            if best == nil || (bytes, flows) > (best!.bytes, best!.flows) {
                best = (flows, bytes, order)
                ties = 1
            } else if (bytes, flows) == (best!.bytes, best!.flows) {
                ties += 1
            }
        }
        guard let found = best else { return nil }
        let note: ModelNote = policy == .encap23 || policy == .encap34 ? .encapHash : .exactHash
        var fit = ModelFit(model: name, flowsConsistent: found.flows, flowsTotal: samples.count,
                           bytesConsistent: found.bytes, bytesTotal: input.totalBytes, memberOrder: found.order.map { input.memberNames[$0] },
                           orderUnique: input.givenOrder != nil ? true : ties == 1,
                           chanceFit: Self.pow(1.0 / Double(n), found.flows), note: note)
        fit.disagreeing = samples.indices.compactMap { i in
            let target = found.order[predicted[i]]
            return samples[i].striped || samples[i].firstMember != target
                ? ModelFit.Disagreement(sample: i, seen: samples[i].firstMember, predicted: target) : nil
        }
        return fit
    }

    static func pow(_ base: Double, _ exponent: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(exponent, 2000) { r *= base }
        return r
    }
}
