/// A captured host's RDMA flows at a glance: how many, how they spread over the members, and the
/// UDP source-port entropy a switch or team hashing RoCEv2 sees (annex A17.3.2: the sender puts a
/// flow hash there, so many QPs over few ports hash onto few members).
public struct RDMAHostSummary: Codable, Sendable, Equatable {
    public var host: String
    public var flows: Int
    public var packets: Int
    public var bytes: Int
    /// Distinct UDP source ports over its flows, and the Shannon entropy of the flows' bytes over
    /// those ports, in bits (0: one port; log2 of the port count: bytes evenly spread).
    public var udpSourcePorts: Int
    public var udpSourcePortEntropyBits: Double
    /// Each member's share of the host's RDMA bytes; members that carried none are absent.
    public var memberShares: [String: Double]
    /// Flows held to one member.
    public var pinnedFlows: Int
    public var psnGaps: Int
    public var resent: Int
    public var naks: Int

    enum CodingKeys: String, CodingKey {
        case host, flows, packets, bytes, udpSourcePorts = "udp_source_ports"
        case udpSourcePortEntropyBits = "udp_source_port_entropy_bits", memberShares = "member_shares"
        case pinnedFlows = "pinned_flows", psnGaps = "psn_gaps", resent, naks
    }
}
