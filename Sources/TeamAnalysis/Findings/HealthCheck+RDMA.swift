extension HealthCheck {
    /// The migration summaries with the RDMA flows counted in: each flow (its two ends and
    /// destination QP) once, in the summary of the hosts that saw it — or of hosts including
    /// them —, its members among the members used; hosts whose only migration traffic is RDMA
    /// get a summary of their own. Unchanged when the report has no RDMA flows.
    static func withRDMA(_ summaries: [MigrationSummary], _ r: AnalysisReport) -> [MigrationSummary] {
        guard let flows = r.rdmaFlows, !flows.isEmpty else { return summaries }
        struct Identity: Hashable { var src: String; var dst: String; var qp: Int }
        var byFlow: [Identity: [RDMAFlowReport]] = [:]
        for f in flows { byFlow[Identity(src: f.src, dst: f.dst, qp: f.destQp), default: []].append(f) }
        var out = summaries
        var extra: [[String]: [[RDMAFlowReport]]] = [:]
        var attached: [Int: [[RDMAFlowReport]]] = [:]
        for id in byFlow.keys.sorted(by: { ($0.src, $0.dst, $0.qp) < ($1.src, $1.dst, $1.qp) }) {
            let views = byFlow[id]!
            let hosts = Set(views.map(\.host))
            if let i = out.firstIndex(where: { Set($0.hosts) == hosts }) ?? out.firstIndex(where: { hosts.isSubset(of: Set($0.hosts)) }) {
                attached[i, default: []].append(views)
            } else {
                extra[hosts.sorted(), default: []].append(views)
            }
        }
        for (i, group) in attached {
            let count = rdmaCount(group)
            out[i].rdma = count
            for (h, members) in count.membersUsed {
                let used = Set(out[i].membersUsed[h] ?? []).union(members)
                out[i].membersUsed[h] = used.sorted()
                out[i].membersUnused[h] = (r.hosts.first { $0.name == h }?.members ?? []).filter { !used.contains($0) }
            }
        }
        for hosts in extra.keys.sorted(by: { $0.joined(separator: ",") < $1.joined(separator: ",") }) {
            let group = extra[hosts]!
            let count = rdmaCount(group)
            let views = group.flatMap { $0 }
            let start = views.map(\.firstNs).min()!, end = views.map(\.lastNs).max()!
            let avg = (Double(count.bytes) * 8 / (Double(max(1, end - start)) / 1e9)).rounded()
            var unused: [String: [String]] = [:]
            for h in hosts { unused[h] = (r.hosts.first { $0.name == h }?.members ?? []).filter { !(count.membersUsed[h] ?? []).contains($0) } }
            out.append(MigrationSummary(hosts: hosts, streams: 0, smbSessions: 0, maxConcurrent: 0, bitsPerSecondAvg: avg, bitsPerSecondPeak: avg,
                                        membersUsed: count.membersUsed, membersUnused: unused, heldToOneMember: 0, perStream: [], rdma: count))
        }
        return out.sorted { $0.hosts.joined(separator: ",") < $1.hosts.joined(separator: ",") }
    }

    /// Flows (each as every host saw it) counted once: bytes as the host that saw most, held to
    /// one member when every view is pinned.
    static func rdmaCount(_ group: [[RDMAFlowReport]]) -> RDMAMigrationCount {
        var used: [String: Set<String>] = [:]
        for views in group { for v in views { used[v.host, default: []].formUnion(v.members.filter { $0.bytes > 0 }.map(\.member)) } }
        return RDMAMigrationCount(flows: group.count, heldToOneMember: group.filter { $0.allSatisfy(\.pinned) }.count,
                                  bytes: group.map { $0.map(\.bytes).max() ?? 0 }.reduce(0, +),
                                  membersUsed: used.mapValues { $0.sorted() })
    }
}
