import TeamAnalysis
import TeamingModels

/// Where the report's facts become sentences. Every renderer words a report through here
/// first, so the text, the JSON and anything later say the same thing the same way.
public enum Phrasebook {
    /// The report paired with its sentences, written here from its facts: what every renderer
    /// reads, and what the JSON encodes.
    public static func worded(_ report: AnalysisReport) -> ReportDocument { ReportDocument(report) }

    /// The progress line of a long read: "reading 1.2 GiB of 3.4 GiB (35 %), 2.1M packets/s,
    /// about 12 s left" (without the total and what is left when the inputs' size is unknown).
    public static func progress(_ p: AnalysisProgress, elapsedNs: Int64) -> String {
        let seconds = max(Double(elapsedNs) / 1e9, 0.001)
        let rate = Double(p.packets) / seconds
        let rateText = rate >= 1e6 ? String(format: "%.1fM", rate / 1e6) : rate >= 1e3 ? String(format: "%.0fk", rate / 1e3) : String(format: "%.0f", rate)
        var text = "reading \(TextFormat.bytes(p.bytesRead))"
        if let total = p.bytesTotal, let f = p.fraction {
            text += " of \(TextFormat.bytes(total)) (\(Int(f * 100)) %)"
            text += ", \(rateText) packets/s"
            if f > 0.001 {
                let left = seconds * (1 - f) / f
                text += ", about \(left >= 90 ? "\(Int((left / 60).rounded())) min" : "\(Int(left.rounded(.up))) s") left"
            }
        } else {
            text += ", \(TextFormat.count(p.packets)) packets, \(rateText) packets/s"
        }
        return text
    }

    /// A live capture's bond and the traffic's fit to it: "bond0: 802.3ad, xmit_hash_policy
    /// layer3+4, members vethA0, vethA1; the traffic is consistent with linux/layer3+4: 100.0% of
    /// 33 flows".
    public static func bondLine(_ b: BondReport) -> String {
        var text = "\(b.name): \(b.mode)" + (b.xmitHashPolicy.map { ", xmit_hash_policy \($0)" } ?? "")
        text += ", members \(b.members.isEmpty ? "none" : b.members.joined(separator: ", "))" + (b.active.map { " (active \($0))" } ?? "")
        if let id = b.aggregator, let ms = b.aggregatorMembers {
            text += ms == b.members ? ", all in aggregator \(id)" : ", aggregator \(id) holds \(ms.isEmpty ? "none of them" : ms.joined(separator: ", "))"
        }
        guard let model = b.model else { return text + "; no traffic model to check (broadcast)" }
        guard let total = b.flowsTotal, let consistent = b.flowsConsistent, total > 0 else {
            return text + "; the traffic could not be checked against \(model) (no flow this host sent was judged)"
        }
        let share = percent(Double(consistent) / Double(total))
        return text + (consistent == total
            ? "; the traffic is consistent with \(model): \(share) of \(total) flow\(total == 1 ? "" : "s")"
            : "; the traffic is not all consistent with \(model): \(consistent) of \(total) flows (\(share)) — see the teaming model line")
    }

    /// One member's LACP: "4 LACPDUs; actor 02:00:00:00:0a:01 key 13 port 1, partner
    /// 02:00:00:00:0b:01 key 9 port 1; fast rate; distributing since 2026-…; 3 state changes".
    public static func lacpLine(_ l: LACPReport) -> String {
        func side(_ system: String?, _ key: Int?, _ port: Int?) -> String {
            guard let system else { return "not seen" }
            return "\(system) key \(key.map(String.init) ?? "?") port \(port.map(String.init) ?? "?")"
        }
        var text = "\(TextFormat.plural(l.pdus, "LACPDU"))" + (l.markers > 0 ? ", \(TextFormat.plural(l.markers, "marker PDU"))" : "")
        if let ports = l.ports {
            let each = ports.map { "\(side($0.system, $0.key, $0.port)) (partner \(side($0.partnerSystem, $0.partnerKey, $0.partnerPort)))" }
            text += "; the ports, whichever side is the host's: " + each.joined(separator: ", ")
            if l.actorSystem == nil && l.partnerSystem == nil { return text }
        }
        text += "; actor \(side(l.actorSystem, l.actorKey, l.actorPort)), partner \(side(l.partnerSystem, l.partnerKey, l.partnerPort))"
        if let rate = l.rate { text += "; \(rate) rate" }
        if let from = l.distributingFromNs {
            text += "; distributing since \(TextFormat.time(from))" + (l.distributing ? "" : ", not at the end")
        } else {
            text += "; the host's port never said collecting and distributing"
        }
        return text + "; \(TextFormat.plural(l.stateChanges.count, "state change"))"
    }

