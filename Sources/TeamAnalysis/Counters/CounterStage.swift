import Counters

/// Turns the `--counters` series into the report's `counters[]` and, where a capture of the
/// same member covers the same span, the `capture_incomplete` finding: how much of what the
/// member's NIC and RDMA engine counted the capture did not see.
public enum CounterStage {
    /// A member carried its host's traffic when it counted at least this share of the busiest
    /// member's bytes.
    static let carriedShare = 0.05
    /// The capture missed traffic when what it did not see is at least this share of what was
    /// counted (below it: header bytes of TSO/GSO segments, samples cut at the capture's ends)…
    static let unseenShare = 0.10
    /// …and at least this many bytes.
    static let unseenBytes = 256 << 10

    /// Adds `counters` and the findings from them to `report`. `aliases`: perfmon instance (or
    /// interface) → member (`--member-alias`).
    public static func apply(_ inputs: [CounterInput], aliases: [String: String], to report: inout AnalysisReport) {
        guard !inputs.isEmpty else { return }
        var pairs: [(CounterReport, MemberCounters)] = []
        for input in inputs {
            // Pseudo-interfaces (ISATAP, Teredo, loopback, …) are no network's: left out, unless aliased.
            for s in input.series where s.role != .pseudo || aliases.keys.contains(where: { CounterPath.instanceKey($0) == CounterPath.instanceKey(s.instance) }) {
                let host = hostName(input.host, machine: s.machine, report)
                pairs.append((entry(s, host: host, member: member(s.instance, aliases: aliases)), s))
            }
        }
        pairs.sort { ($0.0.host, $0.0.member, $0.0.file, $0.0.startNs) < ($1.0.host, $1.0.member, $1.0.file, $1.0.startNs) }
        var entries = pairs.map(\.0)
        shares(&entries)
        if report.filter == nil { compare(&entries, series: pairs.map(\.1), report) }
        report.counters = entries
        report.findings = (report.findings + findings(entries, report)).sorted { a, b in
            a.severity != b.severity ? a.severity > b.severity : (a.kind, a.host, a.members.joined()) < (b.kind, b.host, b.members.joined())
        }
    }

    /// The host a counter file belongs to: the argument's `HOST=`, else the one host the
    /// captures have, else a captured host named as the file's machine (ignoring case), else the
    /// machine's name.
    static func hostName(_ given: String?, machine: String, _ r: AnalysisReport) -> String {
        if let given { return given }
        if r.hosts.count == 1 { return r.hosts[0].name }
        return r.hosts.first { $0.name.lowercased() == machine.lowercased() }?.name ?? machine
    }

    static func member(_ instance: String, aliases: [String: String]) -> String {
        if let m = aliases[instance] { return m }
        let key = CounterPath.instanceKey(instance)
        return aliases.first { CounterPath.instanceKey($0.key) == key }?.value ?? instance
    }

    /// Bytes per quantity over the present intervals, their seconds, and the peak rate.
    struct Totals {
        var bytes = 0.0
        var seconds = 0.0
        var peak = 0.0
        var average: Double { seconds > 0 ? bytes / seconds : 0 }
    }

    static func totals(_ s: MemberCounters, _ q: CounterQuantity) -> Totals? {
        guard let rates = s.rates[q] else { return nil }
        var t = Totals()
        for (i, r) in rates.enumerated() {
            guard let r else { continue }
            let seconds = Double(s.timesNs[i] - s.intervalStart(i)) / 1e9
            t.bytes += r * seconds
            t.seconds += seconds
            t.peak = max(t.peak, r)
        }
        return t
    }

