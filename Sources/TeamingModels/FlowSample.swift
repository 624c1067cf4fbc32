import PacketWire

/// One flow direction a host sent, as model inference sees it: a representative frame (its
/// headers), the flow's identity, and the bytes each of the host's members carried.
public struct FlowSample: Sendable {
    /// The first frame the host sent in this direction (its headers, as Ethernet).
    public var frame: SampledFrame
    public var sourceMAC: UInt64
    public var destinationMAC: UInt64
    public var source: IPAddress
    public var destination: IPAddress
    public var packets: Int
    /// Bytes per member index (into the host's member list).
    public var memberBytes: [Int]
    /// The member that carried `frame`: what an exact hash must predict (later moves, such as a
    /// failover, do not count against it).
    public var firstMember: Int
    /// When `frame` was sent (ns; 0 when unknown): an exact hash is scored against the members
    /// usable then (`TeamState`).
    public var firstTime: Int64 = 0
    /// The source MAC before any rewrite: where a switch-independent member sent the frame with
    /// its own MAC, the team's MAC that the same address uses elsewhere (what a MAC hash reads
    /// before the member rewrites). `sourceMAC` otherwise.
    public var teamSourceMAC: UInt64?
    /// Whether the flow kept changing member (striping), which no hash model allows; a few
    /// lasting moves (a failover) are not striping.
    public var striped: Bool
    /// The quiet time before each lasting change of member (ns).
    public var moveGaps: [Int64]
    /// Packets that arrived on another member than the packet before them.
    public var memberChanges: Int
    /// Each lasting change of member, oldest first (empty when unknown or none).
    public var moves: [Move] = []
    /// When the host sent this direction's last packet (ns; 0 when unknown).
    public var lastTime: Int64 = 0

    /// A lasting change of member: the first packet on `member` at `time`, after `quietBefore`
    /// ns without a packet on the old one.
    public struct Move: Sendable, Equatable {
        public var time: Int64
        public var member: Int
        public var quietBefore: Int64

        public init(time: Int64, member: Int, quietBefore: Int64) {
            self.time = time
            self.member = member
            self.quietBefore = quietBefore
        }
    }
    /// Which flow direction this is, for the report's disagreeing flows (nil in tests that
    /// need none).
    public var label: Label?

    public struct Label: Sendable, Equatable {
        public var `protocol`: IPProtocol
        public var src: String
        public var srcPort: Int
        public var dst: String
        public var dstPort: Int
        public var firstNs: Int64
        public init(protocol: IPProtocol, src: String, srcPort: Int, dst: String, dstPort: Int, firstNs: Int64) {
            self.protocol = `protocol`
            self.src = src
            self.srcPort = srcPort
            self.dst = dst
            self.dstPort = dstPort
            self.firstNs = firstNs
        }
    }

    public init(frame: SampledFrame, sourceMAC: UInt64, destinationMAC: UInt64, source: IPAddress, destination: IPAddress,
                packets: Int, memberBytes: [Int], firstMember: Int, striped: Bool = false, moveGaps: [Int64] = [],
                memberChanges: Int = 0) {
        self.moveGaps = moveGaps
        self.memberChanges = memberChanges
        self.firstMember = firstMember
        self.striped = striped
        self.frame = frame
        self.sourceMAC = sourceMAC
        self.destinationMAC = destinationMAC
        self.source = source
        self.destination = destination
        self.packets = packets
        self.memberBytes = memberBytes
    }

    public var bytes: Int { memberBytes.reduce(0, +) }

    /// The member carrying at least `threshold` of the bytes, if one does.
    public func pinnedMember(threshold: Double) -> Int? {
        let total = bytes
        guard total > 0, let (i, b) = memberBytes.enumerated().max(by: { $0.element < $1.element }) else { return nil }
        return Double(b) >= threshold * Double(total) ? i : nil
    }
}
