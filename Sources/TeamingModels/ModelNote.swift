/// What a model's fit rests on, as facts; Reporting words it (`inference[].note`).
public enum ModelNote: Codable, Sendable, Equatable {
    /// An exact Linux hash of each flow's first frame.
    case exactHash
    /// encap2+3/encap3+4: innermost addresses of IP-in-IP and GRE, VXLAN/Geneve by the outer
    /// headers, and a precomputed skb hash no capture shows.
    case encapHash
    /// Round robin: flows of at least `minimumPackets` must use every member; the striped flows'
    /// typical run on one member, when any changed member.
    case striping(minimumPackets: Int, runs: StripeRuns?)
    /// Active-backup: everything leaves on this member.
    case activeMember(String)
    /// Active-backup across failovers: everything on one member at a time, these in turn.
    case activeInTurn([String])
    /// TransportPorts: each 4-tuple on one member (the hash is unpublished).
    case tuplePinned
    /// Dynamic: on one member between flowlets, moving only after this much quiet (ns).
    case flowlets(gapNanoseconds: Int64)
    /// Each IP pair, MAC pair or source MAC (vPort) on one member.
    case ipPairPinned
    case macPairPinned
    case sourceMACPinned
    /// balance-tlb/alb: per-member MACs, flows on one member between rebalances, and what the
    /// host's receive side showed (nil: unknown).
    case adaptive(alb: Bool, receive: ReceivePattern?)

    /// balance-rr's packets_per_slave as the striped flows show it.
    public struct StripeRuns: Codable, Sendable, Equatable {
        /// Median over flows of packets / (member changes + 1).
        public var packetsPerRun: Double
        public var flows: Int

        enum CodingKeys: String, CodingKey {
            case packetsPerRun = "packets_per_run", flows
        }
    }

    enum CodingKeys: String, CodingKey {
        case exactHash = "exact_hash", encapHash = "encap_hash", striping, activeMember = "active_member"
        case activeInTurn = "active_in_turn", tuplePinned = "tuple_pinned", flowlets, ipPairPinned = "ip_pair_pinned"
        case macPairPinned = "mac_pair_pinned", sourceMACPinned = "source_mac_pinned", adaptive
    }
    enum StripingCodingKeys: String, CodingKey {
        case minimumPackets = "minimum_packets", runs
    }
    enum FlowletsCodingKeys: String, CodingKey {
        case gapNanoseconds = "gap_nanoseconds"
    }
}
