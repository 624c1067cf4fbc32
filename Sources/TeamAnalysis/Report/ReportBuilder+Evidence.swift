import FlowTracking
import PacketWire
import TeamingModels

extension ReportBuilder {
    /// The side evidence of host `h` for `VerdictJudge`: how its members used source MACs in
    /// the flows it sent (`samples`), how inbound reached them (`receive`, from `inbound(_:)`),
    /// when flows moved, the LACPDUs, and what the capture's interfaces say of the platform.
    /// `slots` are the host's members in the inference's order.
    func teamEvidence(_ h: Int, slots: [Int], samples: [FlowSample], receive: TeamEvidence.Receive?) -> (TeamEvidence, originals: [UInt64: UInt64]) {
        let names = slots.map { members[$0].name }
        var e = TeamEvidence(members: names)
        let use = macUse(slots: slots, samples: samples)
        e.macs = use.use
        e.receive = receive
        e.backToBack = wires(h)
        e.underBondMaster = members.contains { $0.host == h && $0.isAggregate }
        for s in samples {
            if s.packets >= 8 {
                e.moves.longFlows += 1
                if s.striped { e.moves.striped += 1 }
            }
            guard !s.striped else { continue }
            for gap in s.moveGaps {
                if gap >= DynamicModel.flowletGap {
                    e.moves.afterIdle += 1
                    e.moves.shortestIdleNs = min(e.moves.shortestIdleNs ?? gap, gap)
                } else {
                    e.moves.whileBusy += 1
                }
            }
        }
        for slot in slots {
            let link = members[slot].lacp
            if link.local != nil { e.lacp.sentOn.append(members[slot].name) }
            if link.peer != nil { e.lacp.receivedOn.append(members[slot].name) }
            if link.local?.state.isDistributing == true { e.lacp.distributing.append(members[slot].name) }
        }
        let hostSlots = members.indices.filter { members[$0].host == h }
        let first = hostSlots.map { members[$0].first }.min() ?? 0, last = hostSlots.map { members[$0].last }.max() ?? 0
        e.spanNs = last > first ? last - first : 0
        e.platform = platform(Set(hostSlots))
        for slot in slots {
            e.sentTTL64 += members[slot].sentTTL64
            e.sentTTL128 += members[slot].sentTTL128
        }
        var answered: [UInt32: Set<UInt64>] = [:]
        for slot in slots { for r in members[slot].arpReplies { answered[r.address, default: []].insert(r.mac) } }
        if let (address, macs) = answered.filter({ $0.value.count >= 2 }).min(by: { $0.key < $1.key }) {
            e.arpBalancing = .init(address: IPAddress(ipv4: address).description, macs: macs.sorted().map { MACAddress(rawValue: $0).description })
        }
        e.eui64LinkLocal = samples.first { Self.isEUI64LinkLocal($0.source, mac: $0.teamSourceMAC ?? $0.sourceMAC) && $0.frame.known.contains(.sourceMAC) }?.source.description
        return (e, use.originals)
    }

    /// Whether `address` is fe80::/64 with `mac`'s modified EUI-64 as interface identifier
    /// (RFC 4291 appendix A: the universal/local bit inverted, ff:fe in the middle).
    static func isEUI64LinkLocal(_ address: IPAddress, mac: UInt64) -> Bool {
        guard address.isIPv6, address.high == 0xFE80_0000_0000_0000, mac != 0 else { return false }
        let top = ((mac >> 24) ^ 0x02_0000) & 0xFF_FFFF, bottom = mac & 0xFF_FFFF
        return address.low == (top << 40 | 0xFF_FE << 24 | bottom)
    }

