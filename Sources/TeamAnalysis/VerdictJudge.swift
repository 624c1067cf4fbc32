import TeamingModels

/// Weighs the hash fits of a host against the side evidence (`TeamEvidence`) into a verdict:
/// models the evidence contradicts are ruled out and rank below every model it allows; the
/// family and the switch's part follow from the model, the LACPDUs, the source MACs and the
/// receive pattern (../shared/docs/teaming-behaviour.md).
enum VerdictJudge {
    /// An exact hash fits by luck less often than this: strong evidence.
    static let strongChance = 0.01
    /// Distinct keys from which "everything on one member" rules a balancing mode out.
    static let spreadKeys = 6
    /// Windows Address Hash, by its three inputs.
    static let addressHash: Set<ModelName> = [.windowsTransportPorts, .windowsIPAddresses, .windowsMACAddresses]

    /// The verdict and the fits re-ranked: models the evidence allows first, in their order.
    static func judge(fits: [ModelFit], samples: [FlowSample], evidence e: TeamEvidence) -> (TeamVerdict, [ModelFit]) {
        var reasons: [ModelName: TeamVerdict.Reason] = [:]
        for fit in fits { if let r = sideReason(fit, samples: samples, e) { reasons[fit.model] = r } }
        let ranked = fits.filter { reasons[$0.model] == nil } + fits.filter { reasons[$0.model] != nil }
        guard let best = ranked.first, reasons[best.model] == nil else {
            // Everything contradicted: say so, with the best fit as the model.
            let v = TeamVerdict(family: nil, switchPart: switchPart(nil, e), model: ranked.first?.model, confidence: .low,
                                evidence: evidence(ranked.first, e),
                                ruledOut: ranked.map { TeamVerdict.RuledOut(model: $0.model, reason: reasons[$0.model]!) })
            return (v, ranked)
        }
        let strong = best.model.linuxHashPolicy != nil && (best.chanceFit ?? 1) <= strongChance
        func inBand(_ f: ModelFit) -> Bool {
            f.bytesConsistentRatio >= best.bytesConsistentRatio - 0.01 && f.flowsConsistent >= best.flowsConsistent - 1
        }
        var tied: [ModelName] = []
        var ruledOut: [TeamVerdict.RuledOut] = []
        for f in ranked.dropFirst() {
            if let r = reasons[f.model] {
                ruledOut.append(.init(model: f.model, reason: r))
            } else if !inBand(f) {
                ruledOut.append(.init(model: f.model, reason: .explainsLess(consistent: f.flowsConsistent, total: f.flowsTotal)))
            } else if strong && (f.model.linuxHashPolicy == nil || f.chanceFit.map { $0 > strongChance } == true) {
                // A rule predicting no member, or a hash that fits by luck, beside a strong exact hash.
                ruledOut.append(.init(model: f.model, reason: .exactHashFits(model: best.model, chance: best.chanceFit ?? 0)))
            } else {
                tied.append(f.model)
            }
        }
        let part = switchPart(best.model, e)
        let fam = family(best.model, part, e)
        var verdict = TeamVerdict(family: fam, switchPart: part, model: best.model, confidence: .high,
                                  evidence: evidence(best, e), ruledOut: ruledOut)
        verdict.tiedModels = tied
        var families: [TeamFamily] = []
        for m in tied { if let f = family(m, switchPart(m, e), e), f != fam, !families.contains(f) { families.append(f) } }
        if fam == .windowsLBFO, e.platform == nil, part == .independent,
           best.model == .windowsHyperVPort || best.model == .windowsDynamic { families.append(.windowsSET) }
        verdict.tiedFamilies = families
        // How sure.
        var confidence: Confidence = .high
        var deciders: [TeamVerdict.Decider] = []
        let share = best.flowsTotal == 0 ? 0 : Double(best.flowsConsistent) / Double(best.flowsTotal)
        if share < 0.99 { confidence = min(confidence, share < 0.9 ? .low : .medium) }
        if best.flowsTotal < 4 { confidence = .low; deciders.append(.moreFlows(chance: best.chanceFit ?? 1)) }
        if best.model.linuxHashPolicy != nil, let c = best.chanceFit, c > strongChance {
            confidence = min(confidence, c > 0.05 ? .low : .medium)
            deciders.append(.moreFlows(chance: c))
        }
        // encap2+3/encap3+4 hash plain traffic as layer2+3/layer3+4 do: only tunnelled traffic
        // tells them apart, and they are the same family.
        let twins = tied.filter { isEncapTwin($0, best.model) }
        if !twins.isEmpty { deciders.append(.encapsulatedTraffic) }
        let otherTies = tied.filter { !isEncapTwin($0, best.model) }
        let adaptive: [ModelName] = [.linuxBalanceTLB, .linuxBalanceALB]
        if adaptive.contains(best.model), otherTies.contains(where: adaptive.contains), e.arpBalancing == nil { deciders.append(.arpReplies) }
        if otherTies.contains(where: { [.windowsTransportPorts, .windowsDynamic].contains($0) })
            && [.windowsTransportPorts, .windowsDynamic].contains(best.model) { deciders.append(.flowletPauses) }
        if !otherTies.isEmpty || !families.isEmpty {
            confidence = min(confidence, .medium)
            if families.contains(.windowsSET) || families.contains(.windowsLBFO) && fam?.isWindows == true { deciders.append(.teamAdapter) }
            if families.contains(where: { !$0.isWindows }) || fam?.isWindows == false { deciders.append(contentsOf: [.bondConfiguration, .failover]) }
        }
        if part == .unknown { confidence = min(confidence, .medium); deciders.append(.inbound) }
        if best.model.linuxHashPolicy != nil, !e.lacp.seen, e.spanNs < 31_000_000_000 {
            confidence = min(confidence, .medium)
            deciders.append(.longerCapture)
        }
        verdict.confidence = confidence
        var seen: [TeamVerdict.Decider] = []
        for d in deciders where !seen.contains(d) { seen.append(d) }
        verdict.wouldDecide = seen
        return (verdict, ranked)
    }

