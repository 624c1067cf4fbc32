import PacketWire

/// Ranks the teaming models by how much of a host's sent traffic each explains. Linux bonding
/// hashes are exact (the member is predicted from the frame, for every member order tried);
/// Windows modes, whose hash is unpublished, are consistency models (what must share a member).
public enum ModelInference {
    /// Flows with fewer packets than this say little about striping and are left out of the
    /// round-robin test.
    static let stripingMinimumPackets = 8

    public static func rank(samples: [FlowSample], memberNames: [String], order givenOrder: [String]? = nil,
                            threshold: Double = 0.999, era: LinuxKernelEra = .current,
                            receive: ReceivePattern? = nil) -> [ModelFit] {
        let n = memberNames.count
        guard n > 0, !samples.isEmpty else { return [] }
        var fits: [ModelFit] = []
        let totalBytes = samples.map(\.bytes).reduce(0, +)
        let pinned = samples.map { $0.pinnedMember(threshold: threshold) }

        // Linux xmit_hash_policy models, exact, over member orders.
        let orders: [[Int]]
        if let givenOrder {
            orders = [givenOrder.compactMap { memberNames.firstIndex(of: $0) }]
        } else {
            orders = n <= 6 ? permutations(Array(0..<n)) : [Array(0..<n)]
        }
        let missing = undecidable(samples: samples)
        let decidable = { (model: String) in !missing.contains { $0.model == model } }
        for policy in LinuxHashPolicy.allCases where decidable("linux/\(policy.rawValue)") {
            let predicted = samples.map { s in
                s.frame.bytes.withUnsafeBytes { Int(LinuxBondHash.hash(frame: $0, policy: policy, era: era) % UInt32(n)) }
            }
            var best: (flows: Int, bytes: Int, order: [Int])? = nil
            var ties = 0
            for order in orders where order.count == n {
                var flows = 0, bytes = 0
                for (i, s) in samples.enumerated() where !s.striped && s.firstMember == order[predicted[i]] {
                    flows += 1
                    bytes += s.bytes
                }
                if best == nil || (bytes, flows) > (best!.bytes, best!.flows) {
                    best = (flows, bytes, order)
                    ties = 1
                } else if (bytes, flows) == (best!.bytes, best!.flows) {
                    ties += 1
                }
            }
            guard let best else { continue }
            let note = policy == .encap23 || policy == .encap34
                ? "innermost addresses and ports of IP-in-IP and GRE; VXLAN/Geneve by their outer headers; encap3+4 may use a precomputed skb hash no capture shows"
                : "exact: the kernel's hash from each flow's first frame"
            fits.append(ModelFit(model: "linux/\(policy.rawValue)", flowsConsistent: best.flows, flowsTotal: samples.count,
                                 bytesConsistent: best.bytes, bytesTotal: totalBytes, memberOrder: best.order.map { memberNames[$0] },
                                 orderUnique: givenOrder != nil ? true : ties == 1,
                                 chanceFit: pow(1.0 / Double(n), best.flows), note: note))
        }
        // Round robin: every flow long enough to tell is spread over all members.
        let long = samples.indices.filter { samples[$0].packets >= stripingMinimumPackets }
        let striped = long.filter { i in samples[i].memberBytes.allSatisfy { $0 > 0 } && pinned[i] == nil }
        fits.append(ModelFit(model: "linux/round-robin", flowsConsistent: striped.count, flowsTotal: long.count,
                             bytesConsistent: striped.map { samples[$0].bytes }.reduce(0, +),
                             bytesTotal: long.map { samples[$0].bytes }.reduce(0, +), memberOrder: nil, orderUnique: nil, chanceFit: nil,
                             note: "flows of at least \(stripingMinimumPackets) packets must use every member" + runNote(striped.map { samples[$0] })))
        /// A consistency model's fit: the samples at `indices` agree with it, out of all samples.
        func consistent(_ model: String, _ indices: [Int], order: [String]? = nil, note: String) {
            fits.append(ModelFit(model: model, flowsConsistent: indices.count, flowsTotal: samples.count,
                                 bytesConsistent: indices.map { samples[$0].bytes }.reduce(0, +), bytesTotal: totalBytes,
                                 memberOrder: order, orderUnique: nil, chanceFit: nil, note: note))
        }
        // Active-backup: everything on one member.
        var perMember = [Int](repeating: 0, count: n)
        for s in samples { for (m, b) in s.memberBytes.enumerated() { perMember[m] += b } }
        let active = perMember.indices.max { perMember[$0] < perMember[$1] }!
        let onActive = samples.indices.filter { pinned[$0] == active }
        consistent("linux/active-backup", onActive, order: [memberNames[active]],
                   note: "everything leaves on the active member (\(memberNames[active]))")
        let allOnOne = perMember.filter { $0 > 0 }.count == 1
        // Windows consistency models: what must share one member.
        func grouped(_ model: String, _ key: (FlowSample) -> String, _ note: String) {
            guard decidable(model) else { return }
            var groups: [String: [Int]] = [:]
            for i in samples.indices { groups[key(samples[i]), default: []].append(i) }
            var flows = 0, bytes = 0
            for (_, members) in groups {
                let m = members.map { pinned[$0] }
                if let first = m.first, let f = first, m.allSatisfy({ $0 == f }) {
                    flows += members.count
                    bytes += members.map { samples[$0].bytes }.reduce(0, +)
                }
            }
            fits.append(ModelFit(model: model, flowsConsistent: flows, flowsTotal: samples.count, bytesConsistent: bytes,
                                 bytesTotal: totalBytes, memberOrder: nil, orderUnique: nil, chanceFit: nil, note: note))
        }
        // Each sample is one direction of one 4-tuple: consistent when it stayed on one member.
        let onOne = samples.indices.filter { pinned[$0] != nil }
        consistent("windows/transport-ports", onOne, note: "each 4-tuple stays on one member (the hash itself is unpublished)")
        // Dynamic: hashed like transport ports, but a flow may move between flowlets — after an
        // idle gap — never while it is busy, and never back and forth.
        let flowlet: Int64 = 500_000
        let dynamic = samples.indices.filter { i in
            !samples[i].striped && samples[i].moveGaps.allSatisfy { $0 >= flowlet } && (pinned[i] != nil || !samples[i].moveGaps.isEmpty)
        }
        consistent("windows/dynamic", dynamic, note: "each flow on one member between flowlets; moves only after ≥ 0.5 ms of quiet")
        grouped("windows/ip-addresses", { "\($0.source)|\($0.destination)" }, "each IP pair stays on one member")
        grouped("windows/mac-addresses", { "\($0.sourceMAC)|\($0.destinationMAC)" }, "each MAC pair stays on one member")
        grouped("windows/hyperv-port", { "\($0.sourceMAC)" }, "each source MAC (vPort) stays on one member")
        if decidable("linux/balance-tlb") {
            adaptive(samples, pinned: pinned, memberNames: memberNames, totalBytes: totalBytes, receive: receive, into: &fits)
        }
        // Models within 1 % of bytes of each other rank by how much they predict: a few frames
        // sent before an aggregator came up must not hand the lead to a looser model.
        let bestRatio = fits.map(\.bytesConsistentRatio).max() ?? 0
        func key(_ f: ModelFit) -> (Int, Int, Double, Int) {
            let inBand = f.bytesConsistentRatio >= bestRatio - 0.01
            let specific = f.model == "linux/active-backup" && allOnOne ? 4 : specificity(f.model)
            return (inBand ? 1 : 0, inBand ? specific : 0, f.bytesConsistentRatio, f.flowsConsistent)
        }
        return fits.sorted { key($0) > key($1) }
    }

