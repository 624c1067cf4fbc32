import PacketWire
import SMBSessions

/// Turns `TCPStreamInput` segments into Ethernet/IPv4/TCP frames between a client and an SMB
/// server on port 445 (or `serverPort`: 5445 for SMB Direct over iWARP) and hands them, decoded, to an `SMBTracker` — the path the SMB layer's
/// bytes take in `teamscope analyze`, without a capture file around them.
public struct SMBStreamFeeder {
    private var frame = [UInt8](repeating: 0, count: 54 + 65_495)
    private var clientPort: UInt16 = 49_152
    private var seq: (toServer: UInt32, toClient: UInt32) = (0, 0)
    private var previous: (toServer: UInt32, toClient: UInt32) = (0, 0)
    private var time: Int64 = 1_000_000_000
    private var number: Int64 = 0
    private var decoded = DecodedPacket()

    private let serverPort: UInt16

    public init(serverPort: UInt16 = 445) { self.serverPort = serverPort }

    public mutating func feed(_ segments: [TCPStreamInput.Segment], to tracker: SMBTracker) {
        open(tracker)
        for s in segments {
            if s.newConnection { open(tracker) }
            if s.hole {
                if s.toServer { seq.toServer &+= 1000 } else { seq.toClient &+= 1000 }
            }
            var at = s.toServer ? seq.toServer : seq.toClient
            if s.repeats { at = s.toServer ? previous.toServer : previous.toClient }
            if s.toServer { previous.toServer = at } else { previous.toClient = at }
            var flags: UInt8 = 0x18  // PSH, ACK
            if s.fin { flags |= 0x01 }
            if s.rst { flags |= 0x04 }
            send(tracker, toServer: s.toServer, seq: at, flags: flags, payload: s.payload)
            let end = at &+ UInt32(min(s.payload.count, 65_495)) &+ (s.fin ? 1 : 0)
            if s.toServer {
                if end &- seq.toServer < 0x8000_0000 { seq.toServer = end }
            } else if end &- seq.toClient < 0x8000_0000 {
                seq.toClient = end
            }
        }
        tracker.finish()
        _ = tracker.sessionSummaries()
        _ = tracker.connectionSummaries()
    }

    /// A new connection from the next client port: SYN, SYN-ACK.
    private mutating func open(_ tracker: SMBTracker) {
        clientPort &+= 1
        seq = (1_000, 500_000)
        previous = seq
        // SAFETY: an empty payload: nothing is read from it.
        send(tracker, toServer: true, seq: seq.toServer &- 1, flags: 0x02, payload: UnsafeRawBufferPointer(start: nil, count: 0))
        send(tracker, toServer: false, seq: seq.toClient &- 1, flags: 0x12, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private mutating func send(_ tracker: SMBTracker, toServer: Bool, seq: UInt32, flags: UInt8, payload: UnsafeRawBufferPointer) {
        let n = min(payload.count, 65_495)
        // SAFETY: frame has 54 + 65,495 bytes and n <= 65,495: every write and the slice are inside.
        frame.withUnsafeMutableBytes { f in
            // Ethernet: client 02:00:00:00:00:01, server 02:00:00:00:00:02, IPv4.
            for i in 0..<12 { f[i] = 0 }
            f[0] = 2; f[6] = 2
            f[5] = toServer ? 2 : 1
            f[11] = toServer ? 1 : 2
            f[12] = 0x08; f[13] = 0x00
            // IPv4 192.0.2.1 <-> 192.0.2.2, no options.
            let total = 40 + n
            f[14] = 0x45; f[15] = 0
            f[16] = UInt8(total >> 8); f[17] = UInt8(total & 0xFF)
            f[18] = 0; f[19] = 0; f[20] = 0x40; f[21] = 0
            f[22] = 64; f[23] = 6; f[24] = 0; f[25] = 0
            let (src, dst): (UInt8, UInt8) = toServer ? (1, 2) : (2, 1)
            f[26] = 192; f[27] = 0; f[28] = 2; f[29] = src
            f[30] = 192; f[31] = 0; f[32] = 2; f[33] = dst
            // TCP.
            let (sp, dp) = toServer ? (clientPort, serverPort) : (serverPort, clientPort)
            f[34] = UInt8(sp >> 8); f[35] = UInt8(sp & 0xFF)
            f[36] = UInt8(dp >> 8); f[37] = UInt8(dp & 0xFF)
            for i in 0..<4 { f[38 + i] = UInt8(truncatingIfNeeded: seq >> (24 - 8 * UInt32(i))) }
            for i in 42..<46 { f[i] = 0 }
            f[46] = 0x50; f[47] = flags
            f[48] = 0xFF; f[49] = 0xFF; f[50] = 0; f[51] = 0; f[52] = 0; f[53] = 0
            if n > 0, let src = payload.baseAddress {
                (f.baseAddress! + 54).copyMemory(from: src, byteCount: n)
            }
            let bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(f)[0..<(54 + n)])
            decoded = DecodedPacket()
            PacketDecoder.decode(bytes, linkType: .ethernet, wireLength: bytes.count, into: &decoded)
            number += 1
            time += 10_000
            tracker.observe(decoded, bytes: bytes, time: time, frame: SMBFrameRef(input: 0, frame: number))
        }
    }
}
