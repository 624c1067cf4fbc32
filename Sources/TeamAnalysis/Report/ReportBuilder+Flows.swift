import FlowTracking
import PacketWire
import TeamingModels

extension ReportBuilder {
    struct FlowSection {
        var summary: FlowSummary
        var migration: [FlowReport]
        var top: [FlowReport]
        var matrix: [MatrixCell]?
        var answers: [Int: MigrationAnswer]
    }

    func memberLabel(_ slot: Int32) -> String { "\(members[Int(slot)].hostName)/\(members[Int(slot)].name)" }

    /// Builds the flow part of the report from the flow table.
    func buildFlowSection(totalBytes: Int, span: Int64) -> FlowSection {
        let flows = flowTable.flows
        let table = flowTable
        // One pass over the table in its own order, each record read in place: the protocols,
        // the largest flows, the migration streams and how each host carried them. Only what
        // the report lists is put in its order (largest first, ties by first packet time then
        // table position): the largest flows, the first `maxListedStreams` streams and the
        // first split ones. Sorting a million flows, and reading their records in that order
        // (a cache miss a record), was most of the report's time at a million flows.
        var tcp = 0, udp = 0, migrationCount = 0
        var largest = TopRanks(keep: options.topFlows)
        var firstStreams = TopRanks(keep: Self.maxListedStreams)
        // Per host (by plan index), changed in place: a copy per stream would copy its tallies.
        // The split streams kept are as many more as may be listed: a listed stream's verdict
        // comes from its report, worked out below once the listed ones are known.
        var answers = [StreamTally](repeating: StreamTally(examples: TopRanks(keep: MigrationAnswer.examples + Self.maxListedStreams)),
                                    count: plans.count)
        for i in flows.indices {
            if i + Self.lookAhead < flows.count { table.prefetch(flow: i + Self.lookAhead) }
            table.withRecord(i) { f in
                let p = f.key.ipProtocol
                if p == 6 { tcp += 1 } else if p == 17 { udp += 1 }
                let rank = FlowRank(bytes: f.once.bytes, first: f.first, index: i)
                largest.insert(rank)
                // A migration stream carries data: a bare SYN to port 445 is not one.
                guard f.carriesPayload, streamReason(f, bytes: rank.bytes, totalBytes: totalBytes) != nil else { return }
                migrationCount += 1
                firstStreams.insert(rank)
                for h in plans.indices { answers[h].add(streamVerdict(f, host: h, report: nil), rank: rank) }
            }
        }
        let retired = retiredFlows
        tcp += retired.tcp
        udp += retired.udp
        let seen = flows.count + retired.flows
        var summary = FlowSummary(flows: seen, tcp: tcp, udp: udp, other: seen - tcp - udp, capacity: flowTable.capacity,
                                  untrackedFlows: flowTable.untrackedFlows, untrackedPackets: flowTable.untrackedPackets,
                                  malformedSegments: flowTable.malformedSegments, reusedTuples: flowTable.reusedTuples,
                                  migrationStreams: 0, migrationStreamsListed: 0, retired: retiredReport(retired))
        // Only the listed streams get a full flow report; the rest count in the answers, for
        // which one direction's member shares suffice (the same figures the report has). A
        // listed stream's count comes from its report: what the pass counted for it is undone.
        var migration: [FlowReport] = []
        var listed: [Int: Int] = [:]
        var listedSplit = [[FlowRank]](repeating: [], count: plans.count)
        for rank in firstStreams.sorted() {
            let f = flows[rank.index]
            // SAFETY of the unwrap: the pass kept only flows with a reason.
            let report = flowReport(f, migrationReason: streamReason(f, bytes: rank.bytes, totalBytes: totalBytes)!, span: span,
                                    withSeries: true)
            listed[rank.index] = migration.count
            migration.append(report)
            for h in plans.indices {
                answers[h].remove(streamVerdict(f, host: h, report: nil))
                if answers[h].add(streamVerdict(f, host: h, report: report), rank: nil) { listedSplit[h].append(rank) }
            }
        }
        var finalAnswers: [Int: MigrationAnswer] = [:]
        for h in plans.indices {
            let a = answers[h]
            let n = a.pinned + a.split
            // The first split streams in the report's order, their verdicts worked out again.
            var splitRanks = a.examples.sorted().filter { listed[$0.index] == nil } + listedSplit[h]
            FlowRank.sort(&splitRanks)
            var examples: [SplitStream] = []
            for rank in splitRanks.prefix(MigrationAnswer.examples) {
                let f = flows[rank.index]
                guard let v = streamVerdict(f, host: h, report: listed[rank.index].map { migration[$0] }) else { continue }
                let (src, sp, dst, dp) = f.forwardEndpoints
                examples.append(SplitStream(src: src.description, srcPort: Int(sp), dst: dst.description, dstPort: Int(dp),
                                            shares: v.reportShares
                                             ?? memberShares(f.members, host: v.viewHost, forward: v.direction.isForward).shares))
            }
            finalAnswers[h] = MigrationAnswer(streams: n, pinned: a.pinned, split: a.split, byMember: a.byMember,
                                              allPinned: n > 0 && a.split == 0, splitExamples: examples)
        }
        var top: [FlowReport] = []
        // The largest retired flows compete for the list with the active ones; an active flow
        // wins a tie (it is still growing).
        var retiredLeft = retired.largest[...]
        var active = largest.sorted()[...]
        while top.count < options.topFlows, !active.isEmpty || !retiredLeft.isEmpty {
            if let r = retiredLeft.first, active.first.map({ $0.bytes < r.once.bytes }) ?? true {
                top.append(flowReport(r, migrationReason: nil, span: span, withSeries: false))
                retiredLeft = retiredLeft.dropFirst()
                continue
            }
            let rank = active.removeFirst(), i = rank.index
            if let m = migration.first(where: { $0.firstNs == flows[i].first && $0.bytes == rank.bytes && Self.sameFlow($0, flows[i]) }) {
                top.append(m)
            } else {
                top.append(flowReport(flows[i], migrationReason: nil, span: span, withSeries: false))
            }
        }
        summary.migrationStreams = migrationCount
        summary.migrationStreamsListed = migration.count
        return FlowSection(summary: summary, migration: migration, top: top, matrix: plans.count == 2 ? memberMatrix(flows) : nil,
                           answers: finalAnswers)
    }