    /// Whether two Linux policies differ only on tunnelled traffic.
    static func isEncapTwin(_ a: ModelName, _ b: ModelName) -> Bool {
        guard let p = a.linuxHashPolicy, let q = b.linuxHashPolicy, p != q else { return false }
        let pairs: [Set<LinuxHashPolicy>] = [[.layer23, .encap23], [.layer34, .encap34]]
        return pairs.contains(Set([p, q]))
    }

    /// Why the side evidence contradicts a model, if it does.
    static func sideReason(_ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        let m = fit.model
        let linuxBond = m.linuxHashPolicy != nil || m == .linuxRoundRobin || m == .linuxActiveBackup
        let adaptive = m == .linuxBalanceTLB || m == .linuxBalanceALB
        if m.rawValue.hasPrefix("linux/") {
            switch e.platform {
            case .lbfoTeamAdapter(let i)?, .hyperVSwitchOnly(let i)?: return .windowsAdapter(interface: i)
            case nil: break
            }
        }
        if m.rawValue.hasPrefix("windows/"), e.platform == nil, let address = e.eui64LinkLocal { return .eui64LinkLocal(address: address) }
        // One address answered with several MACs: balance-alb's receive balancing. balance-tlb
        // answers with the bond's MAC; a Windows team sends ARP for an address from one member.
        if let arp = e.arpBalancing, m == .linuxBalanceTLB || m.rawValue.hasPrefix("windows/") {
            return .arpBalancing(address: arp.address, macs: arp.macs)
        }
        if case .rewritten(let rewrites) = e.macs, let r = rewrites.first, linuxBond || m == .windowsHyperVPort {
            return .rewrite(member: r.member, mac: r.mac)
        }
        if m != .linuxRoundRobin, e.moves.striped >= 2, e.moves.striped * 2 > e.moves.longFlows { return .striping(flows: e.moves.striped) }
        if m == .linuxRoundRobin, e.moves.longFlows >= 2, e.moves.striped == 0 { return .noStriping(longFlows: e.moves.longFlows) }
        // Back to back to a peer team, the receive side is the peer's transmit choice.
        let receive = e.backToBack == nil ? e.receive : nil
        if adaptive {
            if !e.lacp.sentOn.isEmpty { return .lacpSeen }
            if e.sharesMACs { return .noRewrite }
            switch receive {
            case .spread(let n)?: return m == .linuxBalanceTLB ? .receiveSpread(members: n) : .receiveNotPerPeer
            case .perLocalAddress(let n)?, .perPeer(let n)?: if m == .linuxBalanceTLB { return .receiveSpread(members: n) }
            default: break
            }
        }
        if m == .linuxActiveBackup || m == .linuxRoundRobin, !e.lacp.sentOn.isEmpty { return .lacpSeen }
        // Switch-independent Address Hash receives everything on the primary (ARP and NS leave
        // there only); several receiving members with a rewrite mean another mode.
        if e.rewrites, addressHash.contains(m) {
            switch receive {
            case .spread(let n)?, .perLocalAddress(let n)?, .perPeer(let n)?: return .receiveSpread(members: n)
            default: break
            }
        }
        // vPorts pinned: each source MAC on one member and each address received on its
        // member. Address Hash does neither: switch-independent it rewrites on the non-primary
        // members and receives on the primary; switch-dependent, the switch spreads inbound.
        if case .pinnedPerMAC(let n) = e.macs, n >= 3, case .perLocalAddress? = receive, e.lacp.sentOn.isEmpty,
           addressHash.contains(m) || (m.linuxHashPolicy != nil && (fit.chanceFit ?? 1) > strongChance) {
            return .vPortsPinned(macs: n)
        }
        // Everything on one member, from enough distinct keys for a balancing mode to spread.
        if case .oneMember(let member) = e.macs, m != .linuxActiveBackup {
            let keys = distinctKeys(m, samples: samples, fit: fit)
            if keys >= spreadKeys { return .allOnOne(member: member, keys: keys) }
        }
        return nil
    }

