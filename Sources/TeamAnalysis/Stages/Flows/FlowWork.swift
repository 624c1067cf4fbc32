import FlowTracking
import PacketWire

/// One packet for the flow stage's thread: the flow stage's facts of it (`FlowPacket`, copied
/// out of its decoded form where it was decoded), what its member's traffic counters read
/// (`MemberState.recordTraffic`), where its bytes are, and how the counting pass counted it.
/// 144 bytes, where the whole decoded form made 256: less to write on one core and read on the
/// other. The packets whose payload the stage parses (SMB, RoCEv2: `FlowStage.needsDecodedForm`)
/// carry their whole decoded form too, copied into the batch's arena.
struct FlowWork {
    var packet: FlowPacket
    var time: Int64
    var wireLength: Int
    /// Its bytes where the capture holds them (a mapped file), or their copy in the batch's arena.
    var bytes: UnsafeRawPointer?
    /// Its whole decoded form in the batch's arena when the stage reads more than `packet`; nil
    /// otherwise.
    var decoded: UnsafePointer<DecodedPacket>?
    /// Its input's frame number (SMB's findings cite it).
    var frame: Int64
    /// The destination MAC, where the link header has one (`packet.hasMAC`).
    var destinationMAC: MACAddress
    var count: Int32
    var host: Int32
    var member: Int32
    /// Its input (SMB's findings cite it).
    var input: Int32
    var linkType: LinkType
    var network: NetworkKind
    /// Bit k: the host sent it under direction hypothesis k (bit 0 alone without hypotheses).
    var sent: UInt8
    /// Its direction at its member under the first hypothesis.
    var direction: Direction
}
