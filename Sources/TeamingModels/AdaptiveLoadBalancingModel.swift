import PacketWire

/// balance-tlb and balance-alb (bond_alb.c) as consistency models: each member transmits with a
/// MAC of its own (the active member with the bond's), a flow (hash bucket) stays on one member
/// until a rebalance (every 10 s) may move it, and no flow is striped. tlb receives on the active
/// member only; alb balances receive per peer through ARP, so each peer's inbound arrives on one
/// member.
public struct AdaptiveLoadBalancingModel: TeamingModel {
    public enum Kind: Sendable { case tlb, alb }
    public let kind: Kind
    public init(_ kind: Kind) { self.kind = kind }

    public var name: ModelName { kind == .tlb ? .linuxBalanceTLB : .linuxBalanceALB }
    public var layer2Needed: SampledFrame.Layer2 { .sourceMAC }

    public func fit(_ input: InferenceInput) -> ModelFit? {
        let samples = input.samples
        var owners: [UInt64: Set<Int>] = [:], macs: [Int: Set<UInt64>] = [:]
        for s in samples where !s.striped {
            owners[s.sourceMAC, default: []].insert(s.firstMember)
            macs[s.firstMember, default: []].insert(s.sourceMAC)
        }
        let consistent = samples.indices.filter { i in
            let s = samples[i]
            return !s.striped && owners[s.sourceMAC]?.count == 1 && macs[s.firstMember]?.count == 1
        }
        let flows = consistent.count, bytes = consistent.map { samples[$0].bytes }.reduce(0, +)
        let allowed: [ReceivePattern] = kind == .tlb ? [.oneMember] : [.oneMember, .perPeer]
        let fitsReceive = input.receive.map { allowed.contains($0) } ?? true
        return ModelFit(model: name, flowsConsistent: fitsReceive ? flows : 0, flowsTotal: samples.count,
                        bytesConsistent: fitsReceive ? bytes : 0, bytesTotal: input.totalBytes, memberOrder: nil, orderUnique: nil,
                        chanceFit: nil, note: .adaptive(alb: kind == .alb, receive: input.receive))
    }
}
