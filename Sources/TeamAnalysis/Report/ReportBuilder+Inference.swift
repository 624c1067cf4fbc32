import FlowTracking
import PacketWire
import TeamingModels

extension ReportBuilder {
    /// Ranks the teaming models for every host that sent flows, and sums each host's answer up.
    func buildInference() -> (reports: [InferenceReport], verdicts: [Int: ModelVerdict], teams: [Int: TeamVerdict],
                              undecidable: [Int: [UndecidableModelReport]]) {
        var reports: [InferenceReport] = []
        var verdicts: [Int: ModelVerdict] = [:]
        var teams: [Int: TeamVerdict] = [:]
        var undecidable: [Int: [UndecidableModelReport]] = [:]
        let directions = sampledDirections
        for h in plans.indices {
            let slots = members.indices.filter { members[$0].host == h && !members[$0].isAggregate }
                .sorted { NaturalOrder(members[$0].name) < NaturalOrder(members[$1].name) }
            guard !slots.isEmpty else { continue }
            let names = slots.map { members[$0].name }
            // One member alone, or members that share nothing: no team to weigh models for.
            var alone = TeamEvidence(members: names)
            alone.separate = separation(h, slots: slots)
            alone.platform = platform(Set(members.indices.filter { members[$0].host == h }))
            alone.underBondMaster = members.contains { $0.host == h && $0.isAggregate }
            for slot in slots {
                alone.sentTTL64 += members[slot].sentTTL64
                alone.sentTTL128 += members[slot].sentTTL128
            }
            if let verdict = VerdictJudge.notATeam(alone) {
                teams[h] = verdict
                verdicts[h] = ModelVerdict(best: nil, tied: [], members: names.count, notJudged: slots.count == 1 ? .oneMember : .notATeam)
                continue
            }
            var samples: [FlowSample] = []
            for sample in directions where sample.host == Int32(h) {
                let key = (forward: sample.forward, host: sample.host)
                let frame = completed(sample.frame)
                guard let first = slots.firstIndex(of: Int(sample.member)) else { continue }
                let f = sample.flow
                var bytes = [Int](repeating: 0, count: slots.count)
                var packets = 0
                for m in f.members where m.host == Int32(h) {
                    guard let idx = slots.firstIndex(of: Int(m.member)) else { continue }
                    bytes[idx] += m.sentBytes(forward: key.forward)
                    packets += key.forward ? m.forwardPackets : m.reversePackets
                }
                guard bytes.reduce(0, +) > 0 else { continue }
                // Striping: the member changed back and forth within the debounce (flaps) at
                // least as often as the flow has members, on this host's view of the direction.
                let view = f.observations.first { $0.host == Int32(h) }.map { key.forward ? $0.forward : $0.reverse }
                let striped = (view?.moves.flaps ?? 0) >= 2 && bytes.filter { $0 > 0 }.count > 1
                // SAFETY: the frame is read only inside the closure.
                let decoded = frame.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
                var s = FlowSample(frame: frame, sourceMAC: decoded.sourceMAC.rawValue, destinationMAC: decoded.destinationMAC.rawValue,
                                   source: decoded.source, destination: decoded.destination, packets: packets, memberBytes: bytes,
                                   firstMember: first, striped: striped, moveGaps: view?.moves.moves.map(\.idleBefore) ?? [],
                                   memberChanges: view?.moves.changes ?? 0)
                s.firstTime = view.map { $0.moves.firstTime } ?? f.first
                s.lastTime = view.map { $0.moves.lastTime } ?? f.last
                s.moves = (view?.moves.moves ?? []).compactMap { m in
                    slots.firstIndex(of: Int(m.to)).map { FlowSample.Move(time: m.time, member: $0, quietBefore: m.idleBefore) }
                }
                let e = f.forwardEndpoints
                s.label = key.forward
                    ? .init(protocol: IPProtocol(rawValue: f.key.ipProtocol), src: e.source.description, srcPort: Int(e.sourcePort), dst: e.destination.description, dstPort: Int(e.destinationPort), firstNs: f.first)
                    : .init(protocol: IPProtocol(rawValue: f.key.ipProtocol), src: e.destination.description, srcPort: Int(e.destinationPort), dst: e.source.description, dstPort: Int(e.sourcePort), firstNs: f.first)
                samples.append(s)
            }
            // Deterministic input order, whatever the dictionary's.
            samples.sort { $0.frame.bytes.lexicographicallyPrecedes($1.frame.bytes) }
            guard !samples.isEmpty else {
                let hostMembers = members.filter { $0.host == h && !$0.isAggregate }
                let reason: ModelVerdict.NotJudged = !options.trackFlows ? .noFlowTracking
                    : (hostMembers.allSatisfy { $0.sent.packets == 0 } && hostMembers.contains { $0.unknown.packets > 0 } ? .directionUnknown : .nothingSent)
                verdicts[h] = ModelVerdict(best: nil, tied: [], members: names.count, notJudged: reason)
                continue
            }
            let order = options.memberOrder.flatMap { o in Set(o) == Set(names) ? o : nil }
            undecidable[h] = ModelInference.undecidable(samples: samples).map { u in
                var missing: [String] = []
                if u.missing.contains(.sourceMAC) { missing.append("source_mac") }
                if u.missing.contains(.destinationMAC) { missing.append("destination_mac") }
                return UndecidableModelReport(model: u.model.rawValue, missing: missing, linkTypes: u.linkTypes.map(\.description))
            }
            // The side evidence first: a MAC hash reads the team's MAC, not a member's rewrite.
            // A peer team wired back to back decides where the host receives: say nothing of it.
            let received = plans[h].peerTeamWired ? (pattern: nil, evidence: nil) : inbound(h)
            let (evidence, originals) = teamEvidence(h, slots: slots, samples: samples, receive: received.evidence)
            for i in samples.indices { samples[i].teamSourceMAC = originals[samples[i].sourceMAC] }
            let scored = ModelInference.rank(samples: samples, memberNames: names, order: order, threshold: options.pinnedThreshold,
                                             era: options.kernelEra, receive: evidence.backToBack == nil ? received.pattern : nil,
                                             teamState: teamState(slots))
            // The side evidence rules models out; the ranking puts those it allows first.
            let (team, fits) = VerdictJudge.judge(fits: scored, samples: samples, evidence: evidence)
            if !fits.isEmpty { teams[h] = team }
            for (i, fit) in fits.enumerated() {
                var report = InferenceReport(host: plans[h].name, rank: i + 1, model: fit.model, flowsConsistent: fit.flowsConsistent,
                                             flowsTotal: fit.flowsTotal, bytesConsistentRatio: Self.round6(fit.bytesConsistentRatio),
                                             memberOrder: fit.memberOrder, orderUnique: fit.orderUnique, chanceFit: fit.chanceFit,
                                             basis: fit.note)
                // The best model's exceptions, by name, oldest first (at most 100).
                if i == 0, fit.memberOrder != nil {
                    report.disagreeingFlows = fit.disagreeing.compactMap { d -> DisagreeingFlow? in
                        guard let l = samples[d.sample].label else { return nil }
                        return DisagreeingFlow(protocol: l.protocol, src: l.src, srcPort: l.srcPort, dst: l.dst, dstPort: l.dstPort,
                                               seen: names[d.seen], predicted: names[d.predicted], firstNs: l.firstNs)
                    }.sorted { ($0.firstNs, $0.src, $0.srcPort) < ($1.firstNs, $1.src, $1.srcPort) }.prefix(100).map { $0 }
                }
                reports.append(report)
            }
            verdicts[h] = verdict(fits, members: names.count, team: team)
        }
        return (reports, verdicts, teams, undecidable)
    }

