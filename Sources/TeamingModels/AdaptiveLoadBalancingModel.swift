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

/// Its meaning for the verdict: switch-independent, no LACP, each member sending with its own
/// MAC; tlb receives on the active member only, alb per peer (through ARP, answering one address
/// with several MACs). bond_alb.c buckets by the bond's transmit hash: layer2, the MAC pair.
extension AdaptiveLoadBalancingModel {
    public var os: OperatingSystem { .linux }
    public var isExactHash: Bool { false }
    public func switchPart(_ e: TeamEvidence) -> SwitchPart { .independent }
    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] { [kind == .tlb ? .linuxBalanceTLB : .linuxBalanceALB] }

    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        if kind == .tlb, let arp = e.arpBalanced { return arp }
        if let r = e.flowsStriped ?? e.lacpSent ?? e.macsShared { return r }
        switch (kind, e.switchedReceive) {
        case (.tlb, .spread(let n)?), (.tlb, .perLocalAddress(let n)?), (.tlb, .perPeer(let n)?): return .receiveSpread(members: n)
        case (.alb, .spread?): return .receiveNotPerPeer
        case (.tlb, .oneMember?), (.tlb, nil), (.alb, .oneMember?), (.alb, .perLocalAddress?), (.alb, .perPeer?), (.alb, nil): break
        }
        return e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int {
        Set(samples.map { KeyPair($0.sourceMAC, $0.destinationMAC) }).count
    }

    /// Only the host's ARP replies tell them apart: alb answers with a member's own MAC.
    public func tieBreak(with other: ModelName) -> TieBreak? {
        other == (kind == .tlb ? .linuxBalanceALB : .linuxBalanceTLB) ? TieBreak(.arpReplies) : nil
    }
}
