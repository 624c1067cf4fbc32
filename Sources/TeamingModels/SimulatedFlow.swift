import PacketWire

/// One flow direction to redistribute: a representative frame and what it carried.
public struct SimulatedFlow: Sendable {
    /// Its first frame's headers, as Ethernet.
    public var frame: SampledFrame
    public var bytes: Int
    public var packets: Int

    public init(frame: SampledFrame, bytes: Int, packets: Int) {
        self.frame = frame
        self.bytes = bytes
        self.packets = packets
    }
}
