/// The facts of the side evidence a model may never produce, each as the reason that rules it
/// out; a model's `contradiction` lists the ones that apply to it, in the order they are
/// weighed (../shared/docs/teaming-behaviour.md).
extension TeamEvidence {
    /// Distinct keys from which "everything on one member" rules a balancing mode out.
    public static let spreadKeys = 6

    /// The capture tells the operating system, and it is not `os`: the platform's signals
    /// (`platformVerdict`: a Windows component interface, which settles it; else the EUI-64
    /// link-local address and the initial TTLs, when they agree) point to the other one. The
    /// first signal pointing there is the reason.
    public func otherOS(than os: OperatingSystem) -> TeamVerdict.Reason? {
        let p = platformVerdict
        guard let known = p.os, known != os else { return nil }
        return p.evidence.first { $0.os == known }?.reason
    }

    /// One address answered ARP with several MACs: balance-alb's receive balancing (bond_alb.c
    /// tells each peer a member's MAC). balance-tlb answers with the bond's MAC; a Windows team
    /// sends ARP for an address from one member.
    public var arpBalanced: TeamVerdict.Reason? {
        arpBalancing.map { .arpBalancing(address: $0.address, macs: $0.macs) }
    }

    /// A member rewrote the source MAC to its own.
    public var sourceMACRewritten: TeamVerdict.Reason? {
        guard case .rewritten(let rewrites) = macs, let r = rewrites.first else { return nil }
        return .rewrite(member: r.member, mac: r.mac)
    }

    /// Most long flows were striped over members.
    public var flowsStriped: TeamVerdict.Reason? {
        moves.striped >= 2 && moves.striped * 2 > moves.longFlows ? .striping(flows: moves.striped) : nil
    }

    /// Several long flows and none striped.
    public var flowsNotStriped: TeamVerdict.Reason? {
        moves.longFlows >= 2 && moves.striped == 0 ? .noStriping(longFlows: moves.longFlows) : nil
    }

    /// The host sent LACPDUs.
    public var lacpSent: TeamVerdict.Reason? { lacp.sentOn.isEmpty ? nil : .lacpSeen }

    /// Several members sent with the same MACs.
    public var macsShared: TeamVerdict.Reason? { sharesMACs ? .noRewrite : nil }

    /// How inbound reached the members when a switch chose it: nil when the members are wired
    /// back to back to a peer team (the inbound is the peer's transmit choice) or unknown.
    public var switchedReceive: Receive? { backToBack == nil ? receive : nil }

    /// Inbound on several members, with a rewrite: switch-independent Address Hash receives
    /// everything on the primary (ARP and NS leave there only).
    public var receivedBesidePrimary: TeamVerdict.Reason? {
        guard rewrites else { return nil }
        switch switchedReceive {
        case .spread(let n)?, .perLocalAddress(let n)?, .perPeer(let n)?: return .receiveSpread(members: n)
        case .oneMember?, nil: return nil
        }
    }

    /// vPorts pinned: each of at least three source MACs on one member and each address
    /// received on its member, without LACP.
    public var vPortsPinned: TeamVerdict.Reason? {
        guard case .pinnedPerMAC(let n) = macs, n >= 3, case .perLocalAddress? = switchedReceive, lacp.sentOn.isEmpty else { return nil }
        return .vPortsPinned(macs: n)
    }

    /// Everything left on one member while everything the host received arrived on another:
    /// an active-backup bond delivers only what its active member receives (bond_main.c's
    /// bond_should_deliver_exact_match drops the inactive members' frames), so a host whose
    /// flows went on while it heard them only on another member than it sends on has no single
    /// active member.
    public var receivedOffTheSender: TeamVerdict.Reason? {
        guard case .oneMember(let sender) = macs, case .oneMember(let receiver)? = receive, sender != receiver else { return nil }
        return .receivedElsewhere(sent: sender, received: receiver)
    }

    /// Everything left on one member although the flows had `keys` distinct keys.
    public func allOnOneMember(keys: Int) -> TeamVerdict.Reason? {
        guard case .oneMember(let member) = macs, keys >= Self.spreadKeys else { return nil }
        return .allOnOne(member: member, keys: keys)
    }

    /// The switch's part from how inbound arrived, for a Windows mode without LACPDUs or a
    /// rewrite: spread per flow or per peer is a switch hashing (static); inbound on one member
    /// or per vPort is switch-independent for the modes that pin (`pinsPerVPort`), else told
    /// only by shared MACs.
    public func switchPartFromReceive(pinsPerVPort: Bool) -> SwitchPart {
        switch receive {
        case .spread?, .perPeer?: return .static
        case .oneMember?, .perLocalAddress?: return pinsPerVPort ? .independent : (sharesMACs ? .static : .unknown)
        case nil: return sharesMACs ? .static : .unknown
        }
    }
}
