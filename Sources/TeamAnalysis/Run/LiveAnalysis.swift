import CaptureIO
import PacketWire
import TeamingModels

/// `analyze`'s stages fed with packets as a live capture takes them: one host, its members as
/// the interfaces of one live input (`PushedReader`), the counting pass and the flow stage
/// as for files; `snapshot()` is the report at any moment, `finish()` the final one. The
/// caller hands packets over in timestamp order across members (`add`).
public final class LiveAnalysis {
    public let host: String
    public let options: AnalysisOptions
    private let reader: PushedReader
    private let stream: InputStream
    private let pass: CountingPass
    private let plans: [HostPlan]
    private var names: [String]

    /// `members`: (name, link type, snap length) per interface, the bond master among them when
    /// captured (recognised as an aggregate by its name or `options.aggregates`).
    public init(host: String, members: [(name: String, linkType: LinkType, snapLength: UInt32)], options: AnalysisOptions, originNs: Int64) {
        self.host = host
        self.options = options
        names = members.map(\.name)
        reader = PushedReader(path: "live", interfaces: members.enumerated().map { i, m in
            CaptureInterface(index: i, linkType: m.linkType, snapLength: m.snapLength, name: m.name, timestampResolution: .nanoseconds)
        })
        let single = members.count == 1 ? members[0].name : nil
        stream = InputStream(index: 0, spec: CaptureSpec(path: "live", host: host, member: single), host: host, reader: reader)
        var registry = MemberRegistry(hosts: [host], binWidth: options.binWidth)
        registry.origin = originNs
        registry.register(stream)
        var planner = HostPlanner(plans: [HostPlan(name: host)], registry: registry, options: options)
        planner.decide(DirectionEvidence(duplicateWindow: options.duplicateWindow, crossHostWindow: options.crossHostWindow))
        plans = planner.plans
        pass = CountingPass(plans: planner.plans, registry: planner.registry, options: options, filter: nil, origin: originNs, readers: [reader])
    }

    /// A member that appeared while capturing (newly enslaved): its packets get interface `index`.
    public func addMember(name: String, linkType: LinkType, snapLength: UInt32) -> Int {
        let index = reader.interfaces.count
        reader.addInterface(CaptureInterface(index: index, linkType: linkType, snapLength: snapLength, name: name, timestampResolution: .nanoseconds))
        names.append(name)
        return index
    }

    /// One packet of member `member` (an interface index); `bytes` valid during the call.
    /// `direction`: what the kernel said (a handle per direction), else the MAC rule decides.
    /// Returns the direction it was counted in: true sent, false received, nil neither (a
    /// master's copy, or no way to tell) — what the capture's file records in epb_flags.
    @discardableResult
    public func add(member: Int, timestamp: Int64, wireLength: Int, direction: CaptureDirection = .unknown, bytes: UnsafeRawBufferPointer) -> Bool? {
        // Straight into the stream: the record is consumed at once (the live input's reader,
        // `PushedReader`, only holds the interfaces).
        stream.current = CaptureRecord(timestamp: timestamp, capturedLength: bytes.count, wireLength: wireLength, interface: member, offset: 0,
                                       flags: UInt32(direction.rawValue), bytes: bytes)
        pass.consume(stream)
        stream.current = nil
        switch pass.lastDirection {
        case .sent: return true
        case .received: return false
        case .unknown: return nil
        }
    }

    public var packets: Int { pass.packetsRead }

    /// Retires the flows that carried no packet since `before` into per-member totals and a
    /// bounded list of the largest (`options.flowIdle`): memory follows the active flows.
    /// Returns how many were retired.
    @discardableResult
    public func retireIdleFlows(before: Int64) -> Int { pass.retireIdleFlows(before: before) }

    func summary(_ facts: LiveFacts) -> InputSummary {
        var statistics: [Int: InterfaceStatistics] = [:]
        for (i, name) in names.enumerated() {
            guard let s = facts.statistics[name] else { continue }
            var isb = InterfaceStatistics(interface: i)
            isb.received = s.received
            isb.interfaceDropped = s.interfaceDrops
            isb.osDropped = s.kernelDrops
            statistics[i] = isb
        }
        return InputSummary(spec: stream.spec, host: host, format: .live, compressed: false, packets: stream.packets, error: nil,
                            interfaces: reader.interfaces, statistics: statistics, slots: stream.slots,
                            memberNames: names, interfacePackets: stream.interfacePackets, interfaceDrops: stream.interfaceDrops)
    }

    /// The report as of now; the capture goes on.
    public func snapshot(_ facts: LiveFacts) -> AnalysisReport {
        complete(pass.snapshot(inputs: [summary(facts)], warnings: pass.registry.warnings), facts)
    }

    /// The final report: every stage finished. Call once, after the last `add`.
    public func finish(_ facts: LiveFacts) -> AnalysisReport {
        let result = pass.finish(inputs: [summary(facts)], warnings: pass.registry.warnings)
        return complete(ReportBuilder(result: result, plans: plans, options: options, linkEvents: facts.linkEvents).build(), facts)
    }

    /// The live facts written into the report: the bond and its fit, drops, link events.
    private func complete(_ report: AnalysisReport, _ facts: LiveFacts) -> AnalysisReport {
        var r = report
        if let bond = facts.bond { r.describe(bond, host: host) }
        for i in r.members.indices {
            if let s = facts.statistics[r.members[i].name] {
                r.members[i].liveDrops = LiveDropsReport(kernel: s.kernelDrops, interface: s.interfaceDrops, received: s.received)
                r.members[i].liveLate = facts.late[r.members[i].name] ?? 0
            }
        }
        r.linkEvents = facts.linkEvents
        return r
    }
}
