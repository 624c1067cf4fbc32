import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions
import TeamingModels

/// Builds the `AnalysisReport` from what the passes found: a pure function of the pass result,
/// the host plans and the options (it changes nothing it reads, so it may run on a snapshot).
struct ReportBuilder {
    let result: PassResult
    let plans: [HostPlan]
    let options: AnalysisOptions
    /// A live capture's link events (down, up, removed, added): the team's state for scoring.
    var linkEvents: [LinkEvent] = []

    // What the report code reads, by the names it has always used.
    var members: [MemberState] { result.members }
    var flowTable: FlowTable { result.flows.table }
    var smb: SMBTracker { result.flows.smb }
    var sampleFrames: [FlowStage.SampleKey: (member: Int32, frame: SampledFrame)] { result.flows.samples }

    /// Every sampled flow direction: the flow table's, by flow, host and direction, then those
    /// of flows retired for idleness (`--flow-idle`), in the order they left.
    var sampledDirections: [FlowStage.SampledDirection] {
        let table = flowTable
        let samples = sampleFrames
        // In (flow, host, forward) order, each key packed into one integer first: comparing the
        // tuples in the sort's closure cost about 900 instructions a sample over 40k flows.
        var order: [(rank: UInt64, index: Dictionary<FlowStage.SampleKey, (member: Int32, frame: SampledFrame)>.Index)] = []
        order.reserveCapacity(samples.count)
        for i in samples.indices {
            let k = samples[i].key
            order.append((UInt64(UInt32(bitPattern: k.flow)) << 32 | UInt64(UInt32(bitPattern: k.host)) << 1 | (k.forward ? 1 : 0), i))
        }
        order.sort { $0.rank < $1.rank }
        var active: [FlowStage.SampledDirection] = []
        active.reserveCapacity(order.count + result.flows.retiredSamples.count)
        for o in order {
            let (k, v) = samples[o.index]
            active.append(FlowStage.SampledDirection(host: k.host, forward: k.forward, member: v.member, frame: v.frame, flow: table.record(Int(k.flow))))
        }
        active.append(contentsOf: result.flows.retiredSamples)
        return active
    }
    var neighbours: NeighbourTable { result.flows.neighbours }
    var flowSeries: [FlowSeries] { result.flows.series }
    var retiredFlows: RetiredFlows { result.flows.retired }
    var origin: Int64 { result.origin }
    var captureEnd: Int64 { result.captureEnd }
    var packetsRead: Int { result.packetsRead }

    /// By the server's port when the flow's SYN was seen (its destination), else by either port.
    func migrationReason(_ f: FlowRecord) -> MigrationReason? {
        MigrationPort.reason(f.key, server: f.sawSYN ? f.forwardEndpoints.3 : nil, extra: options.migrationPorts)
    }

    /// Per host, each flow direction the host saw with its first frame, bytes and packets: the
    /// input of `simulate`.
    func simulatedFlows() -> [String: [SimulatedFlow]] {
        var out: [String: [SimulatedFlow]] = [:]
        for s in sampledDirections {
            var bytes = 0, packets = 0
            for m in s.flow.members where m.host == s.host {
                bytes += m.bytes(forward: s.forward)
                packets += s.forward ? m.forwardPackets : m.reversePackets
            }
            guard bytes > 0 else { continue }
            out[plans[Int(s.host)].name, default: []].append(SimulatedFlow(frame: completed(s.frame), bytes: bytes, packets: packets))
        }
        return out
    }

