/// Weighs the hash fits of a host against the side evidence (`TeamEvidence`) into a verdict:
/// models the evidence contradicts are ruled out and rank below every model it allows; the
/// family and the switch's part follow from the model, the LACPDUs, the source MACs and the
/// receive pattern (../shared/docs/teaming-behaviour.md). What each model allows is the model's
/// own (`TeamingModel`): nothing here names a model.
public enum VerdictJudge {
    /// An exact hash fits by luck less often than this: strong evidence.
    public static let strongChance = 0.01

    /// The verdict and the fits re-ranked: models the evidence allows first, in their order.
    /// `registry` knows the models the fits name (a fit of a model it does not know is ranked
    /// last, ruled out by nothing but the fit).
    public static func judge(fits: [ModelFit], samples: [FlowSample], evidence e: TeamEvidence,
                             registry: ModelRegistry = .standard) -> (TeamVerdict, [ModelFit]) {
        let known = fits.compactMap { f in registry.model(f.model).map { (fit: f, model: $0) } }
        var reasons: [ModelName: TeamVerdict.Reason] = [:]
        for (fit, model) in known { if let r = sideReason(model, fit, samples: samples, e) { reasons[fit.model] = r } }
        let ranked = known.filter { reasons[$0.fit.model] == nil } + known.filter { reasons[$0.fit.model] != nil }
        guard let best = ranked.first, reasons[best.fit.model] == nil else {
            // Everything contradicted: say so, with the best fit as the model.
            let v = TeamVerdict(family: nil, switchPart: e.lacpSent != nil ? .lacp : (e.rewrites ? .independent : .unknown),
                                model: ranked.first?.fit.model, confidence: .low,
                                evidence: evidence(ranked.first, e),
                                ruledOut: ranked.map { TeamVerdict.RuledOut(model: $0.fit.model, reason: reasons[$0.fit.model]!) })
            var contradicted = v
            contradicted.platform = e.platformVerdict
            return (contradicted, ranked.map(\.fit))
        }
        let strong = best.model.isExactHash && (best.fit.chanceFit ?? 1) <= strongChance
        func inBand(_ f: ModelFit) -> Bool {
            f.bytesConsistentRatio >= best.fit.bytesConsistentRatio - 0.01 && f.flowsConsistent >= best.fit.flowsConsistent - 1
        }
        var tied: [(fit: ModelFit, model: any TeamingModel)] = []
        var ruledOut: [TeamVerdict.RuledOut] = []
        for (f, m) in ranked.dropFirst() {
            if let r = reasons[f.model] {
                ruledOut.append(.init(model: f.model, reason: r))
            } else if !inBand(f) {
                ruledOut.append(.init(model: f.model, reason: .explainsLess(consistent: f.flowsConsistent, total: f.flowsTotal)))
            } else if strong && (!m.isExactHash || f.chanceFit.map { $0 > strongChance } == true) {
                // A rule predicting no member, or a hash that fits by luck, beside a strong exact hash.
                ruledOut.append(.init(model: f.model, reason: .exactHashFits(model: best.fit.model, chance: best.fit.chanceFit ?? 0)))
            } else {
                tied.append((f, m))
            }
        }
        let part = switchPart(best.model, e)
        let bestFamilies = best.model.families(part, e)
        let fam = bestFamilies.first
        var verdict = TeamVerdict(family: fam, switchPart: part, model: best.fit.model, confidence: .high,
                                  evidence: evidence(best, e), ruledOut: ruledOut)
        verdict.tiedModels = tied.map(\.fit.model)
        verdict.platform = e.platformVerdict
        var families: [TeamFamily] = []
        for (_, m) in tied { if let f = m.families(switchPart(m, e), e).first, f != fam, !families.contains(f) { families.append(f) } }
        for f in bestFamilies.dropFirst() where !families.contains(f) { families.append(f) }
        verdict.tiedFamilies = families
        // How sure.
        var confidence: Confidence = .high
        var deciders: [TeamVerdict.Decider] = []
        let share = best.fit.flowsTotal == 0 ? 0 : Double(best.fit.flowsConsistent) / Double(best.fit.flowsTotal)
        if share < 0.99 { confidence = min(confidence, share < 0.9 ? .low : .medium) }
        if best.fit.flowsTotal < 4 { confidence = .low; deciders.append(.moreFlows(chance: best.fit.chanceFit ?? 1)) }
        if best.model.isExactHash, let c = best.fit.chanceFit, c > strongChance {
            confidence = min(confidence, c > 0.05 ? .low : .medium)
            deciders.append(.moreFlows(chance: c))
        }
        // Twins (the same team whichever it is) first, then what separates the others.
        let breaks = tied.map { best.model.tieBreak(with: $0.fit.model) }
        let twins = breaks.compactMap { $0 }.filter(\.sameTeam)
        deciders.append(contentsOf: twins.map(\.decider))
        let otherTies = tied.indices.filter { breaks[$0]?.sameTeam != true }
        deciders.append(contentsOf: otherTies.compactMap { breaks[$0]?.decider })
        if !otherTies.isEmpty || !families.isEmpty {
            confidence = min(confidence, .medium)
            if families.contains(.windowsSET) || families.contains(.windowsLBFO) && fam?.os == .windows { deciders.append(.teamAdapter) }
            if families.contains(where: { $0.os != .windows }) || fam.map({ $0.os != .windows }) == true {
                deciders.append(contentsOf: [.bondConfiguration, .failover])
            }
        }
        if part == .unknown { confidence = min(confidence, .medium); deciders.append(.inbound) }
        // One member under a bond master carried everything: whether the others stood by
        // (active-backup) or were down or idle under a balancing mode, only the bond's
        // configuration says.
        if e.members.count == 1 { confidence = min(confidence, .medium); deciders.append(.bondConfiguration) }
        if best.model.isExactHash, !e.lacp.seen, e.spanNs < 31_000_000_000 {
            confidence = min(confidence, .medium)
            deciders.append(.longerCapture)
        }
        verdict.confidence = confidence
        var seen: [TeamVerdict.Decider] = []
        for d in deciders where !seen.contains(d) { seen.append(d) }
        verdict.wouldDecide = seen
        return (verdict, ranked.map(\.fit))
    }