    /// How the members used source MACs: an address sent with a member's own MAC on one member
    /// and another MAC on another is a rewrite. The MAC kept is the one peers address the host
    /// by (the unicast destination MACs it received), when it received any. Also each rewritten
    /// MAC's original.
    func macUse(slots: [Int], samples: [FlowSample]) -> (use: TeamEvidence.MACUse, originals: [UInt64: UInt64]) {
        var owners: [UInt64: Set<Int>] = [:]
        for (i, slot) in slots.enumerated() { for mac in members[slot].sentSourceMACs { owners[mac, default: []].insert(i) } }
        for s in samples where s.frame.known.contains(.sourceMAC) { owners[s.sourceMAC, default: []].insert(s.firstMember) }
        guard !owners.isEmpty else { return (.unknown, [:]) }
        let addressed = Set(slots.flatMap { members[$0].receivedDestinationMACs })
        var byAddress: [IPAddress: [UInt64: Set<Int>]] = [:]
        for s in samples where s.frame.known.contains(.sourceMAC) && s.sourceMAC != 0 {
            byAddress[s.source, default: [:]][s.sourceMAC, default: []].insert(s.firstMember)
        }
        var rewrites: [TeamEvidence.Rewrite] = []
        var originals: [UInt64: UInt64] = [:]
        for (address, macs) in byAddress.sorted(by: { $0.key.description < $1.key.description }) where macs.count >= 2 {
            // The team's MAC for this address: one its peers send to, else any other.
            let kept = macs.keys.filter { addressed.contains($0) }
            for (mac, ms) in macs.sorted(by: { $0.key < $1.key }) where !kept.contains(mac) || kept.count == macs.count {
                guard let owner = owners[mac], owner.count == 1, let m = owner.first, ms == owner else { continue }
                let others = macs.filter { $0.key != mac && !$0.value.contains(m) }.keys.sorted()
                guard let original = others.first(where: { kept.contains($0) }) ?? others.first else { continue }
                originals[mac] = original
                guard !rewrites.contains(where: { $0.member == slotName(slots, m) }) else { continue }
                rewrites.append(.init(member: slotName(slots, m), mac: MACAddress(rawValue: mac).description,
                                      address: address.description, original: MACAddress(rawValue: original).description))
            }
        }
        if !rewrites.isEmpty { return (.rewritten(rewrites.sorted { NaturalOrder($0.member) < NaturalOrder($1.member) }), originals) }
        let sending = Set(owners.values.flatMap { $0 })
        if sending.count == 1, let only = sending.first { return (.oneMember(slotName(slots, only)), [:]) }
        let shared = owners.filter { $0.value.count >= 2 }.keys.sorted().map { MACAddress(rawValue: $0).description }
        return (shared.isEmpty ? .pinnedPerMAC(macs: owners.count) : .shared(macs: shared), [:])
    }

    private func slotName(_ slots: [Int], _ index: Int) -> String { members[slots[index]].name }

    /// How host `h`'s inbound reached its members: on one; on several with each of the host's
    /// addresses on one (vPorts); with each peer on one; or spread. Also the coarser pattern the
    /// balance-tlb/alb models read. Nil when the host received nothing it could place.
    func inbound(_ h: Int) -> (pattern: ReceivePattern?, evidence: TeamEvidence.Receive?) {
        // Only when the host's direction is known: otherwise "received" would mean "not sent".
        guard members.contains(where: { $0.host == h && !$0.isAggregate && $0.received.packets > 0 }) else { return (nil, nil) }
        var peerMembers: [IPAddress: Set<Int32>] = [:], localMembers: [IPAddress: Set<Int32>] = [:]
        struct Pair: Hashable { var peer: IPAddress; var local: IPAddress }
        var pairMembers: [Pair: Set<Int32>] = [:]
        var used: Set<Int32> = []
        for f in flowTable.flows {
            let here = f.members.filter { $0.host == Int32(h) }
            for forward in [true, false] {
                let received = here.filter { $0.receivedBytes(forward: forward) > 0 }
                guard !received.isEmpty else { continue }
                // The sender of this direction is the remote peer; its destination is ours. Frames
                // to a group address are flooded to every member by a switch: they say nothing of
                // where the host's own traffic arrives.
                let ends = f.forwardEndpoints
                let peer = forward ? ends.source : ends.destination
                let local = forward ? ends.destination : ends.source
                guard local.groupMAC == nil else { continue }
                for m in received {
                    peerMembers[peer, default: []].insert(m.member)
                    localMembers[local, default: []].insert(m.member)
                    pairMembers[Pair(peer: peer, local: local), default: []].insert(m.member)
                    used.insert(m.member)
                }
            }
        }
        guard !used.isEmpty else { return (nil, nil) }
        if used.count == 1, let only = used.first { return (.oneMember, .oneMember(members[Int(only)].name)) }
        let perPeer = peerMembers.values.allSatisfy { $0.count == 1 }
        if localMembers.values.allSatisfy({ $0.count == 1 }) { return (perPeer ? .perPeer : .spread, .perLocalAddress(members: used.count)) }
        if perPeer { return (.perPeer, .perPeer(members: used.count)) }
        // balance-alb's receive balancing as the kernel does it: a peer learns, per address of
        // the host, one member's own MAC from its ARP reply, so each peer-to-address pair arrives
        // on one member, each member at MACs of its own (bond_alb.c's rlb; in ../shared/bondvm a
        // peer reached 192.0.2.1 on one member and 192.0.2.13 on the other). A switch hashing
        // inbound delivers the team's one MAC on every member.
        func disjoint(_ sets: [Set<UInt64>]) -> Bool {
            sets.allSatisfy { !$0.isEmpty } && sets.indices.allSatisfy { i in sets.indices.allSatisfy { j in i == j || sets[i].isDisjoint(with: sets[j]) } }
        }
        // (A cooked header has no destination: it reads as MAC 0.)
        let destinations = used.map { Set(members[Int($0)].receivedDestinationMACs).subtracting([0]) }
        // Linux SLL/SLL2 (`tcpdump -i any`) keeps only the sender's address: what a member
        // received it accepted as PACKET_HOST, addressed to its own MAC — each member's own when
        // each sends with MACs no teammate uses.
        let sll = used.allSatisfy { members[Int($0)].sources[DirectionSource.sllPacketType.rawValue] > 0 }
        let ownMACs = destinations.allSatisfy(\.isEmpty) && sll
            ? disjoint(used.map { Set(members[Int($0)].sentSourceMACs) })
            : disjoint(destinations)
        // rlb moves a peer to another member now and then (a rebalance, a new client): a few
        // pairs seen on two members are its moves, not a switch's hashing.
        let split = pairMembers.values.filter { $0.count > 1 }.count
        if ownMACs && split * 5 <= pairMembers.count { return (.perPeer, .perPeer(members: used.count)) }
        return (.spread, .spread(members: used.count))
    }

