import FlowTracking
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension ReportBuilder {
    /// The RDMA flows (largest first, ties by start and key) and each host's summary; nil when
    /// no RoCEv2 datagram was seen, so reports of other captures are unchanged.
    func buildRDMASection() -> (flows: [RDMAFlowReport], hosts: [RDMAHostSummary])? {
        let table = result.flows.rdma
        guard !table.flows.isEmpty else { return nil }
        var flows = table.flows.map(rdmaFlowReport)
        flows.sort { ($0.bytes, $1.firstNs, $1.host, $1.src, $1.dst, $1.destQp) > ($1.bytes, $0.firstNs, $0.host, $0.src, $0.dst, $0.destQp) }
        var hosts: [RDMAHostSummary] = []
        for plan in plans {
            let mine = flows.filter { $0.host == plan.name }
            guard !mine.isEmpty else { continue }
            let bytes = mine.map(\.bytes).reduce(0, +)
            var byPort: [Int: Int] = [:]
            for f in mine { byPort[f.udpSrcPort, default: 0] += f.bytes }
            var entropy = 0.0
            for b in byPort.values where b > 0 && bytes > 0 {
                let p = Double(b) / Double(bytes)
                entropy -= p * log2(p)
            }
            var memberBytes: [String: Int] = [:]
            for f in mine { for m in f.members { memberBytes[m.member, default: 0] += m.bytes } }
            hosts.append(RDMAHostSummary(
                host: plan.name, flows: mine.count, packets: mine.map(\.packets).reduce(0, +), bytes: bytes,
                udpSourcePorts: Set(mine.flatMap { $0.udpSrcPorts ?? [$0.udpSrcPort] }).count,
                udpSourcePortEntropyBits: Self.round6(entropy),
                memberShares: memberBytes.filter { $0.value > 0 }.mapValues { bytes > 0 ? Self.round6(Double($0) / Double(bytes)) : 0 },
                pinnedFlows: mine.filter(\.pinned).count, psnGaps: mine.map(\.psnGaps).reduce(0, +),
                resent: mine.map(\.resent).reduce(0, +), naks: mine.map(\.naks).reduce(0, +)))
        }
        return (flows, hosts)
    }

    func rdmaFlowReport(_ f: RDMAFlowRecord) -> RDMAFlowReport {
        let members = f.members.sorted { ($0.bytes, $1.member) > ($1.bytes, $0.member) }.map { m in
            RDMAMemberShare(member: self.members[Int(m.member)].name, packets: m.packets, bytes: m.bytes,
                            share: f.bytes > 0 ? Self.round6(Double(m.bytes) / Double(f.bytes)) : 0)
        }
        let busiest = f.members.map(\.bytes).max() ?? 0
        return RDMAFlowReport(
            host: plans[Int(f.key.host)].name, src: f.key.source.description, dst: f.key.destination.description,
            destQp: Int(f.key.destinationQP), udpSrcPort: Int(f.sourcePort),
            udpSrcPorts: f.sourcePorts.count > 1 ? f.sourcePorts.map(Int.init).sorted() : nil,
            members: members, pinned: f.bytes > 0 && Double(busiest) >= options.pinnedThreshold * Double(f.bytes),
            moves: f.moves.moves.count, packets: f.packets, bytes: f.bytes,
            psnGaps: f.sequence.gaps, resent: f.sequence.resent, naks: f.naks,
            rnrNaks: f.receiverNotReady > 0 ? f.receiverNotReady : nil,
            congestionNotifications: f.congestionNotifications > 0 ? f.congestionNotifications : nil,
            firstNs: f.first, lastNs: f.last)
    }
}