    /// Why the side evidence contradicts a model, if it does: the other operating system's
    /// tells first, then what the model itself never produces.
    static func sideReason(_ model: any TeamingModel, _ fit: ModelFit, samples: [FlowSample], _ e: TeamEvidence) -> TeamVerdict.Reason? {
        e.otherOS(than: model.os) ?? model.contradiction(fit, samples: samples, e)
    }

    /// The switch's part, given the model: LACPDUs from the host say `lacp` whatever the model.
    static func switchPart(_ model: any TeamingModel, _ e: TeamEvidence) -> SwitchPart {
        e.lacpSent != nil ? .lacp : model.switchPart(e)
    }

    /// What the verdict rests on, most telling first.
    static func evidence(_ best: (fit: ModelFit, model: any TeamingModel)?, _ e: TeamEvidence) -> [TeamVerdict.Evidence] {
        var out: [TeamVerdict.Evidence] = []
        if let p = e.platform { out.append(.platform(p)) }
        if let a = e.eui64LinkLocal { out.append(.eui64LinkLocal(address: a)) }
        for case .initialTTL(let value, let packets) in e.platformSignals { out.append(.initialTTL(value: value, packets: packets)) }
        if let arp = e.arpBalancing { out.append(.arpBalancing(address: arp.address, macs: arp.macs)) }
        out.append(e.lacp.seen ? .lacp(e.lacp) : .noLACP(spanNs: e.spanNs))
        if e.macs != .unknown { out.append(.macs(e.macs)) }
        if let r = e.receive { out.append(.receive(r)) }
        if let w = e.backToBack { out.append(.backToBack(w)) }
        if e.moves.striped > 0 { out.append(.striping(flows: e.moves.striped, of: e.moves.longFlows)) }
        if e.moves.afterIdle > 0 { out.append(.movesAfterIdle(moves: e.moves.afterIdle, shortestIdleNs: e.moves.shortestIdleNs)) }
        if e.moves.whileBusy > 0 { out.append(.movesWhileBusy(moves: e.moves.whileBusy)) }
        if e.moves.striped == 0 && e.moves.afterIdle == 0 && e.moves.whileBusy == 0, let best { out.append(.noMoves(flows: best.fit.flowsTotal)) }
        if let (best, model) = best {
            if model.isExactHash {
                out.append(.exactHash(model: best.model, consistent: best.flowsConsistent, total: best.flowsTotal, order: best.memberOrder,
                                      distinctKeys: best.distinctKeys ?? 0, chance: best.chanceFit ?? 1))
            } else {
                out.append(.consistent(model: best.model, consistent: best.flowsConsistent, total: best.flowsTotal))
            }
        }
        return out
    }
}
