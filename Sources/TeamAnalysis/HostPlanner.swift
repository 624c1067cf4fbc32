import PacketWire

/// Decides, per host, from the evidence pass: which interfaces are aggregates, how copies of one
/// packet are matched, and which MACs are the host's own (the direction rule).
struct HostPlanner {
    var plans: [HostPlan]
    var registry: MemberRegistry
    let options: AnalysisOptions
    private(set) var warnings: [AnalysisWarning] = []

    init(plans: [HostPlan], registry: MemberRegistry, options: AnalysisOptions) {
        self.plans = plans
        self.registry = registry
        self.options = options
    }

    var members: [MemberState] { registry.members }

    /// Names that mark an aggregate capture point: Linux bond/team masters, BSD lagg, switch
    /// port-channels, and Windows' LBFO team adapter ("Microsoft Network Adapter Multiplexor").
    static func aggregateNameReason(_ name: String, description: String? = nil) -> String? {
        let lower = name.lowercased()
        for prefix in ["bond", "team", "lagg", "port-channel", "portchannel"] where lower.hasPrefix(prefix) {
            return "its name \(name) is a bond/team master's"
        }
        if lower.contains("multiplexor") { return "it is the LBFO team adapter (\(name))" }
        return nil
    }

    /// Decides interface roles, duplicate handling and each host's own MACs from the evidence.
    mutating func decide(_ evidence: DirectionEvidence) {
        for h in plans.indices {
            let hostName = plans[h].name
            let slots = members.indices.filter { members[$0].host == h }.map { Int32($0) }
            // Roles.
            for slot in slots {
                let name = members[Int(slot)].name
                if options.aggregates.contains(name) || options.aggregates.contains("\(hostName)/\(name)") {
                    registry.setRole(Int(slot), .aggregate(reason: "named with --aggregate"))
                } else if let reason = Self.aggregateNameReason(name) {
                    registry.setRole(Int(slot), .aggregate(reason: reason))
                }
            }
            for slot in slots where !members[Int(slot)].role.isAggregate {
                let around = evidence.neighbours(of: slot, among: slots)
                var witnesses: (Int32, Int32)?
                outer: for (i, y) in around.enumerated() {
                    for z in around[(i + 1)...] where !evidence.repeats(y, z) {
                        witnesses = (y, z)
                        break outer
                    }
                }
                if let (y, z) = witnesses {
                    registry.setRole(Int(slot), .aggregate(
                        reason: "it repeats the packets of \(members[Int(y)].name) and \(members[Int(z)].name), which do not repeat each other"))
                }
            }
            let aggregates = slots.filter { members[Int($0)].role.isAggregate }
            let plain = slots.filter { !members[Int($0)].role.isAggregate }
            var membersRepeat = false
            for (i, a) in plain.enumerated() {
                for b in plain[(i + 1)...] where evidence.repeats(a, b) { membersRepeat = true }
            }
            plans[h].membersRepeat = membersRepeat
            plans[h].dedupe = !aggregates.isEmpty ? .aggregates : (membersRepeat ? .firstCopy : .none)
            if membersRepeat && aggregates.isEmpty {
                warnings.append(AnalysisWarning(.ambiguousCopies, host: hostName))
            }
            decideDirection(h, evidence: evidence, slots: slots, aggregates: aggregates, plain: plain)
        }
    }

    private func mac(_ v: UInt64) -> String { MACAddress(rawValue: v).description }

