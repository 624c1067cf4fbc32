import TeamingModels

/// Judges the findings and the live migration summary from a built report: a pure function of
/// the report's facts (members' health counters, throughput series, flows, RSS view, drops).
/// Each trigger is documented in the README's "Findings".
public enum HealthCheck {
    /// Members that carried fewer data frames than this are not compared for frame sizes or VLANs.
    static let minimumData = 20
    /// A member at least this busy (peak over its link speed) is at its ceiling…
    static let ceiling = 0.9
    /// …when a teammate stayed at or below this.
    static let room = 0.5
    /// A capture gap is at least this long (LACP's fast rate sends every second, so an up link
    /// is never this quiet in an LACP team).
    static let minimumGap: Int64 = 2_000_000_000
    /// What the teammates must carry during a gap for it to count (bytes).
    static let minimumGapTraffic = 64 << 10

    public static func findings(_ r: AnalysisReport) -> [Finding] {
        var out: [Finding] = []
        for host in r.hosts {
            let members = r.members.filter { $0.host == host.name }
            out += mtuOnHost(host, members)
            out += vlans(host, members)
            out += silent(host, members)
            var gapFindings = gaps(host, members)
            lacpChurn(host, members, into: &gapFindings)
            out += gapFindings
            out += ceiling(host, members)
            for m in members where (m.drops ?? 0) > 0 {
                out.append(Finding(kind: .drops, cause: .captureDrops, severity: .warning, host: host.name, members: [m.name],
                                   figures: .drops(drops: Int(m.drops!), packets: m.packets)))
            }
        }
        out += mssAcrossHosts(r)
        out += rss(r)
        return out.sorted { a, b in a.severity != b.severity ? a.severity > b.severity : (a.kind, a.host, a.members.joined()) < (b.kind, b.host, b.members.joined()) }
    }