    /// The models that read a layer-2 field some sample's capture did not record (a Linux SLL or
    /// SLL2 frame to a peer whose MAC was never seen has no destination MAC; raw IP has none):
    /// scoring them would score zeros. Left out of `rank`.
    public static func undecidable(samples: [FlowSample]) -> [UndecidableModel] {
        var known = SampledFrame.Layer2.all
        var linkTypes: Set<LinkType> = []
        for s in samples where s.frame.known != .all {
            known.formIntersection(s.frame.known)
            linkTypes.insert(s.frame.linkType)
        }
        guard known != .all else { return [] }
        let missing = SampledFrame.Layer2.all.subtracting(known)
        var out: [UndecidableModel] = []
        let links = linkTypes.sorted { $0.rawValue < $1.rawValue }
        for policy in LinuxHashPolicy.allCases where !policy.layer2Needed.isSubset(of: known) {
            out.append(UndecidableModel(model: "linux/\(policy.rawValue)", missing: policy.layer2Needed.subtracting(known), linkTypes: links))
        }
        if !known.contains(.sourceMAC) {
            for model in ["windows/mac-addresses", "windows/hyperv-port", "linux/balance-tlb", "linux/balance-alb"] {
                out.append(UndecidableModel(model: model, missing: model == "windows/mac-addresses" ? missing : .sourceMAC, linkTypes: links))
            }
        } else if !known.contains(.destinationMAC) {
            out.append(UndecidableModel(model: "windows/mac-addresses", missing: .destinationMAC, linkTypes: links))
        }
        return out
    }