    func build() -> AnalysisReport {
        let span = packetsRead > 0 && captureEnd >= origin ? captureEnd - origin : 0
        let seconds = Double(span) / 1e9
        let binCount = span > 0 ? Int(span / options.binWidth) + 1 : (packetsRead > 0 ? 1 : 0)
        // The exported series has at most `maxSeriesBins` points; longer captures get wider bins.
        let seriesFactor = max(1, (binCount + Self.maxSeriesBins - 1) / Self.maxSeriesBins)
        var warnings = result.warnings

        // Inputs and their interfaces.
        var inputs: [InputReport] = []
        var memberDrops: [Int: UInt64] = [:]
        var memberSpeeds: [Int: Double] = [:]
        for s in result.inputs {
            guard s.format != nil else {
                let e = s.openError
                inputs.append(InputReport(path: s.spec.path, host: s.host, format: nil, compressed: false, packets: 0,
                                          error: e?.description, errorOffset: e?.offset, interfaces: []))
                continue
            }
            var interfaces: [InterfaceReport] = []
            for (j, iface) in s.interfaces.enumerated() {
                let slotIndex = j < s.slots.count ? Int(s.slots[j]) : -1
                let name = slotIndex >= 0 ? members[slotIndex].name : s.memberNames[j]
                let stats = s.statistics[j]
                let epbDrops = j < s.interfaceDrops.count ? s.interfaceDrops[j] : 0
                var drops: UInt64? = stats.map { $0.dropped }
                if epbDrops > 0 { drops = (drops ?? 0) + epbDrops }
                if let drops, slotIndex >= 0 { memberDrops[slotIndex, default: 0] += drops }
                if let speed = iface.speed, speed > 0, slotIndex >= 0 { memberSpeeds[slotIndex] = Double(speed) }
                let role: InterfaceRole = slotIndex >= 0 ? members[slotIndex].role.report : .member
                interfaces.append(InterfaceReport(index: j, name: iface.name, description: iface.description,
                                                  linkType: iface.linkType.description, member: name, role: role,
                                                  packets: j < s.interfacePackets.count ? s.interfacePackets[j] : 0,
                                                  drops: drops))
            }
            // A gzip trailer that disagrees with data read whole is a warning, not where reading stopped.
            let stopped = s.error?.kind == .checksum ? nil : s.error
            if s.error?.kind == .checksum {
                warnings.append(AnalysisWarning(.gzipTrailerMismatch, path: s.spec.path, packets: s.packets))
            }
            inputs.append(InputReport(path: s.spec.path, host: s.host, format: s.format!.rawValue,
                                      compressed: s.compressed, packets: s.packets,
                                      error: stopped?.description, errorOffset: stopped?.offset,
                                      interfaces: interfaces))
        }

        // Members, hosts, aggregates.
        let order = members.indices.sorted { a, b in
            (members[a].hostName, NaturalOrder(members[a].name)) < (members[b].hostName, NaturalOrder(members[b].name))
        }
        var hostSent: [Int: Int] = [:], hostReceived: [Int: Int] = [:]
        for m in members where !m.role.isAggregate {
            hostSent[m.host, default: 0] += m.sent.bytes
            hostReceived[m.host, default: 0] += m.received.bytes
        }
        var memberReports: [MemberReport] = []
        var aggregateReports: [AggregateReport] = []
        for i in order {
            let m = members[i]
            if case .aggregate(let reason) = m.role {
                aggregateReports.append(AggregateReport(host: m.hostName, name: m.name, packets: m.all.packets, bytes: m.all.bytes,
                                                        matchedOnMember: m.matchedOnMember, onlyOnAggregate: m.onlyOnAggregate,
                                                        basis: reason))
                continue
            }
            func traffic(_ c: TrafficCount, _ bins: TimeBins, hostTotal: Int) -> DirectionTraffic {
                let average = seconds > 0 ? (Double(c.bytes) * 8 / seconds).rounded() : 0
                // The busiest bin is never less busy than the capture as a whole: a capture
                // shorter than one bin fills that bin for only part of its width.
                return DirectionTraffic(packets: c.packets, bytes: c.bytes,
                                        share: hostTotal > 0 ? Self.round6(Double(c.bytes) / Double(hostTotal)) : nil,
                                        averageBitsPerSecond: average,
                                        peakBitsPerSecond: max(bins.peakBitsPerSecond.rounded(), average))
            }
            var sources: [DirectionMethod: Int] = [:]
            for src in DirectionSource.allCases where m.sources[src.rawValue] > 0 { sources[src.method] = m.sources[src.rawValue] }
            let dominant = DirectionSource.allCases.max { a, b in
                (m.sources[a.rawValue], -a.rawValue) < (m.sources[b.rawValue], -b.rawValue)
            }!
            let series = ThroughputSeries(binWidthNs: options.binWidth * Int64(seriesFactor), startNs: origin,
                                          sentBitsPerSecond: m.sentBins.bitsPerSecond(count: binCount, factor: seriesFactor),
                                          receivedBitsPerSecond: m.receivedBins.bitsPerSecond(count: binCount, factor: seriesFactor),
                                          unknownBitsPerSecond: m.unknownBins.bitsPerSecond(count: binCount, factor: seriesFactor))
            let outOfRange = m.sentBins.outOfRange + m.receivedBins.outOfRange + m.unknownBins.outOfRange
            if outOfRange > 0 {
                warnings.append(AnalysisWarning(.throughputBinsFull, host: m.hostName, member: m.name, packets: Int(outOfRange)))
            }
            memberReports.append(MemberReport(
                host: m.hostName, name: m.name, packets: m.all.packets, bytes: m.all.bytes,
                sent: traffic(m.sent, m.sentBins, hostTotal: hostSent[m.host] ?? 0),
                received: traffic(m.received, m.receivedBins, hostTotal: hostReceived[m.host] ?? 0),
                unknownDirection: m.unknown,
                directionSource: m.all.packets == 0 ? .none : .method(dominant.method),
                directionSources: sources, drops: memberDrops[i],
                firstNs: m.all.packets > 0 ? m.first : nil, lastNs: m.all.packets > 0 ? m.last : nil,
                decode: m.decode, throughput: series, health: health(m, slot: i),
                linkSpeed: options.linkSpeed(host: m.hostName, member: m.name) ?? memberSpeeds[i],
                linkSpeedSource: options.linkSpeed(host: m.hostName, member: m.name) != nil ? .option : (memberSpeeds[i] != nil ? .pcapng : nil)))
        }
        // The capture's bytes once: with both ends captured, each host saw the same traffic,
        // so the busier host's total (flows are counted once too, as one host saw them).
        var perHost: [Int: Int] = [:]
        for m in members where !m.isAggregate { perHost[m.host, default: 0] += m.all.bytes }
        let totalBytes = perHost.values.max() ?? 0
        let flowSection = buildFlowSection(totalBytes: totalBytes, span: span)
        let inference = buildInference()
        let smbSection = buildSMBSection()
        var hosts: [HostReport] = []
        for (h, plan) in plans.enumerated() {
            let ms = members.filter { $0.host == h && !$0.role.isAggregate }
            var sent = TrafficCount(), received = TrafficCount(), unknown = TrafficCount()
            var sourceTotals = [Int](repeating: 0, count: DirectionSource.allCases.count)
            for m in ms {
                sent.packets += m.sent.packets; sent.bytes += m.sent.bytes
                received.packets += m.received.packets; received.bytes += m.received.bytes
                unknown.packets += m.unknown.packets; unknown.bytes += m.unknown.bytes
                for k in sourceTotals.indices { sourceTotals[k] += m.sources[k] }
            }
            let marked = sourceTotals[DirectionSource.captureFlags.rawValue] + sourceTotals[DirectionSource.sllPacketType.rawValue]
            let total = sourceTotals.reduce(0, +)
            let decision: DirectionDecision
            if total > 0 && marked == total {
                let byFlags = sourceTotals[DirectionSource.captureFlags.rawValue] >= sourceTotals[DirectionSource.sllPacketType.rawValue]
                decision = DirectionDecision(method: byFlags ? .pcapngFlags : .sllPacketType, confidence: .certain,
                                             localMacs: plan.localMACs.map { MACAddress(rawValue: $0).description },
                                             basis: byFlags && options.directionFromKernel ? .kernelDirection : .everyPacketMarked(byFlags: byFlags))
            } else if plan.macSource == .unknown && !plan.localIPs.isEmpty {
                decision = DirectionDecision(method: .localIP, confidence: .certain, localMacs: [],
                                             basis: .localIPsOnly(ips: plan.localIPs.map(\.description)))
            } else {
                decision = DirectionDecision(method: plan.macSource.method, confidence: plan.confidence,
                                             localMacs: plan.localMACs.map { MACAddress(rawValue: $0).description },
                                             basis: plan.basis)
            }
            let receive = receiveVerdict(h)
            hosts.append(HostReport(name: plan.name, unnamed: plan.unnamed ? true : nil, members: ms.map(\.name).sorted { NaturalOrder($0) < NaturalOrder($1) },
                                    sent: sent, received: received, unknownDirection: unknown, direction: decision,
                                    migration: flowSection.answers[h]!, team: inference.teams[h], model: inference.verdicts[h],
                                    receive: receive.0, macRewrite: receive.1,
                                    modelsUndecidable: inference.undecidable[h].flatMap { $0.isEmpty ? nil : $0 }))
        }
        hosts.sort { $0.name < $1.name }
        var allWarnings = warnings
        for (miss, count) in result.filterNotApplicable.sorted(by: { ($0.key.input, $0.key.linkType.rawValue) < ($1.key.input, $1.key.linkType.rawValue) }) {
            allWarnings.append(AnalysisWarning(.filterNotApplicable, path: result.inputs[miss.input].spec.path, linkType: miss.linkType.description,
                                               packets: count, reason: result.filterFailures[miss.linkType]?.message))
        }
        if flowTable.untrackedFlows > 0 {
            allWarnings.append(AnalysisWarning(.flowTableFull, packets: flowTable.untrackedPackets, flows: flowTable.untrackedFlows,
                                               capacity: flowTable.capacity))
        }
        for name in options.aggregates where !members.contains(where: { $0.name == name || "\($0.hostName)/\($0.name)" == name }) {
            allWarnings.append(AnalysisWarning(.unknownAggregate, member: name,
                                               reason: members.map { "\($0.hostName)/\($0.name)" }.joined(separator: ", ")))
        }
        if let order = options.memberOrder {
            let hostSets = plans.indices.map { h in Set(members.filter { $0.host == h && !$0.isAggregate }.map(\.name)) }
            if !hostSets.contains(Set(order)) {
                allWarnings.append(AnalysisWarning(.memberOrderUnmatched, member: order.joined(separator: ","),
                                                   reason: hostSets.map { $0.sorted().joined(separator: ",") }.joined(separator: "; ")))
            }
        }
        // Options that name nothing, and members named only by an index: said, not ignored.
        for name in options.linkSpeeds.keys.sorted() where !members.contains(where: { $0.name == name || "\($0.hostName)/\($0.name)" == name }) {
            allWarnings.append(AnalysisWarning(.linkSpeedUnmatched, member: name,
                                               reason: order.map { "\(members[$0].hostName)/\(members[$0].name)" }.joined(separator: ", ")))
        }
        let splitSeen = Set(result.inputs.flatMap(\.splitIndices)).sorted()
        for (index, name) in options.interfaceNames.sorted(by: { $0.key < $1.key }) where !splitSeen.contains(index) {
            allWarnings.append(AnalysisWarning(.interfaceNameUnmatched, member: name, interface: Int(index), indices: splitSeen.map(Int.init)))
        }
        for s in result.inputs {
            let unnamed = s.splitIndices.filter { options.interfaceNames[$0] == nil && options.describedInterfaceNames[$0] == nil }
            if !unnamed.isEmpty {
                allWarnings.append(AnalysisWarning(.interfacesUnnamed, path: s.spec.path, host: s.host, indices: unnamed.map(Int.init)))
            }
        }
        for i in order where members[i].decode.malformed > 0
            && Double(members[i].decode.malformed) >= Self.malformedShareWarned * Double(members[i].all.packets) {
            allWarnings.append(AnalysisWarning(.malformedFrames, host: members[i].hostName, member: members[i].name,
                                               packets: members[i].decode.malformed, total: members[i].all.packets))
        }
        for s in result.inputs where s.format != nil && s.interfaces.isEmpty && s.error == nil && s.packets == 0 {
            allWarnings.append(AnalysisWarning(.emptyInput, path: s.spec.path))
        }
        for s in result.inputs where !s.anomalies.isEmpty {
            let a = s.anomalies
            if a.capturedBeyondWire > 0 {
                allWarnings.append(AnalysisWarning(.capturedBeyondWire, path: s.spec.path, packets: a.capturedBeyondWire, offset: a.firstCapturedBeyondWireOffset))
            }
            if a.empty > 0 { allWarnings.append(AnalysisWarning(.emptyRecords, path: s.spec.path, packets: a.empty, offset: a.firstEmptyOffset)) }
        }
        var report = AnalysisReport(version: TeamAnalyzer.version, packetsRead: packetsRead, packetsFiltered: result.packetsFiltered,
                              duplicatesRemoved: result.duplicatesRemoved, filter: options.filter, binWidthNs: options.binWidth,
                              captureStartNs: packetsRead > 0 ? origin : nil, captureEndNs: packetsRead > 0 ? captureEnd : nil,
                              captureSpanNs: span, inputs: inputs, hosts: hosts, members: memberReports,
                              aggregates: aggregateReports, flowSummary: flowSection.summary,
                              migrationStreams: flowSection.migration, flows: flowSection.top, memberMatrix: flowSection.matrix,
                              inference: inference.reports, rssQueues: options.rssQueues, rssTableSize: options.rssTableSize,
                              rssCollisions: Self.rssCollisions(flowSection.migration),
                              smbSessions: smbSection.sessions, smb: smbSection.summary,
                              warningDetails: allWarnings.isEmpty ? nil : allWarnings)
        Self.addAdvertisedSpeeds(&report)
        if let rdma = buildRDMASection() {
            report.rdmaFlows = rdma.flows
            report.rdma = rdma.hosts
        }
        let lacp = order.map { members[$0] }.filter { !$0.role.isAggregate && ($0.lacp.pdus > 0 || $0.lacp.markers > 0) }
            .map { LACPReport(host: $0.hostName, member: $0.name, $0.lacp, hypothetical: $0.lacpUndirected) }
        report.lacp = lacp.isEmpty ? nil : lacp
        report.findings = HealthCheck.findings(report)
        report.migrationSummary = HealthCheck.migrationSummaries(report)
        return report
    }

