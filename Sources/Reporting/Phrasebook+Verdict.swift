import Foundation
import TeamAnalysis
import TeamingModels

/// The team verdict in words (`hosts[].verdict`): its summary, each piece of evidence, each
/// model ruled out with its reason, and what would decide what is left open.
extension Phrasebook {
    /// `live`: a `teamscope capture` report, whose advice names what `capture` takes.
    public static func verdict(_ v: TeamVerdict, live: Bool = false) -> VerdictReport {
        VerdictReport(family: v.family?.rawValue, switch: v.switchPart.rawValue, model: v.model?.rawValue, confidence: v.confidence,
                      evidence: v.evidence.map(evidence), ruledOut: v.ruledOut.map { .init(model: $0.model.rawValue, reason: reason($0.reason, $0.model), by: $0.reason.isFit ? "fit" : "evidence") },
                      cannotTellApart: v.tiedModels.map(\.rawValue), familiesTied: v.tiedFamilies.map(\.rawValue),
                      wouldDecide: v.wouldDecide.map { decider($0, live: live) }, summary: verdictSummary(v),
                      platform: PlatformReport(os: v.platform.os?.rawValue ?? "unknown", evidence: v.platform.evidence.map(platformSignal)))
    }

    /// One tell of the host's operating system.
    static func platformSignal(_ s: PlatformSignal) -> String {
        switch s {
        case .componentInterface(let p): return evidence(.platform(p))
        case .eui64LinkLocal(let address): return evidence(.eui64LinkLocal(address: address))
        case .initialTTL(let value, let packets): return evidence(.initialTTL(value: value, packets: packets))
        }
    }

    /// "initial TTL 128 (Windows)".
    static func initialTTL(_ value: Int) -> String {
        "initial TTL / hop limit \(value)" + (value == 64 ? " (Linux's default)" : value == 128 ? " (Windows' default)" : "")
    }

    /// "linux/802.3ad, switch lacp, linux/layer3+4 (member order vethA0, vethA1); confidence high".
    public static func verdictSummary(_ v: TeamVerdict) -> String {
        if let noTeam = noTeam(v) { return "\(noTeam); confidence \(v.confidence.rawValue)" }
        guard let family = v.family else {
            return "no team mode fits: the evidence rules out every model (best fit \(v.model?.rawValue ?? "none")); confidence low"
        }
        var text = "\(family.rawValue), switch \(v.switchPart.rawValue)"
        if let m = v.model { text += ", \(m.rawValue)" }
        for case .exactHash(_, _, _, let order?, _, _) in v.evidence { text += " (member order \(order.joined(separator: ", ")))" }
        text += "; confidence \(v.confidence.rawValue)"
        if !v.tiedFamilies.isEmpty { text += "; or \(v.tiedFamilies.map(\.rawValue).joined(separator: ", "))" }
        if !v.tiedModels.isEmpty { text += "; cannot tell apart from \(v.tiedModels.map(\.rawValue).joined(separator: ", "))" }
        return text
    }

    /// Why there is no team to judge, when the verdict found none: one member captured, or
    /// interfaces that share nothing. The verdict's summary and the report's summary both say it.
    static func noTeam(_ v: TeamVerdict) -> String? {
        for e in v.evidence {
            switch e {
            case .oneMemberCaptured(let m): return "only one member captured (\(m)): no spreading over members to judge, and no team mode"
            case .separateInterfaces: return "these interfaces do not behave as one team: they share no MAC, no address and no flow"
            default: continue
            }
        }
        return nil
    }

    /// The ruled-out models as lines: those ruled out by the same evidence together, those the
    /// fit ruled out in one line. For the text and Markdown reports.
    public static func ruledOutLines(_ v: VerdictReport) -> [String] {
        var byReason: [(reason: String, models: [String])] = []
        for r in v.ruledOut where r.by == "evidence" {
            if let i = byReason.firstIndex(where: { $0.reason == r.reason }) { byReason[i].models.append(r.model) } else { byReason.append((r.reason, [r.model])) }
        }
        var lines = byReason.map { "ruled out \($0.models.joined(separator: ", ")): \($0.reason)" }
        let fit = v.ruledOut.filter { $0.by == "fit" }
        if !fit.isEmpty { lines.append("ruled out by the fit: " + fit.map { "\($0.model) (\($0.reason))" }.joined(separator: "; ")) }
        return lines
    }

    static func members(_ names: [String]) -> String { names.isEmpty ? "no member" : names.joined(separator: ", ") }

    /// A chance in words: "12.5%", or "1 in 10^18" when tiny.
    static func chance(_ c: Double) -> String {
        if c >= 0.001 { return percent(c) }
        guard c > 0 else { return "0" }
        return "less than 1 in 10^\(Int((-Foundation.log10(c)).rounded(.down)))"
    }