    /// The one-line answer: was every migration stream pinned to one member?
    public static func migrationAnswer(_ a: MigrationAnswer) -> String {
        let n = a.streams
        if n == 0 { return "every migration stream pinned to one member: no migration stream seen" }
        if a.split == 0 {
            let members = a.byMember.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            return "every migration stream pinned to one member: yes (\(n) stream\(n == 1 ? "" : "s"): \(members))"
        }
        let examples = (a.splitExamples ?? []).prefix(3).map { s in
            let shares = s.shares.sorted { $0.key < $1.key }.map { "\($0.key) \(percent($0.value))" }.joined(separator: ", ")
            return "\(s.src):\(s.srcPort)→\(s.dst):\(s.dstPort) over \(shares)"
        }
        return "every migration stream pinned to one member: no (\(a.split) of \(n) split: \(examples.joined(separator: "; "))\(a.split > 3 ? "; …" : ""))"
    }

    /// The inference in one sentence: the best model, what the data cannot tell apart, and how
    /// many more flows would decide it when the evidence is thin.
    public static func modelVerdict(_ v: ModelVerdict) -> String {
        switch v.notJudged {
        case .directionUnknown?: return "not judged: which packets this host sent is unknown (see its direction), and the models are judged on what it sent"
        case .nothingSent?: return "not judged: this host sent no flow in the captures"
        case .noFlowTracking?: return "not judged: --no-flows skips the flow pass the models are judged on"
        case .oneMember?: return "not judged: only one member was captured, so there is no spreading over members to judge"
        case .notATeam?: return "not judged: these interfaces do not behave as one team (they share no MAC, no address and no flow)"
        case nil: break
        }
        guard let best = v.best else { return "no flow to judge by" }
        let ratio = best.bytesConsistentRatio
        var text = "best fit: \(best.model) (\(best.flowsConsistent) of \(best.flowsTotal) flows, \(percent(ratio)) of bytes)"
        if let order = best.memberOrder {
            text += ", member order \(order.joined(separator: ","))" + (best.orderUnique ? "" : " (another order fits as well)")
        }
        if best.flowsConsistent < best.flowsTotal {
            text += "; \(best.flowsTotal - best.flowsConsistent) flows disagree (sent before the team was up, or during a failover?)"
        }
        if v.tied.count > 1 {
            text += "; the data cannot tell apart \(v.tied.map(\.rawValue).joined(separator: ", "))"
        }
        if v.members > 1, let chance = best.chanceFit, chance > 0.01 {
            let needed = Int((log2(1 / 0.01) / log2(Double(v.members))).rounded(.up))
            text += "; weak evidence: \(best.flowsConsistent) pinned flows over \(v.members) members fit a wrong hash by luck \(percent(chance)) of the time — about \(max(0, needed - best.flowsConsistent)) more flows would decide it"
        }
        return text
    }

    /// log2 as the verdict has always counted it: whole octaves, then linear inside the last
    /// one (enough for a count of flows, and the same figure every time).
    static func log2(_ x: Double) -> Double {
        var v = x, r = 0.0
        while v >= 2 { v /= 2; r += 1 }
        return r + (v - 1)
    }