    /// Members with no speed given take the speed an SMB server advertised for the one address
    /// of its host that the member's flows used (MS-SMB2 2.2.32.5 NETWORK_INTERFACE_INFO).
    static func addAdvertisedSpeeds(_ r: inout AnalysisReport) {
        var advertised: [String: UInt64] = [:]
        for s in r.smbSessions { for i in s.interfaces where i.linkSpeed > 0 { for a in i.addresses { advertised[a] = i.linkSpeed } } }
        guard !advertised.isEmpty else { return }
        var addresses: [String: Set<String>] = [:]
        for f in r.migrationStreams + r.flows {
            for d in f.directions where d.bytes > 0 {
                guard let sent = d.sentByHost else { continue }
                // The host's own end of the flow in this direction.
                let own = d.direction.isForward == sent ? f.src : f.dst
                for (member, share) in d.memberShares where share > 0 { addresses["\(d.host)/\(member)", default: []].insert(own) }
            }
        }
        for i in r.members.indices where r.members[i].linkSpeed == nil {
            guard let own = addresses["\(r.members[i].host)/\(r.members[i].name)"], own.count == 1,
                  let speed = advertised[own.first!] else { continue }
            r.members[i].linkSpeed = Double(speed)
            r.members[i].linkSpeedSource = .smb
        }
    }

