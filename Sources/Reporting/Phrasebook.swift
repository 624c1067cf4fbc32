import TeamAnalysis

/// Where the report's facts become sentences. Every renderer words a report through here
/// first, so the text, the JSON and anything later say the same thing the same way.
public enum Phrasebook {
    /// The report with its sentence fields written from its facts.
    public static func worded(_ report: AnalysisReport) -> AnalysisReport {
        var r = report
        r.warnings = (report.warningDetails ?? []).map { warning($0, filter: report.filter) }
        for i in r.hosts.indices {
            if let basis = r.hosts[i].direction.basis { r.hosts[i].direction.explanation = direction(basis, host: r.hosts[i].name) }
            if r.hosts[i].migration.splitExamples != nil { r.hosts[i].migration.answer = migrationAnswer(r.hosts[i].migration) }
        }
        for i in r.aggregates.indices { if let b = r.aggregates[i].basis { r.aggregates[i].reason = aggregate(b) } }
        for i in r.migrationStreams.indices { if let m = r.migrationStreams[i].migration { r.migrationStreams[i].migrationReason = migration(m) } }
        for i in r.flows.indices { if let m = r.flows[i].migration { r.flows[i].migrationReason = migration(m) } }
        return r
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

    /// Why an interface is an aggregate, not a member.
    public static func aggregate(_ reason: AggregateReason) -> String {
        switch reason {
        case .named: return "named with --aggregate"
        case .masterName(let name): return "its name \(name) is a bond/team master's"
        case .lbfoAdapter(let name): return "it is the LBFO team adapter (\(name))"
        case .repeatsMembers(let a, let b): return "it repeats the packets of \(a) and \(b), which do not repeat each other"
        }
    }

    /// Why a flow is a migration stream.
    public static func migration(_ m: MigrationReason) -> String {
        switch m {
        case .port(.given, let port): return "--migration-port \(port)"
        case .port(.hyperV, let port): return "Hyper-V live migration (TCP \(port))"
        case .port(.smb, let port): return "SMB (TCP \(port))"
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
    public static func direction(_ basis: DirectionBasis, host: String) -> String {
        switch basis {
        case .everyPacketMarked(let byFlags):
            return byFlags ? "every packet carries its direction in pcapng epb_flags"
                           : "every packet carries its direction in the Linux SLL/SLL2 packet type"
        case .givenMACs:
            return "local MACs given with --local-mac"
        case .learnedFromIPs(let macs):
            return "MACs \(macs.joined(separator: ", ")) sent from the --local-ip addresses"
        case .aggregateCopyOrder(let macs, let aggregates):
            return "frames from \(macs.joined(separator: ", ")) appeared on \(aggregates.joined(separator: ", ")) before the member (the transmit path); the others after it (the receive path)"
        case .crossHostTiming(let macs, let other, let delays, let frames):
            let described = delays.map { "\($0.mac) \(delay($0.nanoseconds))" }
            return "the same frames were captured on \(host) and \(other): those from \(macs.joined(separator: ", ")) reached \(other) later than \(host) saw them (median delay \(other) − \(host): \(described.joined(separator: ", ")); \(frames) frames), so \(host) sent them"
        case .onlyMACOnEveryMember(let mac):
            return "a guess: \(mac) is the only MAC that sends on every member of \(host); give --local-mac \(host)=MAC to be sure"
        case .sharedSegment(let macs):
            return "direction unknown: \(macs.joined(separator: ", ")) all send on every member of \(host) that carried traffic (a shared segment such as veth pairs or a back-to-back link), and nothing in the capture says which is \(host)'s own; give --local-mac \(host)=MAC, capture the bond master beside the members, or add the peer host's captures"
        case .noEvidence:
            return "direction unknown: no MAC sends on every member of \(host) and no other evidence was found; give --local-mac \(host)=MAC or --local-ip \(host)=IP"
        case .noSourceMAC:
            return "no frame with a source MAC was seen; give --local-mac or --local-ip"
        }
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
            return "the flow table is full (\(w.capacity ?? 0) flows): \(w.flows ?? 0) more flows (\(w.packets ?? 0) packets) are counted per member but not tracked one by one"
        case .emptyInput:
            return "\(path): the file declares no interface and holds no packet"
        }
    }
}
