import TeamingModels
import PacketWire

/// How the main pass treats one host: which MACs are its own (the direction rule for frames
/// the capture did not mark), and how copies of one packet on its interfaces are matched.
struct HostPlan {
    enum Dedupe: Equatable {
        /// No interface of this host repeats another's packets.
        case none
        /// Aggregates repeat members: their copies are matched and never counted as members'.
        case aggregates
        /// Two interfaces repeat each other but neither is known to be the aggregate: the first
        /// copy counts, later copies are removed.
        case firstCopy
    }

    let name: String
    /// No argument or folder named the host (`TeamAnalyzer.unnamedHost`).
    var unnamed = false
    var localMACs: [UInt64] = []
    var localIPs: [IPAddress] = []
    /// What found `localMACs` (`.unknown` when nothing did).
    var macSource: DirectionSource = .unknown
    var confidence = Confidence.none
    /// What found `localMACs` (or why nothing did).
    var basis = DirectionBasis.noEvidence
    /// One host alone with no direction decided: the candidate sets of own MACs (stations), each
    /// judged in turn (`TeamAnalyzer`, in one counting pass: `CountingPass`); empty otherwise.
    var hypotheses: [[UInt64]] = []
    /// One host alone: the stations that are teams (several MACs from one address, each mostly
    /// on a member of its own). One of them that is not the host's is a peer team wired back to
    /// back: what the host receives is that team's transmit choice, not a switch's.
    var teamStations: [[UInt64]] = []

    /// A peer team wired back to back to the host's members (see `teamStations`).
    var peerTeamWired: Bool {
        teamStations.contains { station in !station.allSatisfy { localMACs.contains($0) } }
    }
    var dedupe: Dedupe = .none
    /// Two members of this host repeat each other's packets (besides any aggregate).
    var membersRepeat = false

    init(name: String, unnamed: Bool = false) {
        self.name = name
        self.unnamed = unnamed
    }
}

/// The part of a `HostPlan` the per-packet path reads, with no reference-counted storage: the
/// addresses live in buffers the analyzer owns, so reading a rule costs no retain or release.
struct DirectionRule {
    var macSource: DirectionSource
    var macs: UnsafeMutableBufferPointer<UInt64>
    var ips: UnsafeMutableBufferPointer<IPAddress>

    init(_ plan: HostPlan) {
        macSource = plan.macSource
        // SAFETY: each buffer is allocated with the count it is initialised from.
        macs = .allocate(capacity: plan.localMACs.count)
        _ = macs.initialize(from: plan.localMACs)
        ips = .allocate(capacity: plan.localIPs.count)
        _ = ips.initialize(from: plan.localIPs)
    }

    func deallocate() {
        macs.deallocate()
        ips.deallocate()
    }

    @inline(__always)
    func isLocal(_ mac: UInt64) -> Bool {
        for m in macs where m == mac { return true }
        return false
    }

    @inline(__always)
    func isLocal(_ ip: IPAddress) -> Bool {
        for a in ips where a == ip { return true }
        return false
    }
}