    /// The member's health counters with the flow stage's retransmission counts added.
    func health(_ m: MemberState, slot: Int) -> MemberHealth {
        var h = m.health
        let r = result.flows.retransmissions
        if slot < r.count { (h.largeRetransmissions, h.smallRetransmissions) = r[slot] }
        return h
    }

    /// Longest throughput series in a report.
    static var maxSeriesBins: Int { 4096 }
    /// A member whose frames are malformed at least this often is warned about: real captures
    /// carry a few at most; a share this high means the link type does not fit the frames.
    static var malformedShareWarned: Double { 0.05 }

    static func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}

/// Orders names as people expect: `eth2` before `eth10`.
struct NaturalOrder: Comparable {
    let parts: [(String, Int)]
    init(_ s: String) {
        var parts: [(String, Int)] = []
        var text = "", digits = ""
        for c in s {
            if c.isASCII && c.isNumber { digits.append(c) } else {
                if !digits.isEmpty { parts.append((text, Int(digits.prefix(18)) ?? 0)); text = ""; digits = "" }
                text.append(c)
            }
        }
        parts.append((text, Int(digits.prefix(18)) ?? -1))
        self.parts = parts
    }
    static func == (a: NaturalOrder, b: NaturalOrder) -> Bool { !(a < b) && !(b < a) }
    static func < (a: NaturalOrder, b: NaturalOrder) -> Bool {
        for (x, y) in zip(a.parts, b.parts) {
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
        }
        return a.parts.count < b.parts.count
    }
}