    /// The retired flows' totals per member, nil when none was retired.
    func retiredReport(_ r: RetiredFlows) -> RetiredFlowsReport? {
        guard r.flows > 0 else { return nil }
        let perMember = r.members.map { slot, t in
            RetiredMemberReport(host: members[Int(slot)].hostName, member: members[Int(slot)].name, flows: t.flows, packets: t.packets,
                                bytes: t.bytes, sentBytes: t.sentBytes)
        }.sorted { ($0.host, $0.member) < ($1.host, $1.member) }
        return RetiredFlowsReport(flows: r.flows, tcp: r.tcp, udp: r.udp, packets: r.packets, bytes: r.bytes, idleNs: options.flowIdle ?? 0,
                                  members: perMember)
    }

    /// Migration streams whose data direction lands on one RSS queue of one receiver.
    static func rssCollisions(_ streams: [FlowReport]) -> [RSSCollision] {
        struct Queue: Hashable { var receiver: String, queue: Int }
        var groups: [Queue: [String]] = [:]
        for f in streams where f.protocol == .tcp || f.protocol == .udp {
            // The data flows src → dst for a migration: the receiver is dst.
            guard let q = f.rssQueueForward else { continue }
            groups[Queue(receiver: f.dst, queue: q), default: []].append(f.streamLabel)
        }
        return groups.filter { $0.value.count > 1 }.map { key, streams in
            RSSCollision(receiver: key.receiver, queue: key.queue, streams: streams.sorted())
        }.sorted { ($0.receiver, $0.queue) < ($1.receiver, $1.queue) }
    }

    /// Why flow `f` (of `bytes` once) is a migration stream, if it is: its ports, or a share of
    /// all bytes of at least 1 % over more than one packet.
    func streamReason(_ f: FlowRecord, bytes: Int, totalBytes: Int) -> MigrationReason? {
        if let reason = migrationReason(f) { return reason }
        guard totalBytes > 0 && bytes * 100 >= totalBytes && f.packets > 1 else { return nil }
        return .shareOfBytes(Double(bytes) / Double(totalBytes))
    }