    /// How inbound reached a host's members, and which receive model that fits.
    /// `switchPart`: the verdict's, so that a team whose switch hashes inbound is not said to
    /// receive as a switch-independent one.
    public static func receiveVerdict(_ v: ReceiveVerdict, switchPart: SwitchPart? = nil) -> String {
        let shares = v.shares.map { "\($0.member) \(percent($0.share))" }.joined(separator: ", ")
        var text: String
        if v.carrying == 1, switchPart == .static || switchPart == .lacp {
            text = "received on 1 of \(v.shares.count) members (\(shares)): the switch (or the peer) sent everything to one member, as a \(switchPart == .lacp ? "LACP" : "static") team's switch does when its hash puts every inbound flow on the same port"
        } else if v.carrying == 1 {
            text = "received on 1 of \(v.shares.count) members (\(shares)): as a switch-independent team receives (Address Hash: on the primary; Hyper-V Port: each vPort's member)"
        } else {
            text = "received on \(v.carrying) of \(v.shares.count) members (\(shares)): the switch spreads inbound (static or LACP team), or several vPorts/peers each on their own member"
        }
        if let rewrite = v.rewrite {
            text += "; the members send with different source MACs (\(rewrite.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.joined(separator: ","))" }.joined(separator: "; "))): the source-MAC rewrite of a switch-independent team's non-primary members, or per-member addresses (balance-tlb/alb)"
        }
        return text
    }

    /// What a model's fit rests on.
    public static func modelNote(_ note: ModelNote) -> String {
        switch note {
        case .exactHash:
            return "exact: the kernel's hash from each flow's first frame"
        case .encapHash:
            return "innermost addresses and ports of IP-in-IP and GRE; VXLAN/Geneve by their outer headers; encap3+4 may use a precomputed skb hash no capture shows"
        case .striping(let minimum, let runs):
            var text = "flows of at least \(minimum) packets must use every member"
            if let runs {
                let median = runs.packetsPerRun
                text += "; striped flows change member every \((median * 10).rounded() / 10) packets (median over \(runs.flows) flow\(runs.flows == 1 ? "" : "s"); packets_per_slave ≈ \(max(1, Int(median.rounded()))))"
            }
            return text
        case .activeMember(let m):
            return "everything leaves on the active member (\(m))"
        case .activeInTurn(let ms):
            return "everything leaves on one active member at a time: \(ms.joined(separator: ", then ")) (a failover moves every flow at once)"
        case .tuplePinned:
            return "each 4-tuple stays on one member (the hash itself is unpublished)"
        case .flowlets(let gap):
            return "each flow on one member between flowlets; moves only after ≥ \(Double(gap) / 1e6) ms of quiet"
        case .ipPairPinned:
            return "each IP pair stays on one member"
        case .macPairPinned:
            return "each MAC pair stays on one member"
        case .sourceMACPinned:
            return "each source MAC (vPort) stays on one member"
        case .adaptive(let alb, let receive):
            let receiveText: String
            switch receive {
            case .oneMember?: receiveText = "this host received on one member"
            case .perPeer?: receiveText = "this host received each peer on one member, the peers on several"
            case .spread?: receiveText = "this host received some peer's traffic on several members"
            case nil: receiveText = "the receive side is unknown"
            }
            let want = alb ? "inbound per peer (ARP balancing)" : "inbound on the active member only"
            return "each member sends with its own MAC, each flow on one member between rebalances (10 s); \(want): \(receiveText)"
        }
    }

    /// One finding about an SMB session.
    public static func smbNote(_ note: SMBNote) -> String {
        switch note {
        case .channels(let n, let bound):
            return "\(n) channel\(n == 1 ? "" : "s")\(bound > 0 ? " (\(bound) bound with SESSION_SETUP's binding flag)" : "")"
        case .multichannelButOneChannel:
            return "multichannel was negotiated but only one channel was seen"
        case .rdmaInterfaces(let list):
            let text = list.map { "index \($0.index) \($0.addresses.joined(separator: ", "))" }.joined(separator: "; ")
            return "the server advertised \(list.count) RDMA-capable interface\(list.count == 1 ? "" : "s") (\(text)): SMB Direct traffic over RDMA bypasses packet capture, so this capture may under-count the session"
        case .oneMember(let host, let member):
            return "\(host): every channel runs over one member (\(member))"
        case .spread(let host, let shares):
            return "\(host): the channels spread over \(shares.count) members (\(shares.map { "\($0.member) \(percent($0.share))" }.joined(separator: ", ")))"
        case .setupFailed(let client, let port, let status, let binding):
            return "SESSION_SETUP on \(client):\(port) failed with status \(status)\(binding ? " (binding refused)" : "")"
        case .encryptedMessages(let n):
            return "\(n) encrypted message\(n == 1 ? "" : "s"): their commands cannot be read, their bytes and channels still count"
        }
    }

    /// Why an interface is an aggregate, not a member.
    public static func aggregate(_ reason: AggregateReason) -> String {
        switch reason {
        case .named: return "named with --aggregate"
        case .describedMaster(let name): return "the host's link list (--links or --bonding) says \(name) is a master of other interfaces"
        case .masterName(let name): return "its name \(name) is a bond/team master's"
        case .lbfoAdapter(let name): return "it is the LBFO team adapter (\(name))"
        case .repeatsMembers(let a, let b): return "it repeats the packets of \(a) and \(b), which do not repeat each other"
        case .stackedAbove(let member):
            return "it sits above \(member): what it sends appears on it first and then on \(member), what \(member) receives appears there first and then on it, as a bond master's packets do"
        }
    }

    /// Why a flow is a migration stream.
    public static func migration(_ m: MigrationReason) -> String {
        switch m {
        case .port(.given, let port): return "--migration-port \(port)"
        case .port(.hyperV, let port): return "Hyper-V live migration (TCP \(port))"
        case .port(.smb, let port): return "SMB (TCP \(port))"
        case .port(.smbDirect, let port): return "SMB Direct over iWARP (TCP \(port))"
        case .port(.vMotion, let port): return "VMware vMotion (TCP \(port))"
        case .port(.vmwareNFC, let port): return "VMware NFC/vMotion (TCP \(port))"
        case .port(.libvirt, let port): return "libvirt/QEMU migration (TCP \(port))"
        case .shareOfBytes(let share): return "carries \(percent(share)) of the capture's bytes"
        }
    }

    /// A share as a percentage with at most one decimal: "49.5%", "50%".
    public static func percent(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 10
        return v == v.rounded() ? "\(Int(v))%" : "\(v)%"
    }

    /// Why a host's direction is what it is, and what to give when it is unknown.
    /// `live`: for `teamscope capture`, which takes no --local-mac or --local-ip: the advice
    /// names what it does take.
    public static func direction(_ basis: DirectionBasis, host: String, live: Bool = false) -> String {
        let give = live ? "capture with --with-master (the bond's copies tell sent from received), or analyze the -w file with --local-mac \(host)=MAC"
                        : "give --local-mac \(host)=MAC"
        switch basis {
        case .everyPacketMarked(let byFlags):
            return byFlags ? "every packet carries its direction in pcapng epb_flags"
                           : "every packet carries its direction in the Linux SLL/SLL2 packet type"
        case .givenMACs:
            return "local MACs given with --local-mac"
        case .kernelDirection:
            return "the kernel said each packet's direction: every member was captured through a handle for what it sent and one for what it received (pcap_setdirection); a -w file carries it in epb_flags"
        case .interfaceMACs(let macs):
            return "frames from the captured interfaces' own MACs (\(macs.joined(separator: ", ")), as the kernel reports them) were sent, the others received"
        case .describedMACs(let macs):
            return "frames from the host's own MACs (\(macs.joined(separator: ", ")), as its link list --links gives them) were sent, the others received"
        case .learnedFromIPs(let macs):
            return "MACs \(macs.joined(separator: ", ")) sent from the --local-ip addresses"
        case .localIPsOnly(let ips):
            return "packets from or to \(ips.joined(separator: ", ")) (--local-ip) are decided by address; no frame from them carried a MAC, so packets neither from nor to them stay unknown"
        case .aggregateCopyOrder(let macs, let aggregates):
            return "frames from \(macs.joined(separator: ", ")) appeared on \(aggregates.joined(separator: ", ")) before the member (the transmit path); the others after it (the receive path)"
        case .crossHostTiming(let macs, let other, let delays, let frames):
            let described = delays.map { "\($0.mac) \(delay($0.nanoseconds))" }
            return "the same frames were captured on \(host) and \(other): those from \(macs.joined(separator: ", ")) reached \(other) later than \(host) saw them (median delay \(other) − \(host): \(described.joined(separator: ", ")); \(frames) frames), so \(host) sent them"
        case .onlyMACOnEveryMember(let mac):
            return "a guess: \(mac) is the only MAC that sends on every member of \(host); to be sure, \(give)"
        case .initialTTL(let mac, let packets, let routed):
            return "\(mac) sends on every member of \(host) with an initial TTL / hop limit (64 or 128; \(packets) packets) and \(routed.joined(separator: ", ")) only with lower ones (peers behind a router): \(mac) is \(host)'s own; to be sure, \(give)"
        case .captureSignals(let macs, let signals):
            return "\(macs.joined(separator: ", ")) \(macs.count == 1 ? "is" : "are") \(host)'s own: " + signals.map { directionSignal($0, host: host) }.joined(separator: "; ") + "; to be sure, \(give)"
        case .hypotheses(let stations, let signals):
            let each = stations.map { $0.joined(separator: "+") }
            return "direction not decided: \(each.joined(separator: " and ")) each send on every member of \(host)"
                + (signals.isEmpty ? " and nothing in the capture says which is \(host)'s own" : ", and what the capture shows does not settle it (" + signals.map { directionSignal($0, host: host) }.joined(separator: "; ") + ")")
                + "; the team was judged with each as \(host)'s (each hypothesis is listed with its verdict; the figures shown take \(each[0]) as \(host)'s); \(live ? give : "give --local-mac \(host)=MAC, capture the bond master beside the members"), or add the peer host's captures"
        case .sharedSegment(let macs):
            return "direction unknown: \(macs.joined(separator: ", ")) all send on every member of \(host) that carried traffic (a shared segment such as veth pairs or a back-to-back link), and nothing in the capture says which is \(host)'s own; \(live ? give : "give --local-mac \(host)=MAC, capture the bond master beside the members"), or add the peer host's captures"
        case .noEvidence:
            return "direction unknown: no MAC sends on every member of \(host) and no other evidence was found; \(live ? give : "give --local-mac \(host)=MAC or --local-ip \(host)=IP")"
        case .noSourceMAC:
            return live ? "no frame with a source MAC was seen; analyze the -w file with --local-ip \(host)=IP" : "no frame with a source MAC was seen; give --local-mac or --local-ip"
        }
    }

    /// One hypothesis of a lone host's direction: "if 02:00:00:00:0a:01 is A's own: linux/802.3ad,
    /// switch lacp, linux/layer3+4, confidence high".
    public static func hypothesis(_ h: DirectionHypothesis, host: String) -> String {
        "if \(h.localMacs.joined(separator: "+")) \(h.localMacs.count == 1 ? "is" : "are") \(host)'s own: "
            + (h.family.map { "\($0.rawValue), switch \(h.switch.rawValue)" + (h.model.map { ", \($0.rawValue)" } ?? "") + ", confidence \(h.confidence.rawValue)" }
               ?? "no team mode fits" + (h.model.map { " (best fit \($0.rawValue))" } ?? ""))
    }

    /// One thing a lone host's captures show about whose frames are whose.
    static func directionSignal(_ s: DirectionSignal, host: String) -> String {
        switch s {
        case .flooded(let macs, let copies):
            return "frames from \(macs.joined(separator: ", ")) reached several members at once (\(copies) copies: a switch or bridge flooding them), so \(macs.count == 1 ? "it is" : "they are") a peer's"
        case .echoed(let copies):
            return "their broadcasts came back on the other members a round trip after they were sent (\(copies) copies; a switch or bridge echoing the host's own frames), while the peer's flooded copies arrived at once"
        case .sharedAddress(let address, let macs):
            return "\(address) sends with \(macs.joined(separator: " and ")), each on its own member (a team giving each member its MAC)"
        case .lacpActor(let system):
            return "the LACPDUs' actor system \(system) sends data on every member; the other side's actor system sends none (a switch)"
        case .checksumsLeftToNIC(let invalid, let checked, let other):
            return "\(invalid) of \(checked) of their frames carry TCP/UDP or IP checksums left to the NIC (captured on the sender before offload), none of \(other) from the others"
        case .initialTTL(let packets):
            return "only they send with an initial TTL / hop limit (64 or 128; \(packets) packets), the others' arrive decremented (routed)"
        case .handshakeTiming(let quick, let slow):
            return "in \(quick) of \(quick + slow) TCP handshakes they answered sooner than the other side (the capturing host's own stack, against a round trip to the peer)"
        case .responseTiming(let ns, let answered, let otherNS, let otherAnswered):
            return "response timing: they answer the other side's TCP segments within \(microseconds(ns)) (the quickest tenth of \(answered) connection directions), the other side no sooner than \(microseconds(otherNS)) (of \(otherAnswered)): the capturing host's own stack, against a round trip to the peer"
        }
    }

    /// A delay in whole microseconds: "36 µs".
    static func microseconds(_ ns: Int64) -> String {
        String(Int((Double(ns) / 1000).rounded())) + " µs"
    }

    /// A signed delay in whole microseconds: "+4 µs".
    static func delay(_ ns: Int64) -> String {
        let us = Double(ns) / 1000
        return (us >= 0 ? "+" : "") + String(Int(us.rounded())) + " µs"
    }

    /// One warning in one sentence.
    public static func warning(_ w: AnalysisWarning, filter: String?) -> String {
        let path = w.path ?? "?"
        switch w.kind {
        case .undecodedLinkType:
            return "\(path): interface \(w.interface ?? 0) (\(w.member ?? "?")) has \(w.linkType ?? "an unknown link type"), which TeamScope does not decode (expected Ethernet, raw IPv4/IPv6, Linux SLL or SLL2); its frames are counted but not decoded"
        case .ambiguousCopies:
            return "host \(w.host ?? "?"): two interfaces repeat each other's packets but neither is known to be the bond/team master; the first copy of each packet is counted (name the master with --aggregate)"
        case .throughputBinsFull:
            return "\(w.host ?? "?")/\(w.member ?? "?"): \(w.packets ?? 0) packets fall in more distinct time bins than TeamScope keeps; they are left out of the throughput series"
        case .filterNotApplicable:
            let n = w.packets ?? 0
            let why = w.reason.map { "filter \"\(filter ?? "")\": \($0)" } ?? "filter \"\(filter ?? "")\" does not apply"
            return "\(path): \(why); \(n) packet\(n == 1 ? "" : "s") on \(w.linkType ?? "?") left out"
        case .flowTableFull:
            return "the flow table is full (\(w.capacity ?? 0) flows): about \(TextFormat.count(w.flows ?? 0)) more flows (\(TextFormat.count(w.packets ?? 0)) packets) are counted per member but not tracked one by one (raise --max-flows to track them)"
        case .emptyInput:
            return "\(path): the file declares no interface and holds no packet"
        case .sllWithoutIndex:
            return "\(path): Linux SLL (v1) records no interface index, so if this is a capture of several interfaces (tcpdump -i any) they count as one member \(w.member ?? ""); capture each member on its own, or write SLL2 (tcpdump -y LINUX_SLL2), which TeamScope splits by member"
        case .unknownAggregate:
            return "--aggregate \(w.member ?? "?"): no interface of the captures is called so (they are: \(w.reason ?? ""))"
        case .memberOrderUnmatched:
            return "--members \(w.member ?? "?"): no host has exactly these members (the hosts' members: \(w.reason ?? "")); every member order was tried instead"
        case .capturedBeyondWire:
            let n = w.packets ?? 0
            return "\(path): \(n) record\(n == 1 ? "" : "s") captured more bytes than the frame had on the wire (the first at byte \(w.offset ?? 0)); counted at the wire length recorded, as TShark does — a damaged or hand-made file"
        case .emptyRecords:
            let n = w.packets ?? 0
            return "\(path): \(n) record\(n == 1 ? "" : "s") captured no byte (the first at byte \(w.offset ?? 0)); counted as packets of the wire length recorded, as TShark does, with nothing to decode"
        case .interfacesUnnamed:
            let indices = w.indices ?? []
            let names = indices.map { "if\($0)" }.joined(separator: ", ")
            let example = indices.first.map { "--ifname \($0)=eth0" } ?? "--ifname N=NAME"
            return "\(path): host \(w.host ?? "?")'s members \(names) are named by their interface index in the Linux SLL2 capture; save the host's links beside the capture (ip -d -j link show > links.json) and give them with --links links.json, or name each with --ifname N=NAME (e.g. \(example), repeatable)"
        case .interfaceNameUnmatched:
            let seen = (w.indices ?? []).map(String.init).joined(separator: ", ")
            return "--ifname \(w.interface ?? 0)=\(w.member ?? "?"): no Linux SLL2 capture of several interfaces carried interface index \(w.interface ?? 0) (\(seen.isEmpty ? "none of the captures is one" : "indices seen: \(seen)")); the name was not used"
        case .linkSpeedUnmatched:
            return "--link-speed \(w.member ?? "?"): no member of the captures is called so (they are: \(w.reason ?? "")); the speed was not used"
        case .malformedFrames:
            let n = w.packets ?? 0, total = max(1, w.total ?? 0)
            return "\(w.host ?? "?")/\(w.member ?? "?"): \(n) of \(total) frames (\(Self.percent(Double(n) / Double(total)))) are malformed: the capture's link type may not be what its frames hold (rewritten with editcap -T?); the figures decoded from them are not to be trusted"
        case .gzipTrailerMismatch:
            let n = w.packets ?? 0
            return "\(path): the gzip trailer's CRC-32 or length does not match the data before it; all \(n) packet\(n == 1 ? " was" : "s were") read and kept, but a byte among them may be wrong"
        }
    }
}

