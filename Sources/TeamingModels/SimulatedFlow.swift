/// One flow direction to redistribute: a representative frame and what it carried.
public struct SimulatedFlow: Sendable {
    public var frame: [UInt8]
    public var bytes: Int
    public var packets: Int

    public init(frame: [UInt8], bytes: Int, packets: Int) {
        self.frame = frame
        self.bytes = bytes
        self.packets = packets
    }
}