    /// How host `h` (by plan index) carried migration stream `f`: pinned to a member or split,
    /// in the direction it sent most of (else the busier one it saw); from the stream's report
    /// when it is listed, else from the flow's member counts for the first view of that host
    /// that saw the direction (`viewHost`). Nil when the host did not see the stream.
    func streamVerdict(_ f: FlowRecord, host h: Int, report: FlowReport?) -> StreamTally.Verdict? {
        var seen = false, sentForward = 0, sentReverse = 0, fwd = 0, rev = 0
        f.forEachMember { m in
            guard Int(m.host) == h else { return }
            seen = true
            sentForward += m.forwardSentBytes
            sentReverse += m.reverseSentBytes
            fwd += m.forwardBytes
            rev += m.reverseBytes
        }
        guard seen else { return nil }
        let direction: FlowDirection
        if sentForward + sentReverse > 0 {
            direction = sentForward >= sentReverse ? .forward : .reverse
        } else {
            direction = fwd >= rev ? .forward : .reverse
        }
        let hostName = plans[h].name
        if let report {
            guard let r = report.directions.first(where: { $0.host == hostName && $0.direction == direction }) else { return nil }
            return (r.pinned, r.member, r.memberShares, -1, direction)
        }
        // The report's direction of this host: the first observation by that name that saw it.
        guard let host = f.firstObservingHost(where: { host, forwardPackets, reversePackets in
            plans[Int(host)].name == hostName && (direction == .forward ? forwardPackets : reversePackets) > 0
        }) else { return nil }
        let (pinned, member) = memberVerdict(f, host: host, forward: direction.isForward)
        return (pinned, member, nil, host, direction)
    }

    static func sameFlow(_ r: FlowReport, _ f: FlowRecord) -> Bool {
        let (src, sp, dst, dp) = f.forwardEndpoints
        return r.src == src.description && r.srcPort == Int(sp) && r.dst == dst.description && r.dstPort == Int(dp)
    }

    /// How many streams ahead the flow section fetches the records it will read.
    static var lookAhead: Int { 16 }

    /// Migration streams listed one by one in a report; the rest are counted.
    static var maxListedStreams: Int { 200 }

