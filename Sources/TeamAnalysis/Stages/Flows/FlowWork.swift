import PacketWire

/// One packet for the flow stage's thread: its whole decoded form (copied as it is: the counting
/// thread, the busier of the two, builds nothing from it), where its bytes are, and how the
/// counting pass counted it. The stage's thread derives the flow stage's facts (`FlowPacket`)
/// and counts the packet at its member (`MemberState.record`) from it.
struct FlowWork {
    var decoded: DecodedPacket
    var time: Int64
    var wireLength: Int
    /// Its bytes where the capture holds them (a mapped file), or their copy in the batch's arena.
    var bytes: UnsafeRawPointer?
    var count: Int32
    var host: Int32
    var member: Int32
    /// Its input and its frame number there (SMB's findings cite them).
    var input: Int32
    var frame: Int64
    var linkType: LinkType
    /// Bit k: the host sent it under direction hypothesis k (bit 0 alone without hypotheses).
    var sent: UInt8
    /// Its direction at its member under the first hypothesis.
    var direction: Direction
}
