import CaptureIO
import PacketWire

/// The facts about one frame that duplicate matching and direction evidence use.
struct FrameIdentity {
    var hash: UInt64
    /// Hash of (input, epb_packetid) when the capture carries packet ids (pktmon).
    var packetIDHash: UInt64?
    /// The sender's MAC; for an LACPDU, the actor's system id (the bond's MAC) rather than the
    /// member port's own address.
    var source: UInt64

    @inline(__always)
    init(_ record: CaptureRecord, _ d: DecodedPacket, input: Int) {
        if d.sllPacketType != nil && d.networkOffset > 0 && d.networkOffset <= record.bytes.count {
            // A cooked (SLL/SLL2) header differs between copies of one frame — the interface
            // index, the packet type — so copies are matched on what follows it. Not on the
            // sender's address either, as Ethernet copies are matched modulo the source MAC: a
            // balance-tlb/alb member sends the master's frame with its own MAC.
            let off = d.networkOffset
            // SAFETY: 0 < off <= record.bytes.count was checked above.
            hash = FrameHash.hash(UnsafeRawBufferPointer(rebasing: record.bytes[off...]), wireLength: record.wireLength - off)
                ^ 0x0C00_CED0_0000_0000
        } else {
            // Ethernet: matched modulo the source MAC, which a rewriting member changes.
            hash = FrameHash.hash(record.bytes, wireLength: record.wireLength,
                                  ignoringSourceMAC: d.hasMAC && d.hasDestinationMAC && record.bytes.count >= 16)
        }
        packetIDHash = record.packetID.map { FrameHash.mix($0 ^ (UInt64(input) << 52) ^ 0x5A5A_0000_0000_0000) }
        source = Self.effectiveSource(d, record.bytes)
    }

    /// LACPDU ([IEEE 802.1AX] 6.4.2): subtype 1, version, TLV type 1, length 20, actor system
    /// priority (2 bytes), actor system (6 bytes).
    @inline(__always)
    static func effectiveSource(_ d: DecodedPacket, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        // SAFETY: the subtype and the actor MAC (+ 6..<12) are inside the 12 bytes checked here.
        if d.network == .slowProtocols, let p = bytes.baseAddress, bytes.count >= d.networkOffset + 12,
           p.load(fromByteOffset: d.networkOffset, as: UInt8.self) == 1 {
            return MACAddress(p + d.networkOffset + 6).rawValue
        }
        return d.sourceMAC.rawValue
    }
}