    func flowReport(_ f: FlowRecord, migrationReason: MigrationReason?, span: Int64, withSeries: Bool) -> FlowReport {
        let (src, sp, dst, dp) = f.forwardEndpoints
        var memberTraffic: [String: FlowMemberTraffic] = [:]
        let flowMembers = f.members
        for m in flowMembers {
            memberTraffic[memberLabel(m.member)] = FlowMemberTraffic(forward: TrafficCount(packets: m.forwardPackets, bytes: m.forwardBytes),
                                                                     reverse: TrafficCount(packets: m.reversePackets, bytes: m.reverseBytes))
        }
        var directions: [FlowDirectionReport] = []
        var allMoves: [MoveReport] = []
        let observations = f.observations.sorted { plans[Int($0.host)].name < plans[Int($1.host)].name }
        for o in observations {
            let hostName = plans[Int(o.host)].name
            for (label, view) in [(FlowDirection.forward, o.forward), (.reverse, o.reverse)] where view.packets > 0 {
                let isForward = label.isForward
                let ms = flowMembers.filter { $0.host == o.host }
                let total = ms.map { $0.bytes(forward: isForward) }.reduce(0, +)
                let verdict = memberShares(ms, host: o.host, forward: isForward)
                let sentBytes = ms.map { $0.sentBytes(forward: isForward) }.reduce(0, +)
                let sentByHost: Bool? = plans[Int(o.host)].macSource == .unknown && sentBytes == 0 && !rulesKnowDirection(o.host) ? nil : sentBytes * 2 > total
                let moves = view.moves.moves.map { MoveReport(time: $0.time, host: hostName, direction: label,
                                                              from: members[Int($0.from)].name, to: members[Int($0.to)].name,
                                                              idleBeforeNs: $0.idleBefore) }
                allMoves += moves
                let c = view.counts
                directions.append(FlowDirectionReport(
                    host: hostName, direction: label, sentByHost: sentByHost, packets: view.packets, bytes: view.bytes,
                    memberShares: verdict.shares, pinned: verdict.pinned, member: verdict.member, moves: moves, flaps: view.moves.flaps,
                    reordering: Self.reorderingReport(view.reordering), retransmissions: c.retransmissions,
                    fastRetransmissions: c.fastRetransmissions, spuriousRetransmissions: c.spuriousRetransmissions,
                    outOfOrder: c.outOfOrder, lostSegments: c.lostSegments, duplicateAcks: c.duplicateAcks))
            }
        }
        allMoves.sort { ($0.time, $0.host, $0.direction) < ($1.time, $1.host, $1.direction) }
        // Flow-level figures: reordering happens at the receiver, so they come from the host that
        // received the busiest data direction; failing that, from the host that saw most packets.
        var main = observations.max { ($0.forward.packets + $0.reverse.packets) < ($1.forward.packets + $1.reverse.packets) }
        var busiest = main.map { [$0.forward, $0.reverse].max { $0.reordering.packets < $1.reordering.packets }! }
        let received = directions.filter { $0.sentByHost == false && $0.reordering.dataSegments > 0 }
            .max { ($0.reordering.dataSegments, $1.host) < ($1.reordering.dataSegments, $0.host) }
        if let received, let o = observations.first(where: { plans[Int($0.host)].name == received.host }) {
            main = o
            busiest = received.direction == .forward ? o.forward : o.reverse
        }
        let counts = main.map { $0.forward.counts + $0.reverse.counts } ?? TCPAnalysisCounts()
        var throughput: FlowThroughput?
        var average: Double?
        if migrationReason != nil {
            let seconds = Double(max(1, f.last - f.first)) / 1e9
            average = (Double(f.once.bytes) * 8 / seconds).rounded()
            if f.extra >= 0 && withSeries {
                let series = flowSeries[Int(f.extra)].view(host: f.onceHost)
                let span = max(0, f.last - origin)
                let count = Int(span / options.binWidth) + 1
                let factor = max(1, (count + Self.maxSeriesBins - 1) / Self.maxSeriesBins)
                throughput = FlowThroughput(binWidthNs: options.binWidth * Int64(factor), startNs: origin,
                                            forwardBitsPerSecond: series.forward.bitsPerSecond(count: count, factor: factor),
                                            reverseBitsPerSecond: series.reverse.bitsPerSecond(count: count, factor: factor))
            }
        }
        let ports = f.key.ipProtocol == 6 || f.key.ipProtocol == 17
        let rss = RSSToeplitz()
        func queue(_ s: IPAddress, _ sp: UInt16, _ d: IPAddress, _ dp: UInt16) -> Int? {
            guard options.rssQueues > 0 else { return nil }
            let h = ports ? rss.hash(source: s, destination: d, sourcePort: sp, destinationPort: dp) : rss.hash(source: s, destination: d)
            return RSSToeplitz.queue(hash: h, tableSize: options.rssTableSize, queues: options.rssQueues)
        }
        return FlowReport(
            protocol: IPProtocol(rawValue: f.key.ipProtocol), src: src.description, srcPort: Int(sp), dst: dst.description, dstPort: Int(dp),
            firstNs: f.first, lastNs: f.last, packets: f.once.packets, bytes: f.once.bytes, members: memberTraffic,
            pinned: directions.allSatisfy(\.pinned), moves: allMoves,
            observedOn: main.map { plans[Int($0.host)].name } ?? "",
            reordering: Self.reorderingReport(busiest?.reordering), retransmissions: counts.retransmissions,
            fastRetransmissions: counts.fastRetransmissions, spuriousRetransmissions: counts.spuriousRetransmissions,
            outOfOrder: counts.outOfOrder, lostSegments: counts.lostSegments, duplicateAcks: counts.duplicateAcks,
            directions: directions, rssQueueForward: queue(src, sp, dst, dp), rssQueueReverse: queue(dst, dp, src, sp),
            migration: migrationReason, averageBitsPerSecond: average, throughput: throughput)
    }

    /// One host's member shares of one flow direction's bytes, and the member it is pinned to
    /// when one carried at least `pinnedThreshold` of them.
    func memberShares(_ flowMembers: [MemberFlowCount], host: Int32, forward: Bool) -> MemberShares {
        var total = 0, bestBytes = 0
        for m in flowMembers where m.host == host {
            let b = m.bytes(forward: forward)
            total += b
            bestBytes = max(bestBytes, b)
        }
        var shares: [String: Double] = [:]
        for m in flowMembers where m.host == host {
            let b = m.bytes(forward: forward)
            if b > 0 { shares[members[Int(m.member)].name] = total > 0 ? Self.round6(Double(b) / Double(total)) : 0 }
        }
        let pinned = total > 0 && Double(bestBytes) >= options.pinnedThreshold * Double(total)
        let best = pinned ? shares.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key : nil
        return MemberShares(shares: shares, pinned: pinned, member: best)
    }

