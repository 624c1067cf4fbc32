/// One RDMA flow as one captured host saw it (RoCEv2, IBTA Vol. 1 annex A17): the two ends, the
/// destination queue pair, the UDP source port its entropy hash chose, what each member carried,
/// and RDMA's own retransmission figures — PSN gaps, resent PSNs and NAKs (the AETH syndrome).
/// Each direction of a queue-pair connection is a flow of its own: the BTH names only the
/// destination QP.
public struct RDMAFlowReport: Codable, Sendable, Equatable {
    public var host: String
    public var src: String
    public var dst: String
    public var destQp: Int
    /// The UDP source port of the first packet, and every one seen when there were several.
    public var udpSrcPort: Int
    public var udpSrcPorts: [Int]?
    /// Each member that carried it, busiest first.
    public var members: [RDMAMemberShare]
    /// One member carried at least the pinned threshold of its bytes.
    public var pinned: Bool
    /// Changes of carrying member that stuck (as for TCP flows, `--move-debounce`).
    public var moves: Int
    public var packets: Int
    public var bytes: Int
    /// Request PSNs that jumped ahead of the next expected one, and request packets whose PSN was
    /// behind it (seen before, or resent after a NAK or a timeout).
    public var psnGaps: Int
    public var resent: Int
    /// NAKs in this flow (a responder's answer to a request flow), and receiver-not-ready NAKs.
    public var naks: Int
    public var rnrNaks: Int?
    /// RoCEv2 congestion notification packets in this flow.
    public var congestionNotifications: Int?
    public var firstNs: Int64
    public var lastNs: Int64

    /// "192.0.2.1→192.0.2.2 QP 0x000123" (the QP in hex, as TShark and the verbs tools show it).
    public var label: String {
        let hex = String(destQp, radix: 16)
        return "\(src)→\(dst) QP 0x\(String(repeating: "0", count: max(0, 6 - hex.count)))\(hex)"
    }

    enum CodingKeys: String, CodingKey {
        case host, src, dst, destQp = "dest_qp", udpSrcPort = "udp_src_port", udpSrcPorts = "udp_src_ports", members
        case pinned, moves, packets, bytes, psnGaps = "psn_gaps", resent, naks, rnrNaks = "rnr_naks"
        case congestionNotifications = "congestion_notifications", firstNs = "first_ns", lastNs = "last_ns"
    }
}

/// One member's part of an RDMA flow.
public struct RDMAMemberShare: Codable, Sendable, Equatable {
    public var member: String
    public var packets: Int
    public var bytes: Int
    /// Its fraction of the flow's bytes at this host (0…1).
    public var share: Double
}