    private mutating func decideDirection(_ h: Int, evidence: DirectionEvidence, slots: [Int32], aggregates: [Int32], plain: [Int32]) {
        let hostName = plans[h].name
        let given = options.localMACs.filter { $0.host == nil || $0.host == hostName }.map(\.address.rawValue)
        if !given.isEmpty {
            plans[h].localMACs = given.sorted()
            plans[h].macSource = .localMAC
            plans[h].confidence = "certain"
            plans[h].explanation = "local MACs given with --local-mac"
            return
        }
        if !plans[h].localIPs.isEmpty {
            let learned = (evidence.learnedMACs[Int32(h)] ?? []).sorted()
            if !learned.isEmpty {
                plans[h].localMACs = learned
                plans[h].macSource = .localIP
                plans[h].confidence = "certain"
                plans[h].explanation = "MACs \(learned.map(mac).joined(separator: ", ")) sent from the --local-ip addresses"
                return
            }
        }
        // A bond master captured beside its members: on transmit its copy comes first, on
        // receive the member's does.
        var votes: [UInt64: (aggregateFirst: Int, memberFirst: Int)] = [:]
        for a in aggregates {
            for m in plain where evidence.repeats(a, m) {
                for (k, v) in evidence.aggregateOrder(aggregate: a, member: m) {
                    votes[k, default: (0, 0)].aggregateFirst += v.aggregateFirst
                    votes[k, default: (0, 0)].memberFirst += v.memberFirst
                }
            }
        }
        let outbound = votes.filter { $0.value.aggregateFirst > $0.value.memberFirst && $0.value.aggregateFirst >= 3 }
        if !outbound.isEmpty {
            let decisive = votes.values.allSatisfy { v in
                let total = v.aggregateFirst + v.memberFirst
                return max(v.aggregateFirst, v.memberFirst) * 10 >= total * 9
            }
            plans[h].localMACs = outbound.keys.sorted()
            plans[h].macSource = .inferred
            plans[h].confidence = decisive ? "high" : "medium"
            let aggregateNames = aggregates.map { members[Int($0)].name }.joined(separator: ", ")
            plans[h].explanation = "frames from \(plans[h].localMACs.map(mac).joined(separator: ", ")) appeared on \(aggregateNames) before the member (the transmit path); the others after it (the receive path)"
            return
        }
        // Captures of both ends: a frame appears first on its sender; comparing the delays of
        // both directions cancels any offset between the two hosts' clocks.
        for g in plans.indices where g != h {
            let delays = evidence.crossHostDelays(host: Int32(h), other: Int32(g))
            guard !delays.isEmpty else { continue }
            let medians = delays.mapValues(\.median)
            let samples = delays.values.map(\.samples).reduce(0, +)
            let maxDelay = medians.values.max()!, minDelay = medians.values.min()!
            var local: [UInt64]
            var confidence: String
            if medians.count >= 2 {
                guard maxDelay - minDelay > 0 else { continue }
                let theta = (maxDelay + minDelay) / 2
                local = medians.filter { $0.value > theta }.map(\.key)
                let gap = medians.values.map { abs($0 - theta) }.min()!
                confidence = gap >= 5_000 && samples >= 20 ? "high" : "medium"
            } else {
                local = medians.filter { $0.value > 0 }.map(\.key)
                confidence = "medium"
            }
            guard !local.isEmpty else { continue }
            plans[h].localMACs = local.sorted()
            plans[h].macSource = .inferred
            plans[h].confidence = confidence
            let other = plans[g].name
            let described = medians.sorted { $0.key < $1.key }.map { "\(mac($0.key)) \(formatDelay($0.value))" }
            plans[h].explanation = "the same frames were captured on \(hostName) and \(other): those from \(plans[h].localMACs.map(mac).joined(separator: ", ")) reached \(other) later than \(hostName) saw them (median delay \(other) − \(hostName): \(described.joined(separator: ", ")); \(samples) frames), so \(hostName) sent them"
            return
        }
        // One host alone: the MAC that sources traffic on every member.
        let active = plain.filter { !(evidence.sourceMACs[$0] ?? [:]).isEmpty }
        guard !active.isEmpty else {
            plans[h].explanation = "no frame with a source MAC was seen; give --local-mac or --local-ip"
            return
        }
        var everywhere = Set(evidence.sourceMACs[active[0]]!.keys)
        for slot in active.dropFirst() { everywhere.formIntersection(evidence.sourceMACs[slot]!.keys) }
        if active.count >= 2 && everywhere.count == 1 {
            plans[h].localMACs = Array(everywhere)
            plans[h].macSource = .inferred
            plans[h].confidence = "low"
            plans[h].explanation = "a guess: \(mac(everywhere.first!)) is the only MAC that sends on every member of \(hostName); give --local-mac \(hostName)=MAC to be sure"
            return
        }
        if everywhere.count >= 2 {
            plans[h].explanation = "direction unknown: \(everywhere.sorted().prefix(4).map(mac).joined(separator: ", ")) all send on every member of \(hostName) that carried traffic (a shared segment such as veth pairs or a back-to-back link), and nothing in the capture says which is \(hostName)'s own; give --local-mac \(hostName)=MAC, capture the bond master beside the members, or add the peer host's captures"
        } else {
            plans[h].explanation = "direction unknown: no MAC sends on every member of \(hostName) and no other evidence was found; give --local-mac \(hostName)=MAC or --local-ip \(hostName)=IP"
        }
    }

    func formatDelay(_ ns: Int64) -> String {
        let us = Double(ns) / 1000
        return (us >= 0 ? "+" : "") + String(Int((us).rounded())) + " µs"
    }
}
