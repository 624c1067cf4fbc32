import PacketWire

/// A packet's flow key, which way the packet goes in it and the key's hash, worked out once: the
/// flow stage works them out a few packets ahead to prefetch the flow's index slot and record
/// (`FlowTable.prefetchSlot`, `prefetchRecord`), then hands the same probe to `observe`.
public struct FlowProbe: Sendable {
    public let key: FlowKey
    /// Whether the packet travels from `key.a` to `key.b`.
    public let aToB: Bool
    let hash: Int

    /// The probe of a decoded packet (meaningless, and unused, when it has no transport header).
    @inline(__always)
    public init(_ d: DecodedPacket) {
        (key, aToB) = FlowKey.of(d)
        hash = FlowIndex.hash(key)
    }

    /// The probe of a packet's facts (as meaningless, and unused, without a transport header).
    @inline(__always)
    public init(_ p: FlowPacket) {
        (key, aToB) = FlowKey.of(source: p.source, sourcePort: p.sourcePort, destination: p.destination,
                                 destinationPort: p.destinationPort, ipProtocol: p.ipProtocol.rawValue)
        hash = FlowIndex.hash(key)
    }
}