    /// A figure per member: its name → `value(member)`.
    static func perMember<Value>(_ members: [MemberReport], _ value: (MemberReport) -> Value) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.name, value($0)) })
    }

    // MARK: mtu_mismatch

    static func mtuOnHost(_ host: HostReport, _ members: [MemberReport]) -> [Finding] {
        var out: [Finding] = []
        let busy = members.filter { $0.health.dataPackets >= minimumData }
        let jumbo = busy.filter { $0.health.jumboPackets > 0 }
        let never = busy.filter { $0.health.jumboPackets == 0 && $0.health.offloadPackets == 0 }
        // Offloads make datagrams beyond the MTU before the wire: a capture showing any datagram
        // over 9,216 bytes, or SYNs that all say MTU 1500 or less, was taken with them on.
        let mss = members.flatMap { $0.health.sentMSSMTUs + $0.health.receivedMSSMTUs }
        let offloads = members.contains { $0.health.offloadPackets > 0 } || (!mss.isEmpty && mss.allSatisfy { $0 <= 1500 })
        if !jumbo.isEmpty && !never.isEmpty && !offloads {
            let figures = FindingFigures.jumbo(jumboPackets: perMember(busy) { $0.health.jumboPackets },
                                               largestDatagram: perMember(busy) { max($0.health.largestDatagram, 0) },
                                               dataPackets: perMember(busy) { $0.health.dataPackets })
            out.append(Finding(kind: .mtuMismatch, cause: .jumboOnSomeMembers, severity: .problem, host: host.name,
                               members: (jumbo + never).map(\.name).sorted(), figures: figures))
        }
        // The MSS a host's own SYNs announce, member by member.
        let announced = members.filter { !$0.health.sentMSSMTUs.isEmpty }
        if let lo = announced.map({ $0.health.sentMSSMTUs.max()! }).min(), let hi = announced.map({ $0.health.sentMSSMTUs.max()! }).max(), hi - lo >= 100 {
            out.append(Finding(kind: .mtuMismatch, cause: .mssDiffers, severity: .warning, host: host.name,
                               members: announced.map(\.name).sorted(),
                               figures: .mssPerMember(perMember(announced) { $0.health.sentMSSMTUs.max()! })))
        }
        // Large segments retransmitted again and again while small ones get through: a path
        // that drops jumbo frames (seen on the sender, which retransmits them).
        let dropping = members.filter { m in
            let h = m.health
            return h.largeRetransmissions >= 10 && h.jumboPackets > 0 && Double(h.largeRetransmissions) >= 0.2 * Double(h.jumboPackets)
                && Double(h.smallRetransmissions) < 0.05 * Double(max(1, h.dataPackets - h.jumboPackets))
        }
        if !dropping.isEmpty {
            out.append(Finding(kind: .mtuMismatch, cause: .largeSegmentsRetransmitted, severity: .problem, host: host.name,
                               members: dropping.map(\.name).sorted(),
                               figures: .largeRetransmissions(large: perMember(dropping) { $0.health.largeRetransmissions },
                                                              jumbo: perMember(dropping) { $0.health.jumboPackets },
                                                              small: perMember(dropping) { $0.health.smallRetransmissions })))
        }
        let tooBig = members.filter { $0.health.tooBigMessages > 0 }
        if !tooBig.isEmpty {
            let mtus = Array(Set(tooBig.flatMap(\.health.tooBigMTUs))).sorted()
            out.append(Finding(kind: .mtuMismatch, cause: .tooBigMessages, severity: .problem, host: host.name,
                               members: tooBig.map(\.name).sorted(),
                               figures: .tooBig(messages: tooBig.map(\.health.tooBigMessages).reduce(0, +), mtus: mtus)))
        }
        return out
    }

    /// Hosts whose SYNs announce MTUs 100 or more apart (8960 vs 1460 MSS): one finding, on the
    /// host with the smaller MTU, naming each host's.
    static func mssAcrossHosts(_ r: AnalysisReport) -> [Finding] {
        var byHost: [String: Int] = [:]
        for m in r.members { if let v = m.health.sentMSSMTUs.max() { byHost[m.host] = max(byHost[m.host] ?? 0, v) } }
        guard byHost.count > 1, let lo = byHost.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }), let hi = byHost.values.max(), hi - lo.value >= 100 else { return [] }
        return [Finding(kind: .mtuMismatch, cause: .mssDiffers, severity: .warning, host: lo.key,
                        members: r.members.filter { $0.host == lo.key && !$0.health.sentMSSMTUs.isEmpty }.map(\.name).sorted(),
                        figures: .mssPerHost(byHost))]
    }

    // MARK: vlan_mismatch

    static func vlans(_ host: HostReport, _ members: [MemberReport]) -> [Finding] {
        let busy = members.filter { $0.health.dataPackets >= minimumData }
        guard busy.count > 1, Set(busy.map(\.health.vlans)).count > 1 else { return [] }
        return [Finding(kind: .vlanMismatch, cause: .vlansDiffer, severity: .problem, host: host.name, members: busy.map(\.name).sorted(),
                        figures: .vlans(perMember(busy) { $0.health.vlans }))]
    }

    // MARK: member_silent

    static func silent(_ host: HostReport, _ members: [MemberReport]) -> [Finding] {
        let hostData = members.map(\.health.dataPackets).reduce(0, +)
        guard members.count > 1, hostData >= minimumData else { return [] }
        // Active-backup keeps a standby member idle; an LACP team (LACPDUs on its members) has none.
        let lacp = members.contains { $0.health.lacpdus > 0 }
        let standby = host.model?.best?.model == .linuxActiveBackup && !lacp
        return members.filter { $0.health.dataPackets == 0 }.map { m in
            Finding(kind: .memberSilent, cause: standby ? .standby : (m.packets == 0 ? .noPackets : .noData),
                    severity: standby ? .info : .warning, host: host.name, members: [m.name],
                    figures: .silent(packets: m.packets, hostDataPackets: hostData, teammates: members.filter { $0.name != m.name }.map(\.name)))
        }
    }

    // MARK: capture_gap

    static func gaps(_ host: HostReport, _ members: [MemberReport]) -> [Finding] {
        var out: [Finding] = []
        for m in members where m.health.dataPackets > 0 {
            let series = m.throughput
            let width = series.binWidthNs
            guard width > 0 else { continue }
            let mine = total(series)
            let others = members.filter { $0.name != m.name }.map { total($0.throughput) }
            guard let first = mine.firstIndex(where: { $0 > 0 }), let last = mine.lastIndex(where: { $0 > 0 }) else { continue }
            var best: (start: Int, end: Int)?
            var i = first
            while i < last {
                guard mine[i] == 0 else { i += 1; continue }
                var j = i
                while j < last && mine[j] == 0 { j += 1 }
                if best == nil || j - i > best!.end - best!.start { best = (i, j) }
                i = j
            }
            guard let gap = best, Int64(gap.end - gap.start) * width >= minimumGap, gap.end - gap.start >= 3 else { continue }
            // Bits per second × bin width: the teammates' bytes meanwhile.
            let meanwhile = others.map { o in (gap.start..<min(gap.end, o.count)).reduce(0.0) { $0 + Double(o[$1]) } * Double(width) / 8e9 }
                .reduce(0, +)
            // The teammates were busy: traffic in at least half of the gap's bins, and more than
            // the background chatter (ARP, LACPDUs) of an idle team.
            let busyBins = (gap.start..<gap.end).filter { i in others.contains { i < $0.count && $0[i] > 0 } }.count
            guard meanwhile >= Double(minimumGapTraffic), busyBins * 2 >= gap.end - gap.start else { continue }
            let start = series.startNs + Int64(gap.start) * width, end = series.startNs + Int64(gap.end) * width
            out.append(Finding(kind: .captureGap, cause: .quietStretch, severity: .warning, host: host.name, members: [m.name],
                               figures: .quietStretch(.init(startNs: start, endNs: end, seconds: Double(end - start) / 1e9,
                                                            teammatesBytes: Int(meanwhile.rounded())), lacp: nil)))
        }
        return out
    }

    /// LACP ports on a member that left the aggregate or fell silent while distributing: on the
    /// member's quiet-stretch finding when there is one (the same outage), else a finding of its
    /// own.
    static func lacpChurn(_ host: HostReport, _ members: [MemberReport], into out: inout [Finding]) {
        for m in members {
            let ports = m.health.lacpPorts.filter(\.churned)
            guard !ports.isEmpty else { continue }
            let churn = FindingFigures.LACPChurn(ports: ports.map(\.port), leftNs: ports.flatMap(\.leftAtNs).sorted(),
                                                 rejoinedNs: ports.flatMap(\.rejoinedAtNs).sorted(),
                                                 silenceSeconds: (Double(ports.map(\.longestSilenceNs).max() ?? 0) / 1e7).rounded() / 100)
            if let i = out.firstIndex(where: { $0.kind == .captureGap && $0.host == host.name && $0.members == [m.name] }),
               case .quietStretch(let q, nil) = out[i].figures {
                out[i].figures = .quietStretch(q, lacp: churn)
                continue
            }
            out.append(Finding(kind: .captureGap, cause: .lacpChurn, severity: .warning, host: host.name, members: [m.name],
                               figures: .lacpChurn(churn, left: ports.map(\.left).reduce(0, +), rejoined: ports.map(\.rejoined).reduce(0, +))))
        }
    }

    private static func total(_ s: ThroughputSeries) -> [UInt64] {
        let n = max(s.sentBitsPerSecond.count, s.receivedBitsPerSecond.count, s.unknownBitsPerSecond.count)
        return (0..<n).map { i in
            (i < s.sentBitsPerSecond.count ? s.sentBitsPerSecond[i] : 0) + (i < s.receivedBitsPerSecond.count ? s.receivedBitsPerSecond[i] : 0)
                + (i < s.unknownBitsPerSecond.count ? s.unknownBitsPerSecond[i] : 0)
        }
    }

    // MARK: single_member_ceiling

    static func ceiling(_ host: HostReport, _ members: [MemberReport]) -> [Finding] {
        let known = members.filter { ($0.linkSpeed ?? 0) > 0 }
        guard known.count > 1 else { return [] }
        func use(_ m: MemberReport) -> Double { max(m.sent.peakBitsPerSecond, m.received.peakBitsPerSecond) / m.linkSpeed! }
        let full = known.filter { use($0) >= ceiling }
        let roomy = known.filter { use($0) <= room }
        guard !full.isEmpty, !roomy.isEmpty else { return [] }
        return [Finding(kind: .singleMemberCeiling, cause: .memberAtLinkSpeed, severity: .warning, host: host.name,
                        members: full.map(\.name).sorted(),
                        figures: .ceiling(utilisation: perMember(known) { (use($0) * 1000).rounded() / 1000 },
                                          linkSpeed: perMember(known) { $0.linkSpeed! }, withRoom: roomy.map(\.name).sorted()))]
    }

    // MARK: rss_core_shared

    static func rss(_ r: AnalysisReport) -> [Finding] {
        guard !r.rssCollisions.isEmpty else { return [] }
        // Each stream's label made once, and the streams grouped by receiver: a label is a
        // formatted string, and every collision looks at every stream.
        let labels = r.migrationStreams.map(\.streamLabel)
        var toReceiver: [String: [FlowReport]] = [:]
        for f in r.migrationStreams { toReceiver[f.dst, default: []].append(f) }
        return r.rssCollisions.map { c in
            let named = Set(c.streams)
            let rates = r.migrationStreams.indices.filter { named.contains(labels[$0]) }
                .compactMap { r.migrationStreams[$0].averageBitsPerSecond }
            let streams = toReceiver[c.receiver] ?? []
            // The first captured host whose view of the streams to the receiver says `saw`.
            func hostSeeing(_ saw: (FlowDirectionReport) -> Bool) -> String? {
                r.hosts.first { h in
                    streams.contains { f in f.directions.contains { $0.host == h.name && saw($0) } }
                }?.name
            }
            // The receiving host: the one that received the streams' data (forward) direction;
            // the receiver was not captured: the host that sent them; which host sent what is
            // unknown: the captured host that saw them, so the finding belongs to a host of the
            // report (and its summary counts it).
            let host = hostSeeing { $0.direction == .forward && $0.sentByHost == false } ?? hostSeeing { $0.sentByHost == true }
                ?? hostSeeing { _ in true } ?? c.receiver
            // A prediction with the default Toeplitz key, not a measurement: information.
            return Finding(kind: .rssCoreShared, cause: .streamsOnOneQueue, severity: .info, host: host, members: [],
                           figures: .rss(receiver: c.receiver, queue: c.queue, streams: c.streams, combinedBitsPerSecond: rates.reduce(0, +)))
        }
    }

    // MARK: live migration summary

    public static func migrationSummaries(_ r: AnalysisReport) -> [MigrationSummary] {
        var groups: [[String]: [FlowReport]] = [:]
        for f in r.migrationStreams {
            let hosts = Array(Set(f.directions.filter { $0.bytes > 0 }.map(\.host))).sorted()
            guard !hosts.isEmpty else { continue }
            groups[hosts, default: []].append(f)
        }
        let summaries = groups.keys.sorted { $0.joined(separator: ",") < $1.joined(separator: ",") }.map { hosts in
            let streams = groups[hosts]!
            var events: [(Int64, Int)] = []
            for f in streams { events.append((f.firstNs, 1)); events.append((f.lastNs, -1)) }
            events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
            var open = 0, most = 0
            for e in events { open += e.1; most = max(most, open) }
            let start = streams.map(\.firstNs).min()!, end = streams.map(\.lastNs).max()!
            let bytes = streams.map(\.bytes).reduce(0, +)
            let avg = (Double(bytes) * 8 / (Double(max(1, end - start)) / 1e9)).rounded()
            var used: [String: [String]] = [:], unused: [String: [String]] = [:]
            for h in hosts {
                let carried = Set(streams.flatMap { f in f.directions.filter { $0.host == h && $0.bytes > 0 }.flatMap { Array($0.memberShares.filter { $0.value > 0 }.keys) } })
                used[h] = carried.sorted()
                unused[h] = (r.hosts.first { $0.name == h }?.members ?? []).filter { !carried.contains($0) }
            }
            let held = streams.filter { f in f.directions.filter { $0.bytes > 0 }.allSatisfy(\.pinned) }.count
            let rates = streams.map { f in
                MigrationStreamRate(stream: f.streamLabel, bitsPerSecondAvg: f.averageBitsPerSecond ?? 0,
                                    bitsPerSecondPeak: peak([f], start: f.firstNs, end: f.lastNs, fallback: f.averageBitsPerSecond ?? 0),
                                    members: Array(Set(f.directions.filter { $0.bytes > 0 }.flatMap { d in d.memberShares.filter { $0.value > 0 }.keys.map { "\(d.host)/\($0)" } })).sorted())
            }
            let sessions = r.smbSessions.filter { s in s.channels.contains { c in streams.contains { $0.src == c.client && $0.srcPort == c.clientPort && $0.dst == c.server && $0.dstPort == c.serverPort } } }.count
            return MigrationSummary(hosts: hosts, streams: streams.count, smbSessions: sessions, maxConcurrent: most,
                                    bitsPerSecondAvg: avg, bitsPerSecondPeak: peak(streams, start: start, end: end, fallback: avg),
                                    membersUsed: used, membersUnused: unused, heldToOneMember: held, perStream: rates)
        }
        return withRDMA(summaries, r)
    }

    /// The busiest second of `streams` together (each stream counted once, as the host that saw
    /// most of it): bins summed over one-second windows; a shorter span is its own window.
    static func peak(_ streams: [FlowReport], start: Int64, end: Int64, fallback: Double) -> Double {
        guard let width = streams.compactMap({ $0.throughput?.binWidthNs }).first, width > 0, end - start >= 1_000_000_000 else { return fallback }
        var bins: [Double] = []
        let origin = streams.compactMap { $0.throughput?.startNs }.min() ?? start
        for f in streams {
            guard let t = f.throughput, t.binWidthNs == width else { continue }
            let offset = Int((t.startNs - origin) / width)
            for (i, v) in zip(t.forwardBitsPerSecond, t.reverseBitsPerSecond).map({ Double($0) + Double($1) }).enumerated() {
                let k = i + offset
                if k >= bins.count { bins += [Double](repeating: 0, count: k + 1 - bins.count) }
                bins[k] += v
            }
        }
        let per = max(1, Int(1_000_000_000 / width))
        guard bins.count >= per else { return fallback }
        var window = bins.prefix(per).reduce(0, +), best = window
        for i in per..<bins.count {
            window += bins[i] - bins[i - per]
            best = max(best, window)
        }
        // A series starts when its flow qualified as a stream (some bytes may precede it), and
        // the busiest second of a span longer than one is never below the span's average.
        return max((best / Double(per)).rounded(), fallback)
    }
}