    static func evidence(_ e: TeamVerdict.Evidence) -> String {
        switch e {
        case .lacp(let l):
            var text = "LACPDUs: "
            var parts: [String] = []
            if !l.sentOn.isEmpty { parts.append("the host sends them on \(members(l.sentOn))") }
            if !l.receivedOn.isEmpty { parts.append("its partner on \(members(l.receivedOn))") }
            text += parts.joined(separator: ", ")
            text += l.distributing.isEmpty ? "; no port distributing at the end" : "; distributing at the end: \(members(l.distributing))"
            return text
        case .noLACP(let span):
            return "no LACPDU on any member in \(TextFormat.duration(span)) (an 802.3ad port sends one every 1 s or 30 s)"
        case .macs(let use):
            switch use {
            case .unknown: return "no source MAC recorded"
            case .oneMember(let m): return "only \(m) sent anything"
            case .shared(let macs): return "several members send with the same source MAC (\(macs.joined(separator: ", "))): no source-MAC rewrite"
            case .pinnedPerMAC(let n): return "each of \(n) source MAC\(n == 1 ? "" : "s") leaves on one member only and every address keeps its MAC (vPorts pinned to members)"
            case .rewritten(let rs):
                return rs.map { "\($0.member) sends \($0.address)'s frames with \($0.mac), a MAC no teammate uses, where another member uses \($0.original)" }
                    .joined(separator: "; ") + ": the source-MAC rewrite of a switch-independent team"
            }
        case .receive(let r):
            switch r {
            case .oneMember(let m): return "all inbound arrives on \(m)"
            case .perLocalAddress(let n): return "inbound arrives on \(n) members, each of the host's addresses on one member (each vPort receives on its member)"
            case .perPeer(let n): return "inbound arrives on \(n) members, each peer's on one member"
            case .spread(let n): return "inbound arrives spread over \(n) members by flow (the switch or the peer hashes it)"
            }
        case .backToBack(let wires):
            return "each member receives only what one peer member sends (\(wires.map { "\($0.member)↔\($0.peer)" }.joined(separator: ", "))): wired back to back, so the inbound shows the peer's choice, not a switch's"
        case .striping(let flows, let of):
            return "\(flows) of \(of) long flows are striped over the members"
        case .movesAfterIdle(let moves, let shortest):
            return "\(moves) move\(moves == 1 ? "" : "s") of a flow to another member, each after at least \(shortest.map { TextFormat.milliseconds($0) } ?? "?") of quiet (flowlets)"
        case .movesWhileBusy(let moves):
            return "\(moves) move\(moves == 1 ? "" : "s") of a busy flow to another member (a failover or a rebalance)"
        case .noMoves(let flows):
            return "none of \(flows) flows changed member"
        case .exactHash(let model, let consistent, let total, let order, let keys, let c):
            return "\(model.rawValue) predicts the member of \(consistent) of \(total) flows" + (order.map { " with member order \($0.joined(separator: ", "))" } ?? "")
                + " (\(keys) distinct hash key\(keys == 1 ? "" : "s"); a wrong hash fits that by luck \(chance(c)))"
        case .consistent(let model, let consistent, let total):
            return "\(model.rawValue) holds for \(consistent) of \(total) flows"
        case .eui64LinkLocal(let address):
            return "the host sends from \(address), its MAC's EUI-64: the Linux kernel's default link-local address (Windows randomises the interface identifier)"
        case .arpBalancing(let address, let macs):
            return "the host answers ARP for \(address) with \(macs.joined(separator: " and ")): balance-alb's receive balancing (each peer told another member's MAC)"
        case .initialTTL(let value, let packets):
            return "the host sends \(packets) IP packet\(packets == 1 ? "" : "s") with \(initialTTL(value)), as captured on its own members"
        case .directionHypotheses(let count, let agree):
            return agree
                ? "which frames are the host's was not decided, and the team was judged with each of the \(count) candidates as the host's: every judgement gives this family, switch part and model (see the direction's hypotheses)"
                : "which frames are the host's was not decided: the team was judged with each of the \(count) candidates as the host's, and the judgements differ (see the direction's hypotheses); this one is the surest"
        case .oneMemberCaptured(let m):
            return "only \(m) was captured: a team spreads traffic over several members, and one member shows none of it"
        case .separateInterfaces(let ms):
            return ms.map { m in
                "\(m.member) carries \(m.flows) flow\(m.flows == 1 ? "" : "s") between \(m.addresses.joined(separator: ", "))\(m.addresses.count >= 4 ? ", …" : "") with \(m.macs) MAC\(m.macs == 1 ? "" : "s")"
            }.joined(separator: "; ") + ": no MAC, address or flow appears on two of them, and no traffic crosses between them"
        case .platform(.lbfoTeamAdapter(let i)):
            return "the capture's interface \(i) is an LBFO team adapter (Microsoft Network Adapter Multiplexor Driver): Windows NIC Teaming"
        case .platform(.hyperVSwitchOnly(let i)):
            return "the capture's interface \(i) is a Hyper-V host vNIC and no LBFO team adapter was captured: the virtual switch teams the NICs itself (Switch Embedded Teaming)"
        }
    }

