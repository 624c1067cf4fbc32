import TeamingModels
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
    static func aggregateNameReason(_ name: String, description: String? = nil) -> AggregateReason? {
        let lower = name.lowercased()
        for prefix in ["bond", "team", "lagg", "port-channel", "portchannel"] where lower.hasPrefix(prefix) {
            return .masterName(name)
        }
        if lower.contains("multiplexor") { return .lbfoAdapter(name) }
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
                    registry.setRole(Int(slot), .aggregate(reason: .named))
                } else if options.describedMasters.contains(name) {
                    registry.setRole(Int(slot), .aggregate(reason: .describedMaster(name)))
                } else if let reason = Self.aggregateNameReason(name) {
                    registry.setRole(Int(slot), .aggregate(reason: reason))
                }
            }
            // The direction marks of the copies (SLL packet types of `tcpdump -i any`) show
            // which interface sits above which: a bond master above its members, a VLAN or a
            // bridge above the bond. It needs one member only (active-backup) and survives drops.
            for slot in slots where !members[Int(slot)].role.isAggregate {
                if let lower = slots.first(where: { $0 != slot && evidence.isStacked(slot, above: $0) }) {
                    registry.setRole(Int(slot), .aggregate(reason: .stackedAbove(members[Int(lower)].name)))
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
                    registry.setRole(Int(slot), .aggregate(reason: .repeatsMembers(members[Int(y)].name, members[Int(z)].name)))
                }
            }
            let aggregates = slots.filter { members[Int($0)].role.isAggregate }
            let plain = slots.filter { !members[Int($0)].role.isAggregate }
            var membersRepeat = false
            for (i, a) in plain.enumerated() {
                for b in plain[(i + 1)...] where evidence.repeats(a, b) { membersRepeat = true }
            }
            // Under a master the capture's own direction marks placed, each member's copy is a
            // frame of its own wire: a flood received on every member, a learning packet sent
            // on each (balance-alb) — the kernel counts every one, and so does the report.
            let stackedMaster = aggregates.contains { if case .aggregate(.stackedAbove) = members[Int($0)].role { return true } else { return false } }
            if stackedMaster { membersRepeat = false }
            plans[h].membersRepeat = membersRepeat
            // A slot of several interfaces (SLL v1 `-i any`) holds the bond's copy and the
            // member's: the first counts, as when two members repeat each other.
            let repeatsItself = slots.contains { registry.slotRepeatsItself[Int($0)] }
            plans[h].dedupe = !aggregates.isEmpty ? .aggregates : (membersRepeat || repeatsItself ? .firstCopy : .none)
            if membersRepeat && aggregates.isEmpty {
                warnings.append(AnalysisWarning(.ambiguousCopies, host: hostName))
            }
            decideDirection(h, evidence: evidence, slots: slots, aggregates: aggregates, plain: plain)
            // One host alone, its MACs given or found otherwise: a peer team wired back to back
            // still decides where it receives.
            if plans.count == 1 && plans[h].teamStations.isEmpty && plans[h].basis != .noSourceMAC {
                plans[h].teamStations = oneHostDirection(h, evidence: evidence, plain: plain).teams
            }
        }
    }

    func mac(_ v: UInt64) -> String { MACAddress(rawValue: v).description }

    private mutating func decideDirection(_ h: Int, evidence: DirectionEvidence, slots: [Int32], aggregates: [Int32], plain: [Int32]) {
        let hostName = plans[h].name
        let given = options.localMACs.filter { $0.host == nil || $0.host == hostName }.map(\.address.rawValue)
        if !given.isEmpty {
            plans[h].localMACs = given.sorted()
            plans[h].macSource = .localMAC
            plans[h].confidence = .certain
            plans[h].basis = options.localMACsFromInterfaces ? .interfaceMACs(macs: given.sorted().map(mac)) : .givenMACs
            return
        }
        // The host's own link list: the MACs of its interfaces, bonds and members.
        let names = Set(slots.map { members[Int($0)].name })
        if let table = options.describedLinks.first(where: { t in t.links.contains { names.contains($0.name) } }), !table.addresses.isEmpty {
            plans[h].localMACs = table.addresses
            plans[h].macSource = .localMAC
            plans[h].confidence = .certain
            plans[h].basis = .describedMACs(macs: table.addresses.map(mac))
            return
        }
        if !plans[h].localIPs.isEmpty {
            let learned = (evidence.learnedMACs[Int32(h)] ?? []).sorted()
            if !learned.isEmpty {
                plans[h].localMACs = learned
                plans[h].macSource = .localIP
                plans[h].confidence = .certain
                plans[h].basis = .learnedFromIPs(macs: learned.map(mac))
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
            plans[h].confidence = decisive ? .high : .medium
            plans[h].basis = .aggregateCopyOrder(macs: plans[h].localMACs.map(mac), aggregates: aggregates.map { members[Int($0)].name })
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
            var confidence: Confidence
            if medians.count >= 2 {
                guard maxDelay - minDelay > 0 else { continue }
                // Split the MACs, by median, into the host's own (seen later by the other) and the
                // other's. A sender's frames reach the other host after at least the wire's
                // latency, later when queued; so every split that separates the low percentile
                // of the MACs above from the high percentile of those below is possible, and the
                // one with the smallest gap is the wire's latency, the others queueing: a MAC
                // queued behind a bulk transfer (a large median) cannot pull the split past a
                // teammate's MAC with a short one. With no clean split, the least overlap.
                let byMedian = delays.sorted { $0.value.median < $1.value.median }
                var best: (split: Int, separation: Int64)?
                for split in 1..<byMedian.count {
                    let below = byMedian[..<split].map(\.value.high).max()!, above = byMedian[split...].map(\.value.low).min()!
                    let separation = above - below
                    guard let current = best else { best = (split, separation); continue }
                    // Among clean splits the smallest gap; a clean split beats any overlap; among
                    // overlaps the least.
                    let bothClean = separation > 0 && current.separation > 0
                    if bothClean ? separation < current.separation : separation > current.separation { best = (split, separation) }
                }
                let split = best!.split
                let edge = (byMedian[split - 1].value.median + byMedian[split].value.median) / 2
                local = byMedian[split...].map(\.key)
                let gap = min(abs(byMedian[split - 1].value.median - edge), abs(byMedian[split].value.median - edge))
                confidence = gap >= 5_000 && samples >= 20 && best!.separation > 0 ? .high : .medium
            } else {
                local = medians.filter { $0.value > 0 }.map(\.key)
                confidence = .medium
            }
            guard !local.isEmpty else { continue }
            plans[h].localMACs = local.sorted()
            plans[h].macSource = .inferred
            plans[h].confidence = confidence
            plans[h].basis = .crossHostTiming(macs: plans[h].localMACs.map(mac), otherHost: plans[g].name,
                                              medianDelays: medians.sorted { $0.key < $1.key }.map { .init(mac: mac($0.key), nanoseconds: $0.value) },
                                              frames: samples)
            return
        }
        // One host alone: what its own members show (HostPlanner+OneHost).
        let own = oneHostDirection(h, evidence: evidence, plain: plain)
        plans[h].basis = own.basis
        plans[h].hypotheses = own.hypotheses
        plans[h].teamStations = own.teams
        if !own.localMACs.isEmpty {
            plans[h].localMACs = own.localMACs
            plans[h].macSource = .inferred
            plans[h].confidence = own.confidence
        }
    }
}
