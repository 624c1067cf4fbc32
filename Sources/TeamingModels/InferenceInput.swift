/// What every teaming model is scored on: the flow directions one host sent, its members, the
/// member orders to try for exact hashes, and the host's receive pattern.
public struct InferenceInput: Sendable {
    public let samples: [FlowSample]
    public let memberNames: [String]
    /// The order given with `--members`, if any.
    public let givenOrder: [String]?
    /// Member orders an exact hash is tried with (indices into `memberNames`).
    public let orders: [[Int]]
    /// Per sample, the member carrying at least `threshold` of its bytes, if one does.
    public let pinned: [Int?]
    public let totalBytes: Int
    /// Bytes per member over all samples.
    public let perMember: [Int]
    public let era: LinuxKernelEra
    public let receive: ReceivePattern?
    /// Which members the team could send on over time, when the capture shows it.
    public let teamState: TeamState?

    public init(samples: [FlowSample], memberNames: [String], order givenOrder: [String]? = nil, threshold: Double = 0.999,
                era: LinuxKernelEra = .current, receive: ReceivePattern? = nil, teamState: TeamState? = nil) {
        self.samples = samples
        self.memberNames = memberNames
        self.givenOrder = givenOrder
        let n = memberNames.count
        if let givenOrder {
            orders = [givenOrder.compactMap { memberNames.firstIndex(of: $0) }]
        } else {
            orders = n <= 6 ? Self.permutations(Array(0..<n)) : [Array(0..<n)]
        }
        pinned = samples.map { $0.pinnedMember(threshold: threshold) }
        totalBytes = samples.map(\.bytes).reduce(0, +)
        var perMember = [Int](repeating: 0, count: n)
        for s in samples { for (m, b) in s.memberBytes.enumerated() where m < n { perMember[m] += b } }
        self.perMember = perMember
        self.era = era
        self.receive = receive
        self.teamState = teamState.flatMap { $0.isKnown && $0.members.count == memberNames.count ? $0 : nil }
    }

    public var memberCount: Int { memberNames.count }

    /// The fit of a consistency model: the samples at `indices` agree with it, out of all.
    func consistent(_ model: ModelName, _ indices: [Int], order: [String]? = nil, note: ModelNote) -> ModelFit {
        ModelFit(model: model, flowsConsistent: indices.count, flowsTotal: samples.count,
                 bytesConsistent: indices.map { samples[$0].bytes }.reduce(0, +), bytesTotal: totalBytes,
                 memberOrder: order, orderUnique: nil, chanceFit: nil, note: note)
    }

    /// The fit of a rule that every sample sharing `key` stays on one member: a group counts
    /// when all its samples are pinned to the same member.
    func grouped<Key: Hashable>(_ model: ModelName, note: ModelNote, key: (FlowSample) -> Key) -> ModelFit {
        var groups: [Key: [Int]] = [:]
        for i in samples.indices { groups[key(samples[i]), default: []].append(i) }
        var flows = 0, bytes = 0
        for (_, members) in groups {
            let m = members.map { pinned[$0] }
            if let first = m.first, let f = first, m.allSatisfy({ $0 == f }) {
                flows += members.count
                bytes += members.map { samples[$0].bytes }.reduce(0, +)
            }
        }
        return ModelFit(model: model, flowsConsistent: flows, flowsTotal: samples.count, bytesConsistent: bytes,
                        bytesTotal: totalBytes, memberOrder: nil, orderUnique: nil, chanceFit: nil, note: note)
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
}