    static func entry(_ s: MemberCounters, host: String, member: String) -> CounterReport {
        let sent = totals(s, .sent) ?? Totals()
        let received = totals(s, .received) ?? Totals()
        let rdmaSent = totals(s, .rdmaSent)
        let rdmaReceived = totals(s, .rdmaReceived)
        let missing = s.timesNs.indices.filter { i in s.rates.values.contains { $0[i] == nil } }.count
        let rdmaBytes = (rdmaSent?.bytes ?? 0) + (rdmaReceived?.bytes ?? 0)
        let all = sent.bytes + received.bytes + rdmaBytes
        let hasRDMA = rdmaSent != nil || rdmaReceived != nil
        let start = s.timesNs.isEmpty ? 0 : s.intervalStart(0)
        func grid(_ q: CounterQuantity) -> [UInt64?]? {
            guard let rates = s.rates[q] else { return nil }
            var out: [UInt64?] = []
            // A log with long pauses stays a bounded series: samples past this many slots are left
            // off the series (the averages and peaks still count them).
            let slots = Double(rates.count * 2 + 4096)
            for (i, r) in rates.enumerated() {
                // Each sample on the slot of its interval's end; slots no sample reached stay null.
                let position = (Double(s.timesNs[i] - start) / Double(s.intervalNs)).rounded()
                guard position >= 1, position <= slots else { continue }
                let slot = Int(position) - 1
                while out.count <= slot { out.append(nil) }
                out[slot] = r.map { UInt64(($0 * 8).rounded()) }
            }
            return out
        }
        return CounterReport(
            host: host, member: member, source: s.format.rawValue, file: s.file, instance: s.instance == member ? nil : s.instance,
            role: s.role == .pseudo ? .member : s.role,
            sentBitsPerSecondAvg: sent.average * 8, receivedBitsPerSecondAvg: received.average * 8,
            sentBitsPerSecondPeak: sent.peak * 8, receivedBitsPerSecondPeak: received.peak * 8,
            rdmaSentBitsPerSecondAvg: rdmaSent.map { $0.average * 8 }, rdmaReceivedBitsPerSecondAvg: rdmaReceived.map { $0.average * 8 },
            rdmaSentBitsPerSecondPeak: rdmaSent.map { $0.peak * 8 }, rdmaReceivedBitsPerSecondPeak: rdmaReceived.map { $0.peak * 8 },
            sentShare: nil, receivedShare: nil, rdmaShare: hasRDMA ? (all > 0 ? rdmaBytes / all : 0) : nil,
            carried: false, carriedRdma: hasRDMA ? false : nil, droppedPackets: s.droppedPackets.map { Int(clamping: $0) },
            samples: s.timesNs.count, missingSamples: missing,
            startNs: start, endNs: s.timesNs.last ?? 0, intervalNs: s.intervalNs,
            throughput: CounterThroughput(startNs: start, intervalNs: s.intervalNs, sentBitsPerSecond: grid(.sent) ?? [],
                                          receivedBitsPerSecond: grid(.received) ?? [], rdmaSentBitsPerSecond: grid(.rdmaSent),
                                          rdmaReceivedBitsPerSecond: grid(.rdmaReceived)))
    }

    /// Bytes an entry stands for, from its averages and span (what the shares weigh).
    static func bytes(_ e: CounterReport, sent: Bool) -> Double {
        let seconds = Double(e.endNs - e.startNs) / 1e9
        let rate = sent ? e.sentBitsPerSecondAvg + (e.rdmaSentBitsPerSecondAvg ?? 0) : e.receivedBitsPerSecondAvg + (e.rdmaReceivedBitsPerSecondAvg ?? 0)
        return rate / 8 * seconds
    }

    static func nicBytes(_ e: CounterReport) -> Double {
        (e.sentBitsPerSecondAvg + e.receivedBitsPerSecondAvg) / 8 * Double(e.endNs - e.startNs) / 1e9
    }

    static func rdmaBytes(_ e: CounterReport) -> Double {
        ((e.rdmaSentBitsPerSecondAvg ?? 0) + (e.rdmaReceivedBitsPerSecondAvg ?? 0)) / 8 * Double(e.endNs - e.startNs) / 1e9
    }

    /// Each member's share of its host per direction, and which members carried traffic (NIC
    /// and RDMA judged apart: a member may carry all the RDMA and little else).
    static func shares(_ entries: inout [CounterReport]) {
        for host in Set(entries.map(\.host)) {
            // Shares among the members; the team interface and virtual adapters carry their traffic again.
            let all = entries.indices.filter { entries[$0].host == host }
            let members = all.filter { entries[$0].role == .member }
            let idx = members.isEmpty ? all : members
            let sentTotal = idx.reduce(0.0) { $0 + bytes(entries[$1], sent: true) }
            let receivedTotal = idx.reduce(0.0) { $0 + bytes(entries[$1], sent: false) }
            let busiest = idx.map { nicBytes(entries[$0]) }.max() ?? 0
            let busiestRDMA = idx.map { rdmaBytes(entries[$0]) }.max() ?? 0
            for i in all {
                if idx.contains(i) {
                    entries[i].sentShare = sentTotal > 0 ? bytes(entries[i], sent: true) / sentTotal : nil
                    entries[i].receivedShare = receivedTotal > 0 ? bytes(entries[i], sent: false) / receivedTotal : nil
                }
                entries[i].carried = busiest > 0 && nicBytes(entries[i]) >= busiest * carriedShare
                if entries[i].carriedRdma != nil { entries[i].carriedRdma = busiestRDMA > 0 && rdmaBytes(entries[i]) >= busiestRDMA * carriedShare }
            }
        }
    }