    /// The wires of host `h`'s members when they are back to back to another captured host's:
    /// every flow direction that one member of the peer sent and one member of `h` received
    /// pairs them, and the pairs are one to one. Nil otherwise (a switch between them forwards
    /// what several peer members sent to one member).
    func wires(_ h: Int) -> [TeamEvidence.Wire]? {
        guard plans.count >= 2 else { return nil }
        var peerOf: [Int32: Set<Int32>] = [:], memberOf: [Int32: Set<Int32>] = [:]
        for f in flowTable.flows {
            for forward in [true, false] {
                let into = f.members.filter { $0.host == Int32(h) && $0.receivedBytes(forward: forward) > 0 }
                let out = f.members.filter { $0.host != Int32(h) && $0.sentBytes(forward: forward) > 0 }
                guard into.count == 1, out.count == 1, (forward ? f.forwardEndpoints.destination : f.forwardEndpoints.source).groupMAC == nil else { continue }
                peerOf[into[0].member, default: []].insert(out[0].member)
                memberOf[out[0].member, default: []].insert(into[0].member)
            }
        }
        guard peerOf.count >= 2, peerOf.values.allSatisfy({ $0.count == 1 }), memberOf.values.allSatisfy({ $0.count == 1 }) else { return nil }
        return peerOf.map { TeamEvidence.Wire(member: members[Int($0.key)].name, peer: "\(members[Int($0.value.first!)].hostName)/\(members[Int($0.value.first!)].name)") }
            .sorted { NaturalOrder($0.member) < NaturalOrder($1.member) }
    }

    /// What the interfaces of the host's captures say of the platform: an LBFO team adapter, or
    /// a Hyper-V host vNIC without one.
    func platform(_ slots: Set<Int>) -> TeamEvidence.Platform? {
        var hyperV: String?
        for s in result.inputs {
            for (j, iface) in s.interfaces.enumerated() where j < s.slots.count && slots.contains(Int(s.slots[j])) {
                let text = (iface.description ?? "").lowercased()
                if text.contains("multiplexor driver") { return .lbfoTeamAdapter(interface: iface.name ?? "interface \(j)") }
                if text.contains("hyper-v virtual ethernet adapter"), hyperV == nil { hyperV = iface.name ?? "interface \(j)" }
            }
        }
        return hyperV.map { .hyperVSwitchOnly(interface: $0) }
    }
}
