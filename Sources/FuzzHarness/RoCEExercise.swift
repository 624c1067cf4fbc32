import PacketWire

/// One RoCEv2 datagram's UDP payload through the InfiniBand transport header reader
/// (`RoCEv2Packet`), with its promises checked: it throws or reads every field it found inside
/// the bytes, and the payload it counts fits the datagram.
public enum RoCEExercise {
    /// The input of `FuzzTarget.roce`: the datagram's declared UDP payload length (two bytes,
    /// big-endian), then what was captured of that payload.
    public static func input(declared: Int, payload: [UInt8]) -> [UInt8] {
        [UInt8(declared >> 8 & 0xFF), UInt8(declared & 0xFF)] + payload
    }

    /// Whether the headers were read (false: too short to say, or the reader threw).
    @discardableResult
    public static func run(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 2 else { return false }
        let declared = Int(bytes[0]) << 8 | Int(bytes[1])
        // SAFETY: a slice of bytes, used inside this call only.
        let payload = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(2))
        let p: RoCEv2Packet
        do {
            p = try RoCEv2Packet(payload, at: 0, datagramLength: declared)
        } catch {
            FrameExercise.check(error.offset >= 0 && error.needed > error.available, "an error that is none: \(error)")
            return false
        }
        FrameExercise.check(p.payloadLength >= 0 && p.payloadLength <= declared, "payload \(p.payloadLength) outside a \(declared)-byte datagram")
        let b = p.bth
        var x = UInt32(b.opcode.rawValue) &+ b.destinationQP &+ b.psn &+ UInt32(b.partitionKey) &+ UInt32(b.padCount) &+ UInt32(b.transportVersion)
        x &+= (b.solicitedEvent ? 1 : 0) &+ (b.migrationRequest ? 2 : 0) &+ (b.fecn ? 4 : 0) &+ (b.becn ? 8 : 0) &+ (b.acknowledgeRequest ? 16 : 0)
        if let r = p.reth { x &+= UInt32(truncatingIfNeeded: r.virtualAddress) &+ r.remoteKey &+ r.dmaLength }
        if let a = p.aeth { x &+= UInt32(a.syndrome.rawValue) &+ a.messageSequenceNumber &+ UInt32(a.syndrome.nakCode?.rawValue ?? 0) }
        FrameExercise.sink &+= x
        return true
    }

    /// Seeds for the target where no capture holds RoCEv2: an RDMA WRITE First with its RETH, a
    /// NAK with its AETH, a READ request, a congestion notification packet.
    public static let seeds: [[UInt8]] = [
        input(declared: 12 + 16 + 4096 + 4, payload: [0x06, 0x00, 0xFF, 0xFF, 0, 0, 0x01, 0x02, 0x80, 0, 0x10, 0,
                                                      0, 0, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0x2A, 0x01, 0, 0, 0x80, 0]),
        input(declared: 20, payload: [0x11, 0, 0xFF, 0xFF, 0, 0, 0, 0x11, 0, 0, 0x10, 0x0B, 0x60, 0, 0, 2, 0, 0, 0, 0]),
        input(declared: 32, payload: [0x0C, 0, 0xFF, 0xFF, 0, 0, 0x01, 0x04, 0, 0, 0x30, 0,
                                      0, 0, 0x7E, 0, 0, 0, 0, 0, 0, 0, 0x3B, 0, 0, 0, 0x40, 0, 0, 0, 0, 0]),
        input(declared: 32, payload: [0x81, 0, 0xFF, 0xFF, 0, 0, 0x01, 0x04, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 20)),
    ]
}