extension Phrasebook {
    /// One sentence of advice for a finding, from its cause and typed figures.
    /// `flowsMovedOff`: whether the report saw flows move off a quiet member during its gap.
    public static func advice(_ f: Finding, flowsMovedOff: Bool = false) -> String {
        let members = f.members.joined(separator: ", ")
        func perMember<V>(_ m: [String: V], _ show: (V) -> String) -> String {
            m.sorted { $0.key < $1.key }.map { "\($0.key) \(show($0.value))" }.joined(separator: ", ")
        }
        func ints(_ m: [String: Int]) -> String { perMember(m) { "\($0)" } }
        switch f.figures {
        case let .jumbo(jumbo, _, _):
            return "datagrams over 1500 bytes on some members and never on others that carry data (jumbo datagrams: \(ints(jumbo))): set the same MTU on every member NIC and switch port, or migrations and large transfers stall on the members that drop them"
        case .mssPerHost(let hosts):
            return "the hosts' SYNs announce different MTUs (\(ints(hosts))): TCP settles on the smaller, but UDP, ICMP and tunnels over the larger one are dropped; make the MTUs agree end to end"
        case .mssPerMember(let mss):
            return "this host's SYNs announce different MTUs on different members (\(ints(mss))): the members' MTUs differ; set one MTU on the team and every member"
        case let .tooBig(messages, mtus):
            let list = mtus.map { "\($0)" }.joined(separator: ", ")
            return "\(messages) ICMP \"fragmentation needed\"/\"packet too big\" message(s) on \(members)\(list.isEmpty ? "" : " naming MTU \(list)"): a hop on the path has a smaller MTU than the sender; fix the MTU along the path (or let PMTU discovery through firewalls)"
        case let .largeRetransmissions(large, jumbo, _):
            return "datagrams over 1500 bytes were retransmitted again and again on \(members) (\(ints(large)) of \(ints(jumbo)) large ones) while small ones got through: a hop on the path drops jumbo frames; give every member, switch port and hop the same MTU"
        case .vlans(let vlans):
            let list = perMember(vlans) { ids in ids == [0] ? "untagged" : "[" + ids.map { "\($0)" }.joined(separator: ", ") + "]" }
            return "the members carry different VLANs (\(list)): every member of a team must be in the same VLANs, tagged the same way, on its switch port"
        case .silent:
            switch f.cause {
            case .standby:
                return "\(members) carried no data: the standby member of an active-backup team, as expected; it takes over only when the active member fails"
            case .noPackets:
                return "the capture of \(members) holds no packet at all while its teammates carried the host's traffic: was the capture running on it, and is its link up?"
            default:
                return "\(members) carried no data while its teammates carried the host's: a link, cabling or switch-port problem, a member left out of the team, or a hash that never picks it; check the member's link and the team's state"
            }
        case let .quietStretch(q, lacp):
            return "no packet on \(members) for \(String(format: "%.1f", q.seconds)) s while its teammates carried \(TextFormat.bytes(q.teammatesBytes)): the link went down (or the capture stalled) and "
                + (flowsMovedOff ? "its flows failed over to the teammates" : "its traffic went quiet (no flow the report lists moved to a teammate)") + lacpClause(lacp)
        case let .lacpChurn(churn, left, rejoined):
            return "LACP on \(members): \(left) time(s) a port left the aggregate and \(rejoined) rejoined\(lacpClause(churn)): a flapping link, cable or switch port"
        case let .ceiling(use, _, room):
            return "\(members) ran at its link speed (peak utilisation \(perMember(use) { percent($0) })) while \(room.joined(separator: ", ")) had room: a flow is held to one member's bandwidth (one stream never spreads over members under an address hash); use more streams (SMB multichannel, several migrations) or a faster member"
        case let .rss(receiver, queue, streams, rate):
            return "migration streams \(streams.joined(separator: ", ")) land on one RSS queue (queue \(queue) at \(receiver)), so one core receives \(TextFormat.rate(rate)) together (predicted with the default Toeplitz key): more RSS queues, or streams on other ports"
        case let .drops(drops, _):
            return "the capture dropped \(drops) packets on \(members): its reordering, retransmission and share figures are unreliable; capture with a larger buffer or a smaller snap length"
        case .unseen(let u):
            return unseenAdvice(f, u)
        }
    }