    /// Captured bytes of `m` in [from, to), from its throughput bins (a bin cut by the edge
    /// counted in proportion).
    static func capturedBytes(_ m: MemberReport, from: Int64, to: Int64) -> Double {
        let t = m.throughput
        guard t.binWidthNs > 0 else { return 0 }
        var total = 0.0
        let first = max(0, Int((from - t.startNs) / t.binWidthNs))
        let count = max(t.sentBitsPerSecond.count, t.receivedBitsPerSecond.count, t.unknownBitsPerSecond.count)
        var k = first
        while k < count {
            let b0 = t.startNs + Int64(k) * t.binWidthNs
            if b0 >= to { break }
            let b1 = b0 + t.binWidthNs
            let overlap = Double(min(b1, to) - max(b0, from))
            if overlap > 0 {
                var bps = 0.0
                for series in [t.sentBitsPerSecond, t.receivedBitsPerSecond, t.unknownBitsPerSecond] where k < series.count { bps += Double(series[k]) }
                total += bps / 8 * overlap / 1e9
            }
            k += 1
        }
        return total
    }

    /// Each entry against its member's capture, over the counter intervals wholly inside the
    /// capture with every counter present.
    static func compare(_ entries: inout [CounterReport], series: [MemberCounters], _ r: AnalysisReport) {
        guard let start = r.captureStartNs, let end = r.captureEndNs else { return }
        var compared: Set<String> = []
        for i in entries.indices {
            let e = entries[i]
            let s = series[i]
            guard let m = r.members.first(where: { $0.host == e.host && $0.name == e.member }),
                  compared.insert("\(e.host)/\(e.member)").inserted,
                  let sentRates = s.rates[.sent], let receivedRates = s.rates[.received] else { continue }
            var seconds = 0.0, counted = 0.0, captured = 0.0, rdma = 0.0
            for k in s.timesNs.indices {
                let s0 = s.intervalStart(k)
                let s1 = s.timesNs[k]
                guard s0 >= start, s1 <= end, let sent = sentRates[k], let received = receivedRates[k] else { continue }
                var rdmaRate = 0.0
                var complete = true
                for q in [CounterQuantity.rdmaSent, .rdmaReceived] {
                    guard let rates = s.rates[q] else { continue }
                    if let v = rates[k] { rdmaRate += v } else { complete = false }
                }
                guard complete else { continue }
                let dt = Double(s1 - s0) / 1e9
                seconds += dt
                counted += (sent + received) * dt
                rdma += rdmaRate * dt
                captured += capturedBytes(m, from: s0, to: s1)
            }
            guard seconds > 0 else { continue }
            let unseen = max(0, counted - captured) + rdma
            let all = counted + rdma
            entries[i].capture = CounterCaptureComparison(seconds: (seconds * 1000).rounded() / 1000, countedBytes: Int(counted.rounded()),
                                                          capturedBytes: Int(captured.rounded()), rdmaBytes: Int(rdma.rounded()),
                                                          unseenBytes: Int(unseen.rounded()), unseenShare: all > 0 ? unseen / all : 0)
        }
    }

    /// Per host, one finding naming the members whose capture missed a real part of what their
    /// counters counted; its cause says whether RDMA or the NIC's own frames make up most of it.
    static func findings(_ entries: [CounterReport], _ r: AnalysisReport) -> [Finding] {
        var out: [Finding] = []
        for host in Set(entries.map(\.host)).sorted() {
            let missed = entries.filter { e in
                guard e.host == host, let c = e.capture else { return false }
                return c.unseenShare >= unseenShare && c.unseenBytes >= unseenBytes
            }
            guard !missed.isEmpty else { continue }
            var counted: [String: Int] = [:], captured: [String: Int] = [:], rdma: [String: Int] = [:], unseen: [String: Int] = [:], drops: [String: Int] = [:]
            var seconds = 0.0
            for e in missed {
                let c = e.capture!
                counted[e.member] = c.countedBytes
                captured[e.member] = c.capturedBytes
                rdma[e.member] = c.rdmaBytes
                unseen[e.member] = c.unseenBytes
                let member = r.members.first { $0.host == host && $0.name == e.member }
                drops[e.member] = Int(clamping: member?.drops ?? 0)
                seconds = max(seconds, c.seconds)
            }
            let rdmaTotal = rdma.values.reduce(0, +)
            let unseenTotal = unseen.values.reduce(0, +)
            out.append(Finding(kind: .captureIncomplete, cause: rdmaTotal * 2 >= unseenTotal ? .rdmaNotCaptured : .countersExceedCapture,
                               severity: .warning, host: host, members: missed.map(\.member).sorted(),
                               figures: .unseen(.init(counted: counted, captured: captured, rdma: rdma, unseen: unseen, captureDrops: drops, seconds: seconds))))
        }
        return out
    }
}
