/// What one counter series measures, in bytes per second of one member: what its NIC sent and
/// received as network frames, and what its RDMA engine sent and received, which bypasses the
/// host's network stack and so every packet capture on the host.
public enum CounterQuantity: Int, CaseIterable, Sendable, Codable, Hashable {
    case sent
    case received
    case rdmaSent
    case rdmaReceived

    public var isRDMA: Bool { self == .rdmaSent || self == .rdmaReceived }
}
