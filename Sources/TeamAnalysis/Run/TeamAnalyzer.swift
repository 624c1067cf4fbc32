import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions
import TeamingModels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `analyze` pipeline, as stages that hand values forward: the evidence pass (a bounded
/// first look) → the host plans (roles, de-duplication, each host's own MACs) → the counting
/// pass (every packet once, at its member, with its direction; flows on a thread of their own)
/// → the report builder (a pure function of the pass result, the plans and the options).
public final class TeamAnalyzer {
    public static let version = "0.1.0"

    public let specs: [CaptureSpec]
    public let options: AnalysisOptions
    let hostNames: [String]
    let hosts: [String]
    let filter: PacketFilter?
    private var plans: [HostPlan]
    /// Called on the analysing thread as the counting pass goes on (`AnalysisProgress`): what a
    /// progress line needs. Keep it cheap.
    public var onProgress: ((AnalysisProgress) -> Void)?
    /// Direction hypotheses counted in one reading of the inputs at most: 1 gives the pass per
    /// hypothesis that one reading must equal (tests compare them).
    var hypothesesPerReading = CountingPass.maxHypotheses

    /// The host name of files that no argument or folder names.
    public static let unnamedHost = "host"

    /// Checks the options against the inputs; throws when they cannot work together.
    public init(specs: [CaptureSpec], options: AnalysisOptions) throws {
        self.specs = specs
        self.options = options
        // Folders resolved first: `eth0.pcap ../dir/eth1.pcap` run inside dir is one folder.
        let specFolders = specs.map(\.resolvedFolder)
        let folders = Set(specFolders.compactMap { $0 })
        hostNames = specs.indices.map { i in
            specs[i].host ?? (folders.count > 1 ? specFolders[i].flatMap(CaptureSpec.hostName(ofFolder:)) ?? Self.unnamedHost : Self.unnamedHost)
        }
        var unique: [String] = []
        for h in hostNames where !unique.contains(h) { unique.append(h) }
        let named = Set(specs.compactMap(\.host))
        plans = unique.map { HostPlan(name: $0, unnamed: $0 == Self.unnamedHost && folders.count <= 1 && !named.contains($0)) }
        var hostIndex: [String: Int] = [:]
        for (i, h) in unique.enumerated() { hostIndex[h] = i }
        if unique.count > 1 {
            if let bare = options.localMACs.first(where: { $0.host == nil }) {
                throw AnalysisError("--local-mac \(bare.address): the captures come from several hosts (\(unique.joined(separator: ", "))); say whose MAC it is with --local-mac HOST=MAC")
            }
            if let bare = options.localIPs.first(where: { $0.host == nil }) {
                throw AnalysisError("--local-ip \(bare.address): the captures come from several hosts (\(unique.joined(separator: ", "))); say whose address it is with --local-ip HOST=IP")
            }
        }
        for a in options.localMACs + [] where a.host != nil && hostIndex[a.host!] == nil {
            throw AnalysisError("--local-mac \(a.host!)=\(a.address): no capture belongs to host \(a.host!) (hosts: \(unique.joined(separator: ", ")))")
        }
        for a in options.localIPs where a.host != nil && hostIndex[a.host!] == nil {
            throw AnalysisError("--local-ip \(a.host!)=\(a.address): no capture belongs to host \(a.host!) (hosts: \(unique.joined(separator: ", ")))")
        }
        hosts = unique
        try Self.refuseRepeatedFiles(specs)
        filter = try options.filter.map { expression throws in try PacketFilter(expression: expression) }
        for i in plans.indices {
            let name = plans[i].name
            plans[i].localIPs = options.localIPs.filter { $0.host == nil || $0.host == name }.map(\.address)
        }
    }

    /// An input's size as its records' offsets count it: a regular file's size, or for gzip the
    /// trailer's ISIZE (the uncompressed size modulo 2³²: trusted only when it is at least the
    /// compressed size); nil for pipes and devices.
    static func uncompressedSize(_ s: InputStream) -> Int? {
        var st = stat()
        guard stat(s.spec.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard s.reader.compressed else { return size }
        guard size >= 18, let f = fopen(s.spec.path, "rb") else { return nil }
        defer { fclose(f) }
        var trailer = [UInt8](repeating: 0, count: 4)
        guard fseeko(f, off_t(size - 4), SEEK_SET) == 0, fread(&trailer, 1, 4, f) == 4 else { return nil }
        let isize = Int(trailer[0]) | Int(trailer[1]) << 8 | Int(trailer[2]) << 16 | Int(trailer[3]) << 24
        return isize >= size ? isize : nil
    }

    /// The same file given twice (by the same path, another path, or a link) would count every
    /// packet twice: say so instead. Pipes and devices are not compared.
    static func refuseRepeatedFiles(_ specs: [CaptureSpec]) throws {
        struct FileID: Hashable { var device: UInt64; var inode: UInt64 }
        var seen: [FileID: String] = [:]
        for spec in specs {
            var st = stat()
            guard stat(spec.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            if let first = seen[id] {
                throw AnalysisError(first == spec.path
                    ? "\(spec.path) is given twice: each of its packets would be counted twice"
                    : "\(spec.path) and \(first) are the same file: each of its packets would be counted twice")
            }
            seen[id] = spec.path
        }
    }

    /// Runs every stage and returns the report. Never throws: unreadable inputs are reported.
    public func run() -> AnalysisReport {
        let (reports, plans) = hypothesisReports()
        var report = reports.count == 1 ? reports[0] : Self.judgedBothWays(reports, plans: plans)
        for bond in options.configuredBonds {
            if let host = report.host(of: bond) { report.describe(bond, host: host) }
        }
        CounterStage.apply(options.counters, aliases: options.memberAliases, to: &report)
        return report
    }

    /// The report under each direction hypothesis (`HostPlan.hypotheses`; one report without),
    /// with its plans: what `run` judges both ways.
    func hypothesisReports() -> ([AnalysisReport], [[HostPlan]]) {
        let runs = runPasses(options)
        let reports = runs.map { run in
            // One flow table serves every hypothesis: it shows this one's sent bytes.
            run.0.flows.show()
            return ReportBuilder(result: run.0, plans: run.1, options: options).build()
        }
        return (reports, runs.map(\.1))
    }

    /// Runs the passes and returns, per host, each flow direction the host saw with its first
    /// frame, bytes and packets: the input of `simulate`.
    public func collectFlows() -> [String: [SimulatedFlow]] {
        var o = options
        o.sampleEveryDirection = true
        let (result, plans) = runPasses(o)[0]
        result.flows.show()
        return ReportBuilder(result: result, plans: plans, options: o).simulatedFlows()
    }

    /// The evidence pass, the plans it leads to, and the counting pass: once, or, when a host
    /// captured alone leaves several stations as its own (`HostPlan.hypotheses`), with each
    /// station taken as the host's in turn — every `CountingPass.maxHypotheses` of them in one
    /// pass that reads and decodes each packet once (inputs read once are counted once, unknown).
    private func runPasses(_ options: AnalysisOptions) -> [(PassResult, [HostPlan])] {
        var registry = MemberRegistry(hosts: hosts, binWidth: options.binWidth)
        registry.interfaceNames = options.describedInterfaceNames.merging(options.interfaceNames) { _, given in given }
        // An input that can be read only once (standard input, a pipe, a FIFO) is opened once:
        // its first records are kept while the evidence pass reads them, then read again.
        var opened: [Int: Result<any PacketReader, CaptureError>] = [:]
        var replayable: [ReplayableReader] = []
        for (i, spec) in specs.enumerated() where CaptureFile.isReadOnce(spec.path) {
            do {
                let r = ReplayableReader(try CaptureFile.open(spec.path))
                replayable.append(r)
                opened[i] = .success(r)
            } catch {
                opened[i] = .failure(error)
            }
        }
        let first = EvidencePass(specs: specs, hosts: hostNames, options: options).run(plans: plans, registry: &registry, opened: opened)
        for r in replayable { r.rewind() }
        registry.registerIdleMembers(of: options.configuredBonds)
        let evidenceWarnings = registry.warnings
        var planner = HostPlanner(plans: plans, registry: registry, options: options)
        planner.decide(first.evidence)
        let ways = opened.isEmpty ? planner.plans.map(\.hypotheses.count).max() ?? 0 : 0
        guard ways >= 2 else {
            return countingPass(options, planners: [planner], origin: first.origin, evidenceWarnings: evidenceWarnings, opened: opened)
        }
        let each = (0..<ways).map { k in
            var each = planner
            for h in each.plans.indices where !each.plans[h].hypotheses.isEmpty {
                let station = each.plans[h].hypotheses[min(k, each.plans[h].hypotheses.count - 1)]
                each.plans[h].localMACs = station
                each.plans[h].macSource = .inferred
                each.plans[h].confidence = .low
            }
            return each
        }
        let group = max(1, min(hypothesesPerReading, CountingPass.maxHypotheses))
        let readings = (ways + group - 1) / group
        return (0..<readings).flatMap { r in
            countingPass(options, planners: Array(each[r * group..<min(ways, (r + 1) * group)]), origin: first.origin,
                         evidenceWarnings: evidenceWarnings, opened: opened, reading: r, of: readings)
        }
    }

    /// The counting pass over every input, with the planners' host plans: one, or one per
    /// direction hypothesis (plans that differ only in the judged hosts' own MACs), counted in
    /// one reading. `reading` of `of`: with more hypotheses than one pass holds, the inputs are
    /// read once per pass, and the progress counts every reading.
    private func countingPass(_ options: AnalysisOptions, planners: [HostPlanner], origin: Int64, evidenceWarnings: [AnalysisWarning],
                              opened: [Int: Result<any PacketReader, CaptureError>], reading: Int = 0, of readings: Int = 1) -> [(PassResult, [HostPlan])] {
        let planner = planners[0]
        var registry = planner.registry
        for slot in registry.members.indices where !planner.plans[registry.members[slot].host].hypotheses.isEmpty {
            registry.withMember(slot) { $0.lacpUndirected = true }
        }
        let streamsOpened = InputStream.openAll(specs, hosts: hostNames, registry: &registry, threads: options.parallel, opened: opened)
        var readers: [(any PacketReader)?] = Array(repeating: nil, count: specs.count)
        for case .success(let s) in streamsOpened { readers[s.index] = s.reader }
        let pass = CountingPass(plans: planner.plans, registry: registry, options: options, filter: filter,
                                origin: origin, readers: readers, hypotheses: planners.dropFirst().map(\.plans))
        let streams = streamsOpened.compactMap { try? $0.get() }
        var merge = MemberMerge(streams)
        if let onProgress {
            let sizes = specs.indices.map { i in streams.first { $0.index == i }.flatMap { Self.uncompressedSize($0) } }
            let each: Int? = sizes.contains(where: { $0 == nil }) ? nil : sizes.reduce(0) { $0 + $1! }
            let total = each.map { $0 * readings }, before = (each ?? 0) * reading
            var positions = [Int](repeating: 0, count: specs.count)
            var seen = 0
            merge.forEach { s in
                pass.consume(s)
                seen += 1
                if seen & 0xFFFF == 0 {
                    positions[s.index] = s.current!.offset
                    onProgress(AnalysisProgress(packets: seen, bytesRead: before + positions.reduce(0, +), bytesTotal: total, finished: false))
                }
                return true
            }
            if reading == readings - 1 {
                onProgress(AnalysisProgress(packets: seen, bytesRead: total ?? positions.reduce(0, +), bytesTotal: total, finished: true))
            }
        } else {
            merge.forEach { s in
                pass.consume(s)
                return true
            }
        }
        let inputs = streamsOpened.enumerated().map { i, r -> InputSummary in
            switch r {
            case .failure(let e):
                return InputSummary(spec: specs[i], host: hostNames[i], openError: e)
            case .success(let s):
                let reader = s.reader
                return InputSummary(spec: s.spec, host: s.host, format: reader.format, compressed: reader.compressed, packets: s.packets,
                                    error: s.error, interfaces: reader.interfaces, statistics: reader.statistics,
                                    slots: s.slots,
                                    memberNames: reader.interfaces.indices.map { j in
                                        // A split SLL2 interface: the members its packets went to.
                                        let parts = s.split.filter { $0.key >> 32 == j }.map { pass.registry.members[Int($0.value)].name }.sorted()
                                        return parts.isEmpty ? s.memberName(forInterface: j) : parts.joined(separator: "+")
                                    },
                                    interfacePackets: s.interfacePackets, interfaceDrops: s.interfaceDrops, anomalies: s.anomalies,
                                    splitIndices: Set(s.split.keys.map { UInt32(truncatingIfNeeded: $0) }).subtracting([.max]).sorted())
            }
        }
        // Warnings in the order they arose: the evidence pass's, the plans', the counting pass's.
        let countingWarnings = pass.registry.warnings.filter { !evidenceWarnings.contains($0) }
        let results = pass.finishAll(inputs: inputs, warnings: evidenceWarnings + planner.warnings + countingWarnings)
        return zip(results, planners.map(\.plans)).map { ($0, $1) }
    }
}