    /// Which of the members (`slots`, in the inference's order) the team could send on over
    /// time: from the LACPDUs each sent, and from a live capture's link events (a member is out
    /// from its link's going down; back when it comes up, or, under LACP, when its LACPDUs say
    /// distributing again). Nil when nothing is known.
    func teamState(_ slots: [Int]) -> TeamState? {
        let state = TeamState(members: slots.map { slot in
            let m = members[slot]
            return TeamState.memberTimeline(lacp: m.lacp.timeline(memberEndNs: m.last, captureEndNs: captureEnd), events: linkEvents.filter { $0.host == m.hostName && $0.member == m.name })
        })
        return state.isKnown ? state : nil
    }

    /// The sampled frame with the destination MAC its capture did not record, where the
    /// destination IP's frames showed it.
    func completed(_ frame: SampledFrame) -> SampledFrame {
        guard frame.destinationMAC == nil else { return frame }
        // SAFETY: the frame is read only inside the closure.
        let d = frame.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
        guard d.isIP, let mac = d.destination.groupMAC ?? neighbours.mac(of: d.destination) else { return frame }
        var f = frame
        f.fillDestinationMAC(mac)
        return f
    }

    /// Receive side of a host: on one member (switch-independent Address Hash receives on the
    /// primary; Hyper-V Port on each vPort's member) or spread (the switch hashes inbound:
    /// static or LACP; or several vPorts); and which members send with a MAC of their own.
    func receiveVerdict(_ h: Int) -> (ReceiveVerdict?, [String: [String]]?) {
        let ms = members.filter { $0.host == h && !$0.isAggregate }.sorted { NaturalOrder($0.name) < NaturalOrder($1.name) }
        let total = ms.map(\.received.bytes).reduce(0, +)
        var rewrite: [String: [String]]?
        let senders = ms.filter { !$0.sentSourceMACs.isEmpty }
        if senders.count >= 2 {
            var owners: [UInt64: Set<String>] = [:]
            for m in senders { for mac in m.sentSourceMACs { owners[mac, default: []].insert(m.name) } }
            // Members sending with source MACs no teammate uses: listed with every sender's MACs.
            let distinct = senders.contains { m in m.sentSourceMACs.contains { owners[$0]!.count == 1 } }
            if distinct {
                var macs: [String: [String]] = [:]
                for m in senders { macs[m.name] = m.sentSourceMACs.map { MACAddress(rawValue: $0).description }.sorted() }
                rewrite = macs
            }
        }
        guard ms.count >= 2, total > 0 else { return (nil, rewrite) }
        let carrying = ms.filter { Double($0.received.bytes) > 0.001 * Double(total) }
        let shares = ms.map { ReceiveVerdict.MemberShare(member: $0.name, share: Double($0.received.bytes) / Double(total)) }
        return (ReceiveVerdict(carrying: carrying.count, shares: shares, rewrite: rewrite), rewrite)
    }

    private func verdict(_ fits: [ModelFit], members: Int, team: TeamVerdict) -> ModelVerdict {
        guard let best = fits.first else { return ModelVerdict(best: nil, tied: [], members: members) }
        let ratio = best.bytesConsistentRatio
        // What the data cannot tell apart: the models the verdict leaves tied with the best.
        let tied = [best.model] + team.tiedModels
        let exact = ModelRegistry.model(best.model)?.isExactHash == true
        let summary = ModelFitSummary(model: best.model, flowsConsistent: best.flowsConsistent, flowsTotal: best.flowsTotal,
                                      bytesConsistentRatio: ratio, memberOrder: exact ? best.memberOrder : nil,
                                      orderUnique: best.orderUnique == true, chanceFit: best.chanceFit)
        return ModelVerdict(best: summary, tied: tied, members: members)
    }

}