    /// balance-tlb and balance-alb (bond_alb.c) as consistency models: each member transmits with
    /// a MAC of its own (the active member with the bond's), a flow (hash bucket) stays on one
    /// member until a rebalance (every 10 s) may move it, and no flow is striped. tlb receives on
    /// the active member only; alb balances receive per peer through ARP, so each peer's inbound
    /// arrives on one member.
    static func adaptive(_ samples: [FlowSample], pinned: [Int?], memberNames: [String], totalBytes: Int,
                         receive: ReceivePattern?, into fits: inout [ModelFit]) {
        var owners: [UInt64: Set<Int>] = [:], macs: [Int: Set<UInt64>] = [:]
        for s in samples where !s.striped {
            owners[s.sourceMAC, default: []].insert(s.firstMember)
            macs[s.firstMember, default: []].insert(s.sourceMAC)
        }
        let consistent = samples.indices.filter { i in
            let s = samples[i]
            return !s.striped && owners[s.sourceMAC]?.count == 1 && macs[s.firstMember]?.count == 1
        }
        let flows = consistent.count, bytes = consistent.map { samples[$0].bytes }.reduce(0, +)
        let receiveText = receive.map { r -> String in
            switch r {
            case .oneMember: return "this host received on one member"
            case .perPeer: return "this host received each peer on one member, the peers on several"
            case .spread: return "this host received some peer's traffic on several members"
            }
        } ?? "the receive side is unknown"
        let base = "each member sends with its own MAC, each flow on one member between rebalances (10 s)"
        for (model, allowed) in [("linux/balance-tlb", [ReceivePattern.oneMember]), ("linux/balance-alb", [.oneMember, .perPeer])] {
            let fits_receive = receive.map { allowed.contains($0) } ?? true
            let want = model == "linux/balance-tlb" ? "inbound on the active member only" : "inbound per peer (ARP balancing)"
            fits.append(ModelFit(model: model, flowsConsistent: fits_receive ? flows : 0, flowsTotal: samples.count,
                                 bytesConsistent: fits_receive ? bytes : 0, bytesTotal: totalBytes, memberOrder: nil, orderUnique: nil,
                                 chanceFit: nil, note: "\(base); \(want): \(receiveText)"))
        }
    }

    /// The striped flows' typical run on one member: balance-rr's packets_per_slave (1: the
    /// member changes every packet; the counter is shared by all flows, so other traffic
    /// lengthens a flow's runs). The median over flows of packets / (member changes + 1).
    static func runNote(_ striped: [FlowSample]) -> String {
        let runs = striped.filter { $0.memberChanges > 0 }.map { Double($0.packets) / Double($0.memberChanges + 1) }.sorted()
        guard !runs.isEmpty else { return "" }
        let median = runs[runs.count / 2]
        return "; striped flows change member every \((median * 10).rounded() / 10) packets (median over \(runs.count) flow\(runs.count == 1 ? "" : "s"); packets_per_slave ≈ \(max(1, Int(median.rounded()))))"
    }

    /// Exact hashes before consistency models when both explain everything: they predict more.
    static func specificity(_ model: String) -> Int {
        if model.hasPrefix("linux/layer") || model == "linux/vlan+srcmac" { return 3 }
        if model.hasPrefix("linux/encap") || model == "linux/active-backup" { return 2 }
        if model.hasPrefix("windows/transport") || model == "windows/dynamic" { return 0 }
        return 1
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        if items.count <= 1 { return [items] }
        var result: [[Int]] = []
        for (i, x) in items.enumerated() {
            var rest = items
            rest.remove(at: i)
            for p in permutations(rest) { result.append([x] + p) }
        }
        return result
    }

    static func pow(_ base: Double, _ exponent: Int) -> Double {
        var r = 1.0
        for _ in 0..<min(exponent, 2000) { r *= base }
        return r
    }
}