    /// "; LACPDUs stopped for 3.45 s and the port rejoined at …" when LACP saw the outage too.
    static func lacpClause(_ churn: FindingFigures.LACPChurn?) -> String {
        guard let churn else { return "" }
        var clause = "; its LACPDUs stopped for up to \(String(format: "%.2f", churn.silenceSeconds)) s"
        if let t = churn.rejoinedNs.first { clause += ", the port rejoined the aggregate at \(TextFormat.time(t))" }
        return clause
    }

    /// The live migration summary's answer to "did the migrations use every member, and was
    /// any stream held to one?".
    public static func migrationSummaryAnswer(_ m: MigrationSummary) -> String {
        let everyMember = m.membersUnused.values.allSatisfy(\.isEmpty)
        let used = m.hosts.map { h in "\(h) on \((m.membersUsed[h] ?? []).joined(separator: "+"))" + ((m.membersUnused[h] ?? []).isEmpty ? "" : " (not \((m.membersUnused[h] ?? []).joined(separator: ", ")))") }
        let held = m.heldToOneMember == 0 ? "no stream held to one member" :
            (m.heldToOneMember == m.streams ? "every stream held to one member" : "\(m.heldToOneMember) of \(m.streams) streams held to one member")
        let streams = m.streams > 0 || m.rdma == nil ? "; \(held)" : ""
        return "\(everyMember ? "the migrations used every member" : "the migrations left members unused") (\(used.joined(separator: "; ")))\(streams)\(rdmaMigrationClause(m))"
    }

    static func figure(_ v: FigureValue) -> String {
        switch v {
        case .int(let i): return "\(i)"
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? "\(Int(d))" : String(format: "%.3g", d)
        case .text(let s): return s
        case .list(let l): return "[" + l.map(figure).joined(separator: ", ") + "]"
        case .map(let m): return m.sorted { $0.key < $1.key }.map { "\($0.key) \(figure($0.value))" }.joined(separator: ", ")
        }
    }

}

extension Phrasebook {
    /// The flows a long live capture retired (`--flow-idle`): how many, and that their traffic
    /// is still counted.
    static func retiredFlows(_ r: RetiredFlowsReport) -> String {
        "\(TextFormat.plural(r.flows, "flow")) retired after \(TextFormat.duration(r.idleNs)) without a packet (\(TextFormat.bytes(r.bytes))): "
            + "their traffic stays in the member totals, the largest of them in this list."
    }
}
