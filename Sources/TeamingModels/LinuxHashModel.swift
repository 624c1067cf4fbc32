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
        let hashes = samples.map { s in
            // SAFETY: the frame is read only inside the closure.
            s.frame.bytes.withUnsafeBytes { LinuxBondHash.hash(frame: $0, policy: policy, era: input.era) }
        }
        // encap3+4 returns the skb's own hash when it carries a layer-4 one (bond_xmit_hash():
        // `skb->l4_hash`): every skb a socket with a txhash sends carries the socket's random one
        // (skb_set_owner_w → skb_set_hash_from_sk: TCP, and UDP once connected), and a NIC's
        // RSS sets one on what it received and the host forwards. No header tells such a flow's
        // member: it need only stay on one, and proves nothing by luck — unless the header hash
        // explains the TCP and UDP flows far better than chance would (then their skbs carried
        // no such hash: a kernel or path that hashes the headers).
        let socketHashable: [Bool] = samples.map { s in
            guard policy == .encap34 else { return false }
            // SAFETY: the frame is read only inside the closure.
            let p = s.frame.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }.ipProtocol
            return p == .tcp || p == .udp
        }
        // The members the bond could use when each flow began (nil: all of them).
        let usable: [[Bool]?] = samples.map { s in input.teamState.map { $0.usable(at: s.firstTime) } }
        // While no port distributed, the kernel sent on the one port of its individual
        // aggregator: whichever member those flows used most.
        var individualFlows = [Int](repeating: 0, count: n)
        for i in samples.indices where usable[i]?.contains(true) == false { individualFlows[samples[i].firstMember] += 1 }
        let individual = individualFlows.indices.max { individualFlows[$0] < individualFlows[$1] }.flatMap { individualFlows[$0] > 0 ? $0 : nil }
        // How many ports each flow's hash chose from: every member, the usable ones, or the
        // individual port alone.
        let ports: [Int] = usable.map { mask in mask.map { m in max(1, m.filter { $0 }.count) } ?? n }
        // The member the hash picks for sample `i` under `order` (enslave order): the
        // (hash % ports)-th usable member, without building the list for every order tried.
        func target(_ i: Int, _ order: [Int], _ hashes: [UInt32] = hashes) -> Int {
            guard let mask = usable[i] else { return order[Int(hashes[i] % UInt32(n))] }
            var k = Int(hashes[i] % UInt32(ports[i]))
            for m in order where mask[m] {
                if k == 0 { return m }
                k -= 1
            }
            return individual ?? order[0]
        }
        let headerOnly = [Bool](repeating: false, count: samples.count)
        func score(_ socketHashed: [Bool]) -> ModelFit? {
            var best: (flows: Int, bytes: Int, order: [Int])? = nil
            var ties = 0
            for order in input.orders where order.count == n {
                var flows = 0, bytes = 0
                for (i, s) in samples.enumerated() where !s.striped && (socketHashed[i] || s.firstMember == target(i, order)) {
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
            // The chance that the hash fits by luck: each distinct hash value among the consistent
            // flows is one trial (flows sharing a key prove nothing more), won with 1 in the number
            // of ports it chose from, for any of the member orders tried.
            var keys: [UInt32: Int] = [:]
            var socketKeys = 0
            for i in samples.indices where !samples[i].striped {
                if socketHashed[i] {
                    socketKeys += 1
                } else if samples[i].firstMember == target(i, found.order) {
                    keys[hashes[i]] = max(keys[hashes[i]] ?? 1, ports[i])
                }
            }
            let chance = min(1, Double(input.orders.count) * keys.values.reduce(1.0) { $0 / Double($1) })
            var fit = ModelFit(model: name, flowsConsistent: found.flows, flowsTotal: samples.count,
                               bytesConsistent: found.bytes, bytesTotal: input.totalBytes, memberOrder: found.order.map { input.memberNames[$0] },
                               orderUnique: input.givenOrder != nil ? true : ties == 1,
                               chanceFit: chance, note: note)
            // Each socket's hash is its own key: many on one member would have spread.
            fit.distinctKeys = keys.count + socketKeys
            fit.disagreeing = samples.indices.compactMap { i in
                let t = target(i, found.order)
                return samples[i].striped || (!socketHashed[i] && samples[i].firstMember != t)
                    ? ModelFit.Disagreement(sample: i, seen: samples[i].firstMember, predicted: t) : nil
            }
            return fit
        }
        guard let header = score(headerOnly) else { return nil }
        let transportFlows = samples.indices.filter { socketHashable[$0] && !samples[$0].striped }
        guard !transportFlows.isEmpty else { return header }
        // Random hashes match a header hash's member 1 time in n: halfway to always is a header
        // hash's doing — this policy's own, or another's (then the flows are not socket-hashed
        // either, and the other policy's fit says so).
        let threshold = (1 + 1 / Double(n)) / 2
        let headerPolicies: [LinuxHashPolicy] = [.layer34, .layer23, .layer2, .vlanSrcMAC]
        let matching = headerPolicies.map { p -> Int in
            let h = p == .layer34 ? hashes : samples.map { s in
                // SAFETY: the frame is read only inside the closure.
                s.frame.bytes.withUnsafeBytes { LinuxBondHash.hash(frame: $0, policy: p, era: input.era) }
            }
            return input.orders.filter { $0.count == n }.map { order in
                transportFlows.filter { samples[$0].firstMember == target($0, order, h) }.count
            }.max() ?? 0
        }.max() ?? 0
        return Double(matching) >= threshold * Double(transportFlows.count) ? header : score(socketHashable)
    }
}

/// Its meaning for the verdict: balance-xor, or 802.3ad with LACPDUs (bond_3ad.c hashes the same
/// way); a static port-channel (or a peer bond) without them.
extension LinuxHashModel {
    public var os: OperatingSystem { .linux }
    public var isExactHash: Bool { true }

    public func switchPart(_ e: TeamEvidence) -> SwitchPart { e.rewrites ? .independent : .static }

    public func families(_ part: SwitchPart, _ e: TeamEvidence) -> [TeamFamily] {
        [part == .lacp ? .linux8023ad : .linuxBalanceXOR]
    }

    /// A bond keeps its MAC on every member and each flow on one; vPorts pinned per MAC or
    /// everything on one member contradict a hash that fits by luck or had keys to spread.
    public func contradiction(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        let weak = (fit.chanceFit ?? 1) > VerdictJudge.strongChance
        return e.sourceMACRewritten ?? e.flowsStriped ?? (weak ? e.vPortsPinned : nil)
            ?? e.allOnOneMember(keys: distinctKeys(samples, fit: fit))
    }

    public func distinctKeys(_ samples: [FlowSample], fit: ModelFit) -> Int { fit.distinctKeys ?? samples.count }

    /// encap2+3/encap3+4 hash plain traffic as layer2+3/layer3+4 do: only tunnelled traffic
    /// tells them apart, and they are the same family.
    public func tieBreak(with other: ModelName) -> TieBreak? {
        let twins: [Set<LinuxHashPolicy>] = [[.layer23, .encap23], [.layer34, .encap34]]
        guard let p = other.linuxHashPolicy, p != policy, twins.contains(Set([p, policy])) else { return nil }
        return TieBreak(.encapsulatedTraffic, sameTeam: true)
    }
}