    /// How many distinct inputs a mode's rule sees in these flows.
    static func distinctKeys(_ m: ModelName, samples: [FlowSample], fit: ModelFit) -> Int {
        if m.linuxHashPolicy != nil { return fit.distinctKeys ?? samples.count }
        switch m {
        case .windowsIPAddresses: return Set(samples.map { "\($0.source)>\($0.destination)" }).count
        // bond_alb.c buckets by the bond's transmit hash: layer2 (the MAC pair) by default.
        case .windowsMACAddresses, .linuxBalanceTLB, .linuxBalanceALB: return Set(samples.map { "\($0.sourceMAC)>\($0.destinationMAC)" }).count
        case .windowsHyperVPort: return Set(samples.map(\.sourceMAC)).count
        default: return samples.count
        }
    }

    /// The switch's part, given the model.
    static func switchPart(_ model: ModelName?, _ e: TeamEvidence) -> SwitchPart {
        if !e.lacp.sentOn.isEmpty { return .lacp }
        guard let model else { return e.rewrites ? .independent : .unknown }
        if model == .linuxActiveBackup || model == .linuxBalanceTLB || model == .linuxBalanceALB || e.rewrites { return .independent }
        // balance-rr and balance-xor need a static port-channel (or a bond as peer).
        if model == .linuxRoundRobin || model.linuxHashPolicy != nil { return .static }
        switch e.receive {
        case .spread?: return .static
        case .oneMember?, .perLocalAddress?:
            return model == .windowsHyperVPort || model == .windowsDynamic ? .independent : (e.sharesMACs ? .static : .unknown)
        case .perPeer?: return .static
        case nil: return e.sharesMACs ? .static : .unknown
        }
    }

    /// The family, given the model and the switch's part.
    static func family(_ model: ModelName, _ part: SwitchPart, _ e: TeamEvidence) -> TeamFamily? {
        if model.linuxHashPolicy != nil { return part == .lacp ? .linux8023ad : .linuxBalanceXOR }
        switch model {
        case .linuxRoundRobin: return .linuxBalanceRR
        case .linuxActiveBackup: return .linuxActiveBackup
        case .linuxBalanceTLB: return .linuxBalanceTLB
        case .linuxBalanceALB: return .linuxBalanceALB
        default: break
        }
        guard model.rawValue.hasPrefix("windows/") else { return nil }
        // SET is switch-independent only, with Hyper-V Port or Dynamic.
        let setPossible = part == .independent && (model == .windowsHyperVPort || model == .windowsDynamic)
        if case .hyperVSwitchOnly? = e.platform, setPossible { return .windowsSET }
        return .windowsLBFO
    }

    /// What the verdict rests on, most telling first.
    static func evidence(_ best: ModelFit?, _ e: TeamEvidence) -> [TeamVerdict.Evidence] {
        var out: [TeamVerdict.Evidence] = []
        if let p = e.platform { out.append(.platform(p)) }
        if let a = e.eui64LinkLocal { out.append(.eui64LinkLocal(address: a)) }
        if let arp = e.arpBalancing { out.append(.arpBalancing(address: arp.address, macs: arp.macs)) }
        out.append(e.lacp.seen ? .lacp(e.lacp) : .noLACP(spanNs: e.spanNs))
        if e.macs != .unknown { out.append(.macs(e.macs)) }
        if let r = e.receive { out.append(.receive(r)) }
        if let w = e.backToBack { out.append(.backToBack(w)) }
        if e.moves.striped > 0 { out.append(.striping(flows: e.moves.striped, of: e.moves.longFlows)) }
        if e.moves.afterIdle > 0 { out.append(.movesAfterIdle(moves: e.moves.afterIdle, shortestIdleNs: e.moves.shortestIdleNs)) }
        if e.moves.whileBusy > 0 { out.append(.movesWhileBusy(moves: e.moves.whileBusy)) }
        if e.moves.striped == 0 && e.moves.afterIdle == 0 && e.moves.whileBusy == 0, let best { out.append(.noMoves(flows: best.flowsTotal)) }
        if let best {
            if best.model.linuxHashPolicy != nil {
                out.append(.exactHash(model: best.model, consistent: best.flowsConsistent, total: best.flowsTotal, order: best.memberOrder,
                                      distinctKeys: best.distinctKeys ?? 0, chance: best.chanceFit ?? 1))
            } else {
                out.append(.consistent(model: best.model, consistent: best.flowsConsistent, total: best.flowsTotal))
            }
        }
        return out
    }
}
