import FlowTracking
import PacketWire
import TeamingModels

extension ReportBuilder {
    /// What each of host `h`'s members (`slots`) carried, when they share nothing a team's
    /// members share: no unicast MAC (a bond's MAC, a peer's or the gateway's), no IP address
    /// (the team's own, a peer's), and no flow — no traffic crosses from one to another. Nil
    /// when they share something, when a member carried no flow, or when a member saw more MACs
    /// than are kept (what it shares is then unknown).
    func separation(_ h: Int, slots: [Int]) -> [TeamEvidence.SeparateMember]? {
        guard slots.count >= 2, slots.allSatisfy({ !members[$0].macsOverflow }) else { return nil }
        var index: [Int32: Int] = [:]
        for (i, slot) in slots.enumerated() { index[Int32(slot)] = i }
        var addresses = [Set<IPAddress>](repeating: [], count: slots.count)
        var flows = [Int](repeating: 0, count: slots.count)
        for f in flowTable.flows {
            var here: Set<Int> = []
            for m in f.members where m.host == Int32(h) { if let i = index[m.member] { here.insert(i) } }
            guard let i = here.first else { continue }
            // A flow on two members: traffic crosses between them.
            guard here.count == 1 else { return nil }
            flows[i] += 1
            let e = f.forwardEndpoints
            for a in [e.source, e.destination] where a.groupMAC == nil { addresses[i].insert(a) }
        }
        guard flows.allSatisfy({ $0 > 0 }) else { return nil }
        for i in slots.indices {
            for j in slots.indices where j > i {
                guard addresses[i].isDisjoint(with: addresses[j]),
                      Set(members[slots[i]].seenMACs).isDisjoint(with: members[slots[j]].seenMACs) else { return nil }
            }
        }
        return slots.indices.map { i in
            let listed = addresses[i].sorted { ($0.high, $0.low) < ($1.high, $1.low) }.prefix(4).map(\.description)
            return TeamEvidence.SeparateMember(member: members[slots[i]].name, addresses: Array(listed),
                                               macs: members[slots[i]].seenMACs.count, flows: flows[i])
        }
    }
}