    static func reason(_ r: TeamVerdict.Reason, _ model: ModelName) -> String {
        switch r {
        case .rewrite(let member, let mac):
            return model == .windowsHyperVPort
                ? "\(member) sends with its own source MAC \(mac); Hyper-V Port never rewrites the source MAC"
                : "\(member) sends with its own source MAC \(mac), which no 802.3ad, balance-xor, balance-rr or active-backup bond does (they send every frame with the bond's MAC)"
        case .noRewrite:
            return "several members send with the same source MAC; this mode's non-active members send with their own"
        case .lacpSeen:
            return "the host exchanges LACPDUs; this mode runs no LACP"
        case .receiveSpread(let n):
            return "inbound arrives on \(n) members; this mode receives on one (the active or primary member)"
        case .receiveNotPerPeer:
            return "a peer's inbound arrives split over members; balance-alb balances receive per peer"
        case .striping(let flows):
            return "\(flows) flows are striped over the members; this mode keeps each flow on one"
        case .noStriping(let long):
            return "none of \(long) long flows is striped; round robin stripes every one"
        case .eui64LinkLocal(let address):
            return "the host sends from \(address), its MAC's EUI-64, which Windows does not make unless its randomised identifiers are turned off"
        case .arpBalancing(let address, let macs):
            return model == .linuxBalanceTLB
                ? "the host answers ARP for \(address) with \(macs.joined(separator: " and ")): receive balancing, which balance-tlb does not do (it answers with the bond's MAC)"
                : "the host answers ARP for \(address) with \(macs.joined(separator: " and ")); a Windows team answers for an address from one member with one MAC"
        case .windowsAdapter(let i):
            return "the capture's interface \(i) is a Windows team adapter: not a Linux bond"
        case .initialTTL(let value, let packets):
            return "the host sends \(packets) IP packet\(packets == 1 ? "" : "s") with \(initialTTL(value)) and nothing in the capture says otherwise: not a \(value == 128 ? "Linux bond" : "Windows team")"
        case .explainsLess(let consistent, let total):
            return "explains \(consistent) of \(total) flows"
        case .exactHashFits(let best, let c):
            return "consistent, but \(best.rawValue) predicts every flow's member exactly (a wrong hash fits by luck \(chance(c))); this rule predicts no member, and an unpublished hash would not match the kernel's"
        case .vPortsPinned(let n):
            return model.linuxHashPolicy != nil
                ? "each of \(n) source MACs leaves on one member and each address receives on it: vPorts pinned (Hyper-V Port), which this hash matches only by luck"
                : "each of \(n) source MACs leaves on one member and each address receives on it: vPorts pinned (Hyper-V Port); Address Hash rewrites and receives on the primary when switch-independent, and lets the switch spread inbound when not"
        case .allOnOne(let member, let keys):
            return "every flow left on \(member) although they had \(keys) distinct keys for this mode: it would have spread them"
        case .receivedElsewhere(let sent, let received):
            return "everything left on \(sent) and everything arrived on \(received); active-backup sends and receives on its one active member (it drops what the others receive)"
        }
    }

    static func decider(_ d: TeamVerdict.Decider, live: Bool = false) -> String {
        switch d {
        case .moreFlows(let c):
            // The chance that a wrong model fits by luck; near certainty is said as too few flows.
            return c >= 0.5 ? "more flows with distinct addresses and ports (too few to tell: any model would fit them)"
                            : "more flows with distinct addresses and ports (a wrong hash would fit today's by luck \(chance(c)) of the time)"
        case .inbound:
            return live ? "the host's inbound too (capture the peer host as well and analyze both -w files together)"
                        : "the host's inbound too (capture both hosts, or give --local-mac)"
        case .longerCapture: return "a capture of at least 30 s (a slow-rate LACP port sends one LACPDU every 30 s)"
        case .teamAdapter: return "a pktmon capture with the team adapter (LBFO shows \"Microsoft Network Adapter Multiplexor Driver\"; a SET switch does not)"
        case .bondConfiguration: return "the team's configuration (/proc/net/bonding/BOND, teamscope capture --bond, or Get-NetLbfoTeam / Get-VMSwitchTeam)"
        case .failover: return "a failover: set the carrying member down and see where its flows go"
        case .encapsulatedTraffic: return "tunnelled traffic (VXLAN, GRE, IP-in-IP): only it tells encap2+3/encap3+4 from layer2+3/layer3+4"
        case .arpReplies: return "the host's ARP replies, or a switch between the hosts: balance-alb answers ARP with a member's own MAC to spread what it receives over its members, balance-tlb always with the bond's and receives on the active member"
        case .localMAC: return live ? "which frames the host sent (capture with --with-master, or analyze the -w file with --local-mac)" : "which frames the host sent: give --local-mac HOST=MAC (or --local-ip), or add the other end's captures"
        case .everyMember: return "a capture of every member of the team, each on its own interface or all with tcpdump -i any"
        case .flowletPauses: return "busy flows that pause for a few milliseconds: Dynamic moves a flow at such a flowlet boundary, Address Hash never moves it"
        }
    }
}
