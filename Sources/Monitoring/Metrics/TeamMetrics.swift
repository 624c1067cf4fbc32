import Prometheus
import TeamAnalysis
import TeamingModels

/// `teamscope monitor`'s metrics (`MetricCatalog`), updated from each report the live capture
/// builds (once a second) and emitted in the Prometheus text exposition format by
/// swift-prometheus's registry. Updates come from the capture's thread, exposition from the
/// listener's: the registry and its series are thread-safe, and this object's own bookkeeping
/// is touched by `update` alone.
public final class TeamMetrics: @unchecked Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let series: MetricSeries
    private let topFlows: Int
    /// Each listed flow's bytes and moves at the previous update, for rates and move counts.
    private var previous: [FlowIdentity: (bytes: Int, moves: Int)] = [:]
    private var previousTimeNs: Int64?
    private var moves: [String: Int] = [:]
    private var linkEventsSeen = 0
    private var linkEventCounts: [LinkEventKey: Int] = [:]

    struct FlowIdentity: Hashable {
        var label: String
        var firstNs: Int64
    }

    struct LinkEventKey: Hashable {
        var host: String
        var member: String
        var event: String
    }

    /// `topFlows`: how many flows get series of their own (`--top-flows`).
    public init(topFlows: Int, version: String) {
        series = MetricSeries(registry: registry)
        self.topFlows = topFlows
        series.set(MetricCatalog.buildInfo, [version], 1)
    }

    /// The exposition: every series as of the last update, families and samples in one order
    /// (`ExpositionOrder`), so two scrapes of the same state are the same bytes.
    public func exposition() -> [UInt8] { ExpositionOrder.canonical(registry.emitToBuffer()) }

    /// Series registered now.
    public var seriesCount: Int { series.seriesCount }

    /// Takes the report as of `nowNs` (and how long it took to build) into the metrics.
    public func update(_ report: AnalysisReport, nowNs: Int64, buildSeconds: Double) {
        for m in report.members {
            let l = [m.host, m.name]
            series.count(MetricCatalog.memberSentBytes, l, total: Double(m.sent.bytes))
            series.count(MetricCatalog.memberReceivedBytes, l, total: Double(m.received.bytes))
            series.count(MetricCatalog.memberSentPackets, l, total: Double(m.sent.packets))
            series.count(MetricCatalog.memberReceivedPackets, l, total: Double(m.received.packets))
            if let d = m.liveDrops {
                series.count(MetricCatalog.memberKernelDrops, l, total: Double(d.kernel))
                series.count(MetricCatalog.memberInterfaceDrops, l, total: Double(d.interface))
            }
            if let late = m.liveLate { series.count(MetricCatalog.memberLateRecords, l, total: Double(late)) }
        }
        updateLinks(report)
        updateLACP(report)
        for h in report.hosts {
            updateHost(h, report)
        }
        updateFlows(report, nowNs: nowNs)
        for h in report.hosts { series.set(MetricCatalog.reportSeconds, [h.name], buildSeconds) }
        series.keepOnlyTouched([MetricCatalog.verdictInfo, MetricCatalog.modelFit, MetricCatalog.bondPolicyFit, MetricCatalog.findingsActive,
                                MetricCatalog.migrationMemberStreams, MetricCatalog.topFlowRate, MetricCatalog.topFlowPinned,
                                MetricCatalog.memberLACPState, MetricCatalog.memberLACPDistributing, MetricCatalog.memberLinkUp])
    }

    /// Link up from each member's last event (up when it had none: it was opened up), and every
    /// event counted.
    private func updateLinks(_ report: AnalysisReport) {
        let events = report.linkEvents ?? []
        if events.count >= linkEventsSeen {
            for e in events[linkEventsSeen...] {
                linkEventCounts[LinkEventKey(host: e.host, member: e.member, event: e.event.rawValue), default: 0] += 1
            }
            linkEventsSeen = events.count
        }
        for (k, n) in linkEventCounts {
            series.count(MetricCatalog.memberLinkEvents, [k.host, k.member, k.event], total: Double(n))
        }
        for m in report.members {
            let last = events.last { $0.host == m.host && $0.member == m.name }
            series.set(MetricCatalog.memberLinkUp, [m.host, m.name], (last?.event.isUsable ?? true) ? 1 : 0)
        }
    }

    /// The host's LACP port per member: distributing, and the actor's and partner's state bits
    /// as its last LACPDUs gave them.
    private func updateLACP(_ report: AnalysisReport) {
        for l in report.lacp ?? [] {
            series.set(MetricCatalog.memberLACPDistributing, [l.host, l.member], l.distributing ? 1 : 0)
            for (state, label) in [(l.actorState, "actor"), (l.partnerState, "partner")] {
                guard let state else { continue }
                for (bit, name) in MetricCatalog.lacpBits.enumerated() {
                    series.set(MetricCatalog.memberLACPState, [l.host, l.member, label, name], Double((state >> bit) & 1))
                }
            }
        }
    }

    private func updateHost(_ h: HostReport, _ report: AnalysisReport) {
        if let v = h.team {
            series.set(MetricCatalog.verdictInfo, [h.name, v.family?.rawValue ?? "none", v.switchPart.rawValue, v.model?.rawValue ?? "none",
                                                   v.confidence.rawValue], 1)
        }
        for i in report.inference where i.host == h.name && i.flowsTotal > 0 {
            series.set(MetricCatalog.modelFit, [h.name, i.model.rawValue], Double(i.flowsConsistent) / Double(i.flowsTotal))
        }
        if let b = h.bond, let model = b.model, let ok = b.flowsConsistent, let total = b.flowsTotal, total > 0 {
            series.set(MetricCatalog.bondPolicyFit, [h.name, b.name, model], Double(ok) / Double(total))
        }
        var findings: [[String]: Int] = [:]
        for f in report.findings where f.host == h.name { findings[[h.name, f.kind.rawValue, f.severity.rawValue], default: 0] += 1 }
        for (l, n) in findings { series.set(MetricCatalog.findingsActive, l, Double(n)) }
        let a = h.migration
        series.set(MetricCatalog.migrationStreams, [h.name], Double(a.streams))
        series.set(MetricCatalog.migrationPinned, [h.name], Double(a.pinned))
        series.set(MetricCatalog.migrationSplit, [h.name], Double(a.split))
        for (label, n) in a.byMember {
            series.set(MetricCatalog.migrationMemberStreams, [h.name, Self.memberName(label)], Double(n))
        }
        let retired = report.flowSummary.retired?.flows ?? 0
        series.set(MetricCatalog.flowsTracked, [h.name], Double(report.flowSummary.flows - retired))
        series.count(MetricCatalog.flowsRetired, [h.name], total: Double(retired))
        series.count(MetricCatalog.capturePackets, [h.name], total: Double(report.packetsRead))
    }

    /// The listed flows (the largest, migration streams among them): pinned and split counts,
    /// moves, and the `topFlows` fastest since the last update as series of their own.
    private func updateFlows(_ report: AnalysisReport, nowNs: Int64) {
        var listed: [FlowIdentity: FlowReport] = [:]
        for f in report.migrationStreams + report.flows {
            listed[FlowIdentity(label: Self.flowLabel(f), firstNs: f.firstNs)] = f
        }
        var pinned: [String: Int] = [:], split: [String: Int] = [:]
        var rates: [(id: FlowIdentity, host: String, member: String, rate: Double, pinned: Bool)] = []
        let dt = previousTimeNs.map { Double(nowNs - $0) / 1e9 } ?? 0
        var next: [FlowIdentity: (bytes: Int, moves: Int)] = [:]
        for (id, f) in listed {
            let host = f.directions.first?.host ?? f.observedOn
            if f.pinned { pinned[host, default: 0] += 1 } else { split[host, default: 0] += 1 }
            let before = previous[id]
            if f.moves.count > (before?.moves ?? 0) { moves[host, default: 0] += f.moves.count - (before?.moves ?? 0) }
            next[id] = (f.bytes, f.moves.count)
            guard let before, dt > 0, f.bytes >= before.bytes else { continue }
            let busiest = f.members.max { ($0.value.forward.bytes + $0.value.reverse.bytes, $1.key) < ($1.value.forward.bytes + $1.value.reverse.bytes, $0.key) }
            rates.append((id, host, busiest.map { Self.memberName($0.key) } ?? "", Double(f.bytes - before.bytes) / dt, f.pinned))
        }
        previous = next
        previousTimeNs = nowNs
        for h in report.hosts {
            series.set(MetricCatalog.flowsPinned, [h.name], Double(pinned[h.name] ?? 0))
            series.set(MetricCatalog.flowsSplit, [h.name], Double(split[h.name] ?? 0))
            series.count(MetricCatalog.flowMoves, [h.name], total: Double(moves[h.name] ?? 0))
        }
        rates.sort { ($0.rate, $1.id.label) > ($1.rate, $0.id.label) }
        for r in rates.prefix(topFlows) where r.rate > 0 {
            series.set(MetricCatalog.topFlowRate, [r.host, r.id.label, r.member], r.rate)
            series.set(MetricCatalog.topFlowPinned, [r.host, r.id.label, r.member], r.pinned ? 1 : 0)
        }
    }

    /// "tcp 192.0.2.1:40000 > 192.0.2.2:6600": the `flow` label.
    static func flowLabel(_ f: FlowReport) -> String {
        let src = f.src.contains(":") ? "[\(f.src)]" : f.src, dst = f.dst.contains(":") ? "[\(f.dst)]" : f.dst
        return "\(f.protocol) \(src):\(f.srcPort) > \(dst):\(f.dstPort)"
    }

    /// "host/eth0" → "eth0" (the report's member labels carry the host).
    static func memberName(_ label: String) -> String {
        label.firstIndex(of: "/").map { String(label[label.index(after: $0)...]) } ?? label
    }
}
