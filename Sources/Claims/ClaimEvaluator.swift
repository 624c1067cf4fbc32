import TeamingModels
import PacketWire
import TeamAnalysis

/// Judges claims against an analysis report; every verdict carries its evidence in numbers.
public enum ClaimEvaluator {
    public static func evaluate(_ claims: [Claim], report: AnalysisReport) -> [ClaimResult] {
        claims.map { evaluate($0, report) }
    }

    /// A claim naming a host or member the captures do not have is a mistake in the claims
    /// file, not a failing team: said as such (`verify` exits 2), with the names there are.
    public static func validate(_ claims: [Claim], report: AnalysisReport) throws(ClaimError) {
        let hosts = report.hosts.map(\.name)
        let members = report.members.map { "\($0.host)/\($0.name)" }
        for (i, c) in claims.enumerated() {
            if let h = c.host, !hosts.contains(h) {
                throw ClaimError("claims[\(i)] (\(c.name)): host \(h) is not in the captures (hosts: \(hosts.joined(separator: ", ")))")
            }
            if let m = c.member, member(c, report) == nil {
                throw ClaimError("claims[\(i)] (\(c.name)): member \(m) is not in the captures (members: \(members.joined(separator: ", ")))")
            }
        }
    }

    static func pct(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    static func label(_ f: FlowReport) -> String { "\(f.protocol) \(f.src):\(f.srcPort)→\(f.dst):\(f.dstPort)" }

    /// The flows a claim is about: its selector over every listed flow, else the migration streams.
    static func flows(_ c: Claim, _ r: AnalysisReport) -> [FlowReport] {
        var all = r.migrationStreams
        for f in r.flows where !all.contains(where: { $0.src == f.src && $0.srcPort == f.srcPort && $0.dst == f.dst && $0.dstPort == f.dstPort && $0.firstNs == f.firstNs }) {
            all.append(f)
        }
        guard let s = c.select else { return r.migrationStreams }
        return all.filter { s.matches($0) }
    }

    /// The direction of a flow that `host` sent (else the one with more bytes there).
    static func sentDirection(_ f: FlowReport, host: String) -> FlowDirectionReport? {
        let ds = f.directions.filter { $0.host == host }
        return ds.first { $0.sentByHost == true } ?? ds.max { $0.bytes < $1.bytes }
    }

    static func hosts(_ c: Claim, _ r: AnalysisReport) -> [String] {
        if let h = c.host { return [h] }
        if let m = c.member, let slash = m.firstIndex(of: "/") { return [String(m[..<slash])] }
        return r.hosts.map(\.name)
    }

    static func evaluate(_ c: Claim, _ r: AnalysisReport) -> ClaimResult {
        switch c.check {
        case .mode(let model):
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                let ranked = r.inference.filter { $0.host == h }.sorted { $0.rank < $1.rank }
                guard let best = ranked.first else { ok = false; parts.append("\(h): no flow to judge by"); continue }
                guard let fit = ranked.first(where: { $0.model == ModelName(model) }) else { ok = false; parts.append("\(h): unknown model \(model)"); continue }
                let consistent = fit.bytesConsistentRatio >= best.bytesConsistentRatio - 0.01
                ok = ok && consistent
                var text = "\(h): \(model) explains \(fit.flowsConsistent) of \(fit.flowsTotal) flows, \(pct(fit.bytesConsistentRatio)) of bytes (rank \(fit.rank); best \(best.model) \(pct(best.bytesConsistentRatio)))"
                if let o = fit.memberOrder, ModelName(model).linuxHashPolicy.map({ $0 != .vlanSrcMAC }) == true { text += ", member order \(o.joined(separator: ","))" }
                // The flows that disagree with the best exact hash: which member, which predicted, when.
                if let d = fit.disagreeingFlows, !d.isEmpty {
                    let listed = d.prefix(3).map { f in
                        let ends = f.protocol.hasPorts ? "\(f.src):\(f.srcPort)→\(f.dst):\(f.dstPort)" : "\(f.src)→\(f.dst)"
                        let into = Double(f.firstNs - (r.captureStartNs ?? f.firstNs)) / 1e9
                        return "\(f.protocol) \(ends) left on \(f.seen), the hash picks \(f.predicted) (\(String(format: "%.3f", into)) s into the capture)"
                    }
                    text += "; \(d.count) flow\(d.count == 1 ? "" : "s") disagree\(d.count == 1 ? "s" : ""): " + listed.joined(separator: "; ") + (d.count > 3 ? "; …" : "")
                }
                parts.append(text)
            }
            return ClaimResult(name: c.name, passed: ok, evidence: parts.joined(separator: "; "))
        case .pinned(let want):
            let fs = flows(c, r)
            guard !fs.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: "no flow matches") }
            let wrong = fs.filter { $0.pinned != want }
            let detail = (wrong.isEmpty ? fs : wrong).prefix(4).map { f in
                "\(label(f)) \(f.pinned ? "pinned" : "split")" + (f.moves.isEmpty ? "" : " (\(f.moves.count) moves)")
            }.joined(separator: ", ")
            return ClaimResult(name: c.name, passed: wrong.isEmpty,
                               evidence: "\(fs.count - wrong.count) of \(fs.count) flows \(want ? "pinned" : "split"): \(detail)")
        case .spreadMembers(let bound):
            guard !flows(c, r).isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: "no flow matches") }
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                var used: [String: Int] = [:]
                for f in flows(c, r) {
                    guard let d = sentDirection(f, host: h) else { continue }
                    for (m, share) in d.memberShares where share > 0.001 { used[m, default: 0] += 1 }
                }
                ok = ok && bound.holds(Double(used.count))
                parts.append("\(h): \(used.count) members (\(used.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))), want \(bound)")
            }
            return ClaimResult(name: c.name, passed: ok, evidence: parts.joined(separator: "; "))
        case .sentShare(let bound), .receivedShare(let bound):
            let sent: Bool
            if case .sentShare = c.check { sent = true } else { sent = false }
            guard let m = member(c, r) else { return ClaimResult(name: c.name, passed: false, evidence: "no member \(c.member ?? "")") }
            let share = (sent ? m.sent.share : m.received.share) ?? 0
            return ClaimResult(name: c.name, passed: bound.holds(share),
                               evidence: "\(m.host)/\(m.name) \(sent ? "sent" : "received") \(pct(share)) of its host's bytes, want \(bound)")
        case .sentMembers(let bound), .receivedMembers(let bound):
            let sent: Bool
            if case .sentMembers = c.check { sent = true } else { sent = false }
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                let ms = r.members.filter { $0.host == h }
                let carrying = ms.filter { ((sent ? $0.sent.share : $0.received.share) ?? 0) > 0.001 }
                ok = ok && bound.holds(Double(carrying.count))
                parts.append("\(h): \(sent ? "sent" : "received") on \(carrying.count) of \(ms.count) members (\(ms.map { "\($0.name) \(pct((sent ? $0.sent.share : $0.received.share) ?? 0))" }.joined(separator: ", "))), want \(bound)")
            }
            return ClaimResult(name: c.name, passed: ok, evidence: parts.joined(separator: "; "))
        case .reorderedRatio(let bound):
            let fs = flows(c, r)
            guard let worst = fs.max(by: { $0.reordering.ratio < $1.reordering.ratio }) else {
                return ClaimResult(name: c.name, passed: false, evidence: "no flow matches")
            }
            return ClaimResult(name: c.name, passed: fs.allSatisfy { bound.holds($0.reordering.ratio) },
                               evidence: "highest reordered ratio \(worst.reordering.ratio) (\(label(worst)), \(worst.reordering.reordered) of \(worst.reordering.dataSegments) data segments, observed on \(worst.observedOn)) over \(fs.count) flows, want \(bound)")
        case .retransmissions(let bound):
            let fs = flows(c, r)
            guard !fs.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: "no flow matches") }
            let total = fs.map(\.retransmissions).reduce(0, +)
            return ClaimResult(name: c.name, passed: bound.holds(Double(total)),
                               evidence: "\(total) retransmissions over \(fs.count) flows, want \(bound)")
        case .smbChannels(let bound):
            let ss = smbSessions(c, r)
            guard !ss.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: noSession(c)) }
            let parts = ss.map { s in
                "session \(s.sessionId): \(s.channels.count) channel\(s.channels.count == 1 ? "" : "s") (\(s.channels.filter { $0.bound == true }.count) bound)"
            }
            return ClaimResult(name: c.name, passed: ss.allSatisfy { bound.holds(Double($0.channels.count)) },
                               evidence: parts.joined(separator: "; ") + ", want \(bound)")
        case .smbChannelMembers(let bound):
            let ss = smbSessions(c, r)
            guard !ss.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: noSession(c)) }
            var ok = true
            var parts: [String] = []
            for s in ss {
                for h in hosts(c, r) {
                    let used = s.memberShares.filter { $0.key.hasPrefix(h + "/") }.sorted { $0.key < $1.key }
                    ok = ok && bound.holds(Double(used.count))
                    parts.append("session \(s.sessionId) on \(h): \(used.count) member\(used.count == 1 ? "" : "s") (\(used.map { "\($0.key.dropFirst(h.count + 1)) \(pct($0.value))" }.joined(separator: ", ")))")
                }
            }
            return ClaimResult(name: c.name, passed: ok, evidence: parts.joined(separator: "; ") + ", want \(bound)")
        case .findingsNoneOf(let kinds):
            let hs = hosts(c, r)
            let memberName = member(c, r)?.name
            let found = r.findings.filter { f in
                kinds.contains(f.kind) && hs.contains(f.host) && (memberName == nil || f.members.contains(memberName!))
            }
            let scope = c.member ?? hs.joined(separator: ", ")
            guard !found.isEmpty else {
                return ClaimResult(name: c.name, passed: true, evidence: "none of \(kinds.map(\.rawValue).joined(separator: ", ")) on \(scope)")
            }
            return ClaimResult(name: c.name, passed: false, evidence: found.map { f in
                "\(f.kind.rawValue) on \(f.host)\(f.members.isEmpty ? "" : " (\(f.members.joined(separator: ", ")))")"
            }.joined(separator: "; "))
        case .migrationConcurrency(let bound):
            let hs = hosts(c, r)
            let ms = r.migrationSummary.filter { !Set($0.hosts).isDisjoint(with: hs) }
            guard !ms.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: "no migration stream in the captures") }
            return ClaimResult(name: c.name, passed: ms.allSatisfy { bound.holds(Double($0.maxConcurrent)) },
                               evidence: ms.map { "\($0.hosts.joined(separator: "↔")): at most \($0.maxConcurrent) of \($0.streams) streams at once" }.joined(separator: "; ") + ", want \(bound)")
        case .migrationMembers(let bound):
            let hs = hosts(c, r)
            var ok = true
            var parts: [String] = []
            for m in r.migrationSummary {
                for h in m.hosts where hs.contains(h) {
                    let used = m.membersUsed[h] ?? []
                    ok = ok && bound.holds(Double(used.count))
                    parts.append("\(h): \(used.count) member\(used.count == 1 ? "" : "s") (\(used.joined(separator: ", ")))")
                }
            }
            guard !parts.isEmpty else { return ClaimResult(name: c.name, passed: false, evidence: "no migration stream in the captures") }
            return ClaimResult(name: c.name, passed: ok, evidence: parts.joined(separator: "; ") + ", want \(bound)")
        case .macRewrite(let want):
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                guard let host = r.hosts.first(where: { $0.name == h }) else { ok = false; parts.append("\(h): no such host"); continue }
                let rewrite = host.macRewrite
                ok = ok && (rewrite != nil) == want
                if let rewrite {
                    parts.append("\(h): members send with different source MACs (" + rewrite.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: ", "))" }.joined(separator: "; ") + ")")
                } else {
                    parts.append("\(h): every member sends with the MACs its teammates use")
                }
            }
            return ClaimResult(name: c.name, passed: ok && !parts.isEmpty, evidence: parts.joined(separator: "; ") + ", want \(want ? "a rewrite" : "none")")
        case .switchPart(let want):
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                guard let host = r.hosts.first(where: { $0.name == h }) else { ok = false; parts.append("\(h): no such host"); continue }
                guard let v = host.team else { ok = false; parts.append("\(h): no verdict (no flow it sent was judged)"); continue }
                ok = ok && v.switchPart == want
                var why: String?
                for e in v.evidence {
                    if case .lacp(let l) = e { why = l.sentOn.isEmpty ? "LACPDUs from the partner only" : "LACPDUs: the host sends them on \(l.sentOn.joined(separator: ", "))" }
                    if case .noLACP = e { why = "no LACPDU" }
                }
                parts.append("\(h): switch \(v.switchPart.rawValue) (\(v.family?.rawValue ?? "no family"), confidence \(v.confidence.rawValue)\(why.map { "; \($0)" } ?? ""))")
            }
            return ClaimResult(name: c.name, passed: ok && !parts.isEmpty, evidence: parts.joined(separator: "; ") + ", want \(want.rawValue)")
        case .lacpDistributing(let bound):
            var ok = true
            var parts: [String] = []
            for h in hosts(c, r) {
                let links = (r.lacp ?? []).filter { $0.host == h }
                let distributing = links.filter(\.distributing).map(\.member)
                ok = ok && bound.holds(Double(distributing.count))
                parts.append(links.isEmpty ? "\(h): no LACPDU sent or received"
                             : "\(h): \(distributing.count) of \(links.count) LACP member\(links.count == 1 ? "" : "s") distributing" + (distributing.isEmpty ? "" : " (\(distributing.joined(separator: ", ")))"))
            }
            return ClaimResult(name: c.name, passed: ok && !parts.isEmpty, evidence: parts.joined(separator: "; ") + ", want \(bound)")
        }
    }

    static func smbSessions(_ c: Claim, _ r: AnalysisReport) -> [SMBSessionReport] {
        guard let id = c.session else { return r.smbSessions }
        return r.smbSessions.filter { $0.sessionId == id }
    }

    static func noSession(_ c: Claim) -> String {
        c.session.map { "no SMB session \($0) in the captures" } ?? "no SMB session in the captures"
    }

    static func member(_ c: Claim, _ r: AnalysisReport) -> MemberReport? {
        guard let m = c.member else { return nil }
        if let slash = m.firstIndex(of: "/") {
            let host = String(m[..<slash]), name = String(m[m.index(after: slash)...])
            return r.members.first { $0.host == host && $0.name == name }
        }
        return r.members.first { $0.name == m && (c.host == nil || $0.host == c.host) }
    }
}