    /// `memberShares`' verdict (pinned, and to which member) without its table of shares: a
    /// direction that one member carried alone, the common case, needs no table; others get it.
    func memberVerdict(_ f: FlowRecord, host: Int32, forward: Bool) -> (pinned: Bool, member: String?) {
        var total = 0, carriers = 0, carrier: Int32 = -1
        f.forEachMember { m in
            guard m.host == host else { return }
            let b = m.bytes(forward: forward)
            total += b
            if b > 0 { carriers += 1; carrier = m.member }
        }
        guard carriers <= 1 else {
            let d = memberShares(f.members, host: host, forward: forward)
            return (d.pinned, d.member)
        }
        // One carrier holds all the bytes (none: nothing to pin).
        let pinned = total > 0 && Double(total) >= options.pinnedThreshold * Double(total)
        return (pinned, pinned ? members[Int(carrier)].name : nil)
    }

    private func rulesKnowDirection(_ host: Int32) -> Bool {
        members.contains { $0.host == Int(host) && ($0.sources[DirectionSource.captureFlags.rawValue] + $0.sources[DirectionSource.sllPacketType.rawValue]) > 0 }
    }

    static func reorderingReport(_ r: ReorderingMetrics?) -> ReorderingReport {
        guard let r, r.packets > 0 else { return .empty }
        return ReorderingReport(dataSegments: r.packets, reordered: r.reordered, ratio: round6(r.ratio), maxExtent: r.maxExtent,
                                extentHistogram: r.extentHistogram, n3Reordered: r.n3Reordered, maxLateTimeNs: r.maxLateTime,
                                meanLateTimeNs: r.meanLateTime, discontinuities: r.discontinuities,
                                duplicates: r.duplicates, reorderedAfterMemberSwitch: r.reorderedAfterMemberSwitch,
                                reorderedOnSameMember: r.reorderedOnSameMember)
    }

    /// Member-to-member bytes between two hosts: per flow direction, the sending host's member
    /// shares times the receiving host's. Exact when either side is pinned.
    func memberMatrix(_ flows: FlowRecords) -> [MatrixCell] {
        struct Key: Hashable { var from: Int32; var to: Int32 }
        var cells: [Key: (bytes: Double, approximate: Bool)] = [:]
        // Per host, reused for every flow: no allocation per flow on tables of millions.
        var sentByHost = [Int](repeating: 0, count: plans.count), byHost = sentByHost
        for f in flows {
            let flowMembers = f.members
            for pass in 0..<2 {
                let forward = pass == 0
                for h in byHost.indices { sentByHost[h] = 0; byHost[h] = 0 }
                for m in flowMembers {
                    sentByHost[Int(m.host)] += m.sentBytes(forward: forward)
                    byHost[Int(m.host)] += m.bytes(forward: forward)
                }
                // The host that sent most of the direction (the last of equals), and another that saw it.
                var sender = -1
                for h in sentByHost.indices where sentByHost[h] > 0 && (sender < 0 || sentByHost[h] >= sentByHost[sender]) { sender = h }
                guard sender >= 0, let receiver = byHost.indices.first(where: { $0 != sender && byHost[$0] > 0 }) else { continue }
                let senderTotal = Double(byHost[sender]), receiverTotal = Double(byHost[receiver])
                var outCount = 0, intoCount = 0
                for m in flowMembers where m.bytes(forward: forward) > 0 {
                    if m.host == sender { outCount += 1 } else if m.host == receiver { intoCount += 1 }
                }
                let approximate = outCount > 1 && intoCount > 1
                for s in flowMembers where Int(s.host) == sender && s.bytes(forward: forward) > 0 {
                    for r in flowMembers where Int(r.host) == receiver && r.bytes(forward: forward) > 0 {
                        let b = senderTotal * (Double(s.bytes(forward: forward)) / senderTotal) * (Double(r.bytes(forward: forward)) / receiverTotal)
                        let k = Key(from: s.member, to: r.member)
                        cells[k, default: (0, false)].bytes += b
                        if approximate { cells[k]!.approximate = true }
                    }
                }
            }
        }
        return cells.map { k, v in
            MatrixCell(fromHost: members[Int(k.from)].hostName, fromMember: members[Int(k.from)].name,
                       toHost: members[Int(k.to)].hostName, toMember: members[Int(k.to)].name,
                       bytes: Int(v.bytes.rounded()), approximate: v.approximate)
        }.sorted { ($0.fromHost, $0.fromMember, $0.toHost, $0.toMember) < ($1.fromHost, $1.fromMember, $1.toHost, $1.toMember) }
    }
}
