/// What a host's direction rests on: which evidence found its own MACs, with the figures;
/// Reporting words it (`direction.explanation`).
public enum DirectionBasis: Codable, Sendable, Equatable {
    /// Every packet carries its direction: pcapng `epb_flags`, or the Linux SLL/SLL2 packet type.
    case everyPacketMarked(byFlags: Bool)
    /// A live capture: the kernel's packet type, through a handle per direction on each member.
    case kernelDirection
    /// `--local-mac` gave them.
    case givenMACs
    /// A live capture read them from the captured interfaces (sysfs `address`).
    case interfaceMACs(macs: [String])
    /// The host's own link list (`--links`, `ip -d -j link show`) gave its MACs.
    case describedMACs(macs: [String])
    /// The MACs that sent from the `--local-ip` addresses.
    case learnedFromIPs(macs: [String])
    /// The `--local-ip` addresses decide packet by packet; no frame from them carried a MAC
    /// (raw IP), so packets neither from nor to them stay unknown.
    case localIPsOnly(ips: [String])
    /// A bond master captured beside its members: its copy of a sent frame comes first.
    case aggregateCopyOrder(macs: [String], aggregates: [String])
    /// Both ends captured: frames from these MACs reached the other host later than this one.
    case crossHostTiming(macs: [String], otherHost: String, medianDelays: [MACDelay], frames: Int)
    /// One host alone: the only MAC sending on every member (a guess).
    case onlyMACOnEveryMember(mac: String)
    /// One host alone, several MACs on every member: only `mac` sent with an initial TTL / hop
    /// limit (64 or 128, `packets` of them), the `routed` MACs only with lower ones (peers
    /// behind a router, through the gateway's MAC).
    case initialTTL(mac: String, packets: Int, routed: [String])
    /// One host alone: what its member captures show says `macs` are the host's (`signals`).
    case captureSignals(macs: [String], signals: [DirectionSignal])
    /// One host alone: each of `stations` (the MACs that send from one set of addresses) sent
    /// on every member and nothing in the capture says which is the host's; the report was
    /// judged with each as the host's (`hosts[].direction.hypotheses`), the first shown.
    case hypotheses(stations: [[String]], signals: [DirectionSignal])
    /// Several MACs send on every member (a shared segment): nothing says which is the host's.
    case sharedSegment(macs: [String])
    /// No MAC sends on every member, and nothing else was found.
    case noEvidence
    /// No frame with a source MAC at all.
    case noSourceMAC

    /// One MAC's median delay, other host minus this one, in nanoseconds.
    public struct MACDelay: Codable, Sendable, Equatable {
        public var mac: String
        public var nanoseconds: Int64
    }

    enum CodingKeys: String, CodingKey {
        case everyPacketMarked = "every_packet_marked", kernelDirection = "kernel_direction", givenMACs = "given_ma_cs"
        case interfaceMACs = "interface_ma_cs", describedMACs = "described_ma_cs", learnedFromIPs = "learned_from_i_ps"
        case localIPsOnly = "local_i_ps_only", aggregateCopyOrder = "aggregate_copy_order"
        case crossHostTiming = "cross_host_timing", onlyMACOnEveryMember = "only_mac_on_every_member"
        case initialTTL = "initial_ttl", captureSignals = "capture_signals", hypotheses, sharedSegment = "shared_segment"
        case noEvidence = "no_evidence", noSourceMAC = "no_source_mac"
    }
    enum EveryPacketMarkedCodingKeys: String, CodingKey {
        case byFlags = "by_flags"
    }
    enum CrossHostTimingCodingKeys: String, CodingKey {
        case macs, otherHost = "other_host", medianDelays = "median_delays", frames
    }
}
