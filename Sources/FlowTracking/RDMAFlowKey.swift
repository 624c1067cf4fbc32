import PacketWire

/// What tells one RDMA flow from another as one captured host saw it: the two ends' addresses
/// and the destination queue pair of the InfiniBand BTH (IBTA Vol. 1 9.2). RoCEv2 carries no
/// source QP in connected services, so each direction of a queue-pair connection is a flow of
/// its own (the requests to the responder's QP, the responses and acknowledges to the
/// requester's).
public struct RDMAFlowKey: Hashable, Sendable {
    /// The host slot that saw the packets.
    public var host: Int32
    public var source: IPAddress
    public var destination: IPAddress
    /// 24 bits.
    public var destinationQP: UInt32

    public init(host: Int32, source: IPAddress, destination: IPAddress, destinationQP: UInt32) {
        self.host = host
        self.source = source
        self.destination = destination
        self.destinationQP = destinationQP
    }
}
