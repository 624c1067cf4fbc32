import PacketWire
import TeamingModels

extension HostPlanner {
    /// What one host's own decision comes to: the MACs, how sure, and why; or the stations to
    /// judge one by one when nothing decides.
    struct OneHostDecision {
        var localMACs: [UInt64] = []
        var confidence = Confidence.none
        var basis = DirectionBasis.noEvidence
        var hypotheses: [[UInt64]] = []
        /// Stations that sent from one address with several MACs, each mostly on a member of its
        /// own: teams. One that is not the host's is a peer team wired back to back.
        var teams: [[UInt64]] = []
    }

    /// One host captured alone, nothing marking direction: which source MACs are its own, from
    /// what its member captures show (issue 21, item 2).
    ///
    /// The MACs are grouped into stations (MACs that send from a common address: a host, or a
    /// team that gives each member its own MAC). The host's station sends on every member that
    /// sends at all. A station whose frames arrive on several members at once, copies of one
    /// frame, is a peer behind a flooding switch or bridge (a team sends each frame on one
    /// member). Among the stations left, the host's is the one whose frames carry checksums left
    /// to the NIC while the others' are right, whose MAC is the LACP actor system while the
    /// other side's actor sends no data (a switch), which sends with an initial TTL while the
    /// others' arrive routed, or which answers quickly in TCP handshakes (`HandshakeTiming`) and
    /// in every TCP exchange (`ResponseTiming`).
    /// When these disagree or say nothing, every station is a hypothesis.
    func oneHostDirection(_ h: Int, evidence: DirectionEvidence, plain: [Int32]) -> OneHostDecision {
        var out = OneHostDecision()
        let active = plain.filter { !(evidence.sourceMACs[$0] ?? [:]).isEmpty }
        guard !active.isEmpty else {
            out.basis = .noSourceMAC
            return out
        }
        let signals = evidence.hostSignals[Int32(h)] ?? HostSignals()
        // Where each MAC sent.
        var membersOf: [UInt64: Set<Int32>] = [:]
        for slot in active { for mac in evidence.sourceMACs[slot]!.keys { membersOf[mac, default: []].insert(slot) } }
        let macs = membersOf.keys.sorted()
        // Stations: MACs joined by an address both sent from (union-find over the sorted MACs).
        var parent = Dictionary(uniqueKeysWithValues: macs.map { ($0, $0) })
        func root(_ m: UInt64) -> UInt64 {
            var r = m
            while parent[r]! != r { r = parent[r]! }
            return r
        }
        // The member a MAC sent most on (echoed and flooded copies reach the others too).
        func home(_ m: UInt64) -> Int32 { active.max { (evidence.sourceMACs[$0]![m] ?? 0, -$0) < (evidence.sourceMACs[$1]![m] ?? 0, -$1) }! }
        var byAddress: [IPAddress: UInt64] = [:]
        // Per address, the MACs that sent from it, each mostly on a member of its own.
        var team: [IPAddress: Set<UInt64>] = [:]
        for mac in macs {
            for a in signals.addresses[mac] ?? [] {
                if let other = byAddress[a] {
                    let (x, y) = (root(other), root(mac))
                    if x != y { parent[max(x, y)] = min(x, y) }
                    if home(other) != home(mac) { team[a, default: [other]].insert(mac) }
                } else {
                    byAddress[a] = mac
                }
            }
        }
        var grouped: [UInt64: [UInt64]] = [:]
        for mac in macs { grouped[root(mac), default: []].append(mac) }
        // A station that sent nothing but LACPDUs (a switch's actor system) is no host.
        let stations = grouped.values.map { $0.sorted() }.filter { $0.contains { signals.dataMACs.contains($0) } }.sorted { $0[0] < $1[0] }
        // Copies of one frame on two plain members, and how far apart: a switch or bridge
        // floods a peer's frame to every member at once; the host's own broadcast comes back on
        // its other members a round trip after it left (echoed). With copies from two stations
        // or more, those whose copies lag the quickest ones fourfold are echoes, the rest floods;
        // with copies from one station alone, nothing tells which.
        let plainSet = Set(plain)
        var copies: [UInt64: Int] = [:]
        var delays: [UInt64: [Int64]] = [:]
        for (k, n) in evidence.orders where plainSet.contains(k.first) && plainSet.contains(k.second) && k.first != k.second {
            copies[k.mac, default: 0] += n
            delays[k.mac, default: []] += evidence.copyDelays[k] ?? []
        }
        func spread(_ s: [UInt64]) -> Int64? {
            let d = s.flatMap { delays[$0] ?? [] }.sorted()
            return d.isEmpty ? nil : d[d.count / 2]
        }
        out.teams = stations.filter { st in team.values.contains { $0.count >= 2 && $0.isSubset(of: st) } }
        let copied = stations.filter { spread($0) != nil }
        var flooded: [[UInt64]] = [], echoed: [[UInt64]] = []
        if copied.count >= 2 {
            let quickest = max(copied.map { spread($0)! }.min()!, 1_000)
            echoed = copied.filter { spread($0)! >= 4 * quickest }
            if !echoed.isEmpty { flooded = copied.filter { spread($0)! < 4 * quickest } }
        }
        var found: [DirectionSignal] = []
        if !flooded.isEmpty {
            let peerMACs = flooded.flatMap { $0 }.filter { copies[$0] != nil }
            found.append(.flooded(macs: peerMACs.map(mac), copies: peerMACs.map { copies[$0]! }.reduce(0, +)))
        }
        let all = Set(active)
        func covers(_ s: [UInt64]) -> Bool { s.reduce(into: Set<Int32>()) { $0.formUnion(membersOf[$1]!) } == all }
        var candidates = stations.filter { s in active.count >= 2 && covers(s) && !flooded.contains(s) }
        let spanning = stations.contains { st in st.reduce(into: Set<Int32>()) { $0.formUnion(membersOf[$1]!) }.count >= 2 }
        // (Stations that each send on members of their own but answer each other's TCP
        // handshakes are one conversation: a team sending on one member, receiving on another.)
        let talking = !signals.handshakes.votes.isEmpty
        if candidates.isEmpty && (active.count == 1 || !flooded.isEmpty || spanning || talking) {
            // No station that is not flooded sends on every member: one member carries all, as
            // an active-backup team's does (and a switch floods the others), or too few flows
            // reached every member. The host's is among the others; the busiest two are the
            // hypotheses. (Members that share no station at all are no team: nothing to judge.)
            let quiet = stations.filter { !flooded.contains($0) }
            func frames(_ s: [UInt64]) -> Int { s.map { m in active.map { evidence.sourceMACs[$0]![m] ?? 0 }.reduce(0, +) }.reduce(0, +) }
            candidates = Array(quiet.sorted { (frames($0), $1[0]) > (frames($1), $0[0]) }.prefix(2)).sorted { $0[0] < $1[0] }
        }
        guard !candidates.isEmpty else { return out }
        // What each candidate's frames show: a team's several MACs from one address, the echo.
        var votes: [Int: [DirectionSignal]] = [:]
        let teams = candidates.indices.filter { i in team.contains { !$0.value.isDisjoint(with: candidates[i]) } }
        if teams.count == 1, let (a, ms) = team.sorted(by: { $0.key < $1.key }).first(where: { !$0.value.isDisjoint(with: candidates[teams[0]]) }) {
            votes[teams[0], default: []].append(.sharedAddress(address: a.description, macs: ms.sorted().map(mac)))
        }
        let echoes = candidates.indices.filter { echoed.contains(candidates[$0]) }
        if echoes.count == 1 { votes[echoes[0], default: []].append(.echoed(copies: candidates[echoes[0]].map { copies[$0] ?? 0 }.reduce(0, +))) }
        if candidates.count == 1 {
            let own = candidates[0]
            out.localMACs = own
            let said = found + (votes[0] ?? [])
            if said.isEmpty && own.count == 1 {
                out.confidence = .low
                out.basis = .onlyMACOnEveryMember(mac: mac(own[0]))
            } else {
                out.confidence = .medium
                out.basis = .captureSignals(macs: own.map(mac), signals: said)
            }
            return out
        }
        // Several stations: the LACP actor, the checksums, the initial TTL.
        let actors = candidates.indices.filter { i in candidates[i].contains { signals.lacpActors.contains($0) } }
        if actors.count == 1, signals.lacpActors.contains(where: { !signals.dataMACs.contains($0) }), let system = candidates[actors[0]].first(where: { signals.lacpActors.contains($0) }) {
            votes[actors[0], default: []].append(.lacpActor(system: mac(system)))
        }
        let sums = candidates.map { s in
            s.reduce(into: HostSignals.ChecksumCount()) { c, m in
                c.checked += signals.checksums[m]?.checked ?? 0
                c.invalid += signals.checksums[m]?.invalid ?? 0
            }
        }
        let wrong = sums.indices.filter { sums[$0].invalid >= 3 && sums[$0].invalid * 10 >= sums[$0].checked }
        if wrong.count == 1, sums.indices.allSatisfy({ $0 == wrong[0] || (sums[$0].invalid == 0 && sums[$0].checked >= 3) }) {
            let i = wrong[0]
            votes[i, default: []].append(.checksumsLeftToNIC(invalid: sums[i].invalid, checked: sums[i].checked,
                                                             otherChecked: sums.indices.filter { $0 != i }.map { sums[$0].checked }.reduce(0, +)))
        }
        if let ttls = evidence.ttls[Int32(h)] {
            func count(_ s: [UInt64]) -> DirectionEvidence.TTLCount {
                s.reduce(into: .init()) { c, m in
                    c.initial += ttls[m]?.initial ?? 0
                    c.decremented += ttls[m]?.decremented ?? 0
                }
            }
            let counts = candidates.map(count)
            let initial = counts.indices.filter { counts[$0].initial > 0 && counts[$0].decremented == 0 }
            if initial.count == 1, counts.indices.allSatisfy({ $0 == initial[0] || (counts[$0].decremented > 0 && counts[$0].initial == 0) }) {
                votes[initial[0], default: []].append(.initialTTL(packets: counts[initial[0]].initial))
            }
        }
        // The TCP handshakes: the capturing host answers after its own stack's delay, the peer
        // after a round trip. Decisive when one candidate answered quickly at least three times
        // as often as all the others together, in at least four handshakes.
        let quick = candidates.map { s in s.map { signals.handshakes.votes[$0] ?? 0 }.reduce(0, +) }
        let handshakes = quick.reduce(0, +)
        if let i = quick.indices.max(by: { quick[$0] < quick[$1] }), quick[i] >= 4, quick[i] >= 3 * (handshakes - quick[i]) {
            votes[i, default: []].append(.handshakeTiming(quick: quick[i], slow: handshakes - quick[i]))
        }
        // How quickly each candidate answered TCP segments (`ResponseTiming`): the capturing
        // host's quickest answers lack the round trip to the peer. Decisive when one candidate's
        // floor is under two thirds of every other's and its median below theirs, each having
        // answered in at least eight connection directions; even timing (a capture between the
        // hosts) or fewer answers decide nothing.
        let answers = signals.responses.quickestAnswers()
        let floors = candidates.map { s in ResponseTiming.Floor(s.flatMap { answers[$0] ?? [] }) }
        if floors.allSatisfy({ $0 != nil }), let i = floors.indices.min(by: { (floors[$0]!.nanoseconds, $0) < (floors[$1]!.nanoseconds, $1) }),
           floors.indices.allSatisfy({ $0 == i || floors[i]!.isClearlyQuicker(than: floors[$0]!) }) {
            let other = floors.indices.filter { $0 != i }.map { floors[$0]! }.min { $0.nanoseconds < $1.nanoseconds }!
            votes[i, default: []].append(.responseTiming(nanoseconds: floors[i]!.nanoseconds, answered: floors[i]!.answered,
                                                         otherNanoseconds: other.nanoseconds, otherAnswered: other.answered))
        }
        if votes.count == 1, let (i, said) = votes.first {
            out.localMACs = candidates[i]
            out.confidence = .medium
            if found.isEmpty, candidates[i].count == 1, said.count == 1, case .initialTTL(let packets) = said[0] {
                let routed = candidates.indices.filter { $0 != i }.flatMap { candidates[$0] }.sorted()
                out.basis = .initialTTL(mac: mac(candidates[i][0]), packets: packets, routed: routed.prefix(4).map(mac))
                return out
            }
            out.basis = .captureSignals(macs: candidates[i].map(mac), signals: found + said)
            return out
        }
        // Nothing decides (or the signals disagree): judge each station as the host's, the one
        // whose answers lean quickest first (the report shows it on a tie).
        var ranked = Array(candidates.indices)
        if let i = floors.indices.first(where: { i in
            floors[i] != nil && floors.indices.allSatisfy { $0 == i || floors[$0].map { floors[i]!.leans(against: $0) } == true }
        }) {
            ranked = [i] + ranked.filter { $0 != i }
        }
        out.hypotheses = Array(ranked.map { candidates[$0] }.prefix(4))
        out.basis = .hypotheses(stations: out.hypotheses.map { $0.map(mac) }, signals: found + votes.sorted { $0.key < $1.key }.flatMap(\.value))
        return out
    }
}
