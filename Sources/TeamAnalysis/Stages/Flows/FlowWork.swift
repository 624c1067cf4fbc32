import FlowTracking
import PacketWire

/// One packet for the flow stage on its own thread: the facts the counting pass decoded, where
/// its bytes are (for the sampled frame, SMB and RoCEv2), and how the counting pass counted it.
/// 120 bytes (a `FlowPacket` is 68 of them): under two cache lines.
struct FlowWork {
    var packet: FlowPacket
    var time: Int64
    var wireLength: Int
    /// Its bytes where the capture holds them (a mapped file), or their copy in the batch's arena.
    var bytes: UnsafeRawPointer?
    var count: Int32
    var host: Int32
    var member: Int32
    /// Its whole decoded form in the batch (`FlowBatch.decoded`), or -1: only SMB and RoCEv2
    /// packets need it.
    var decoded: Int32
    var linkType: LinkType
    /// Bit k: the host sent it under direction hypothesis k (bit 0 alone without hypotheses).
    var sent: UInt8
}
