import PacketWire

/// A TCP connection carrying SMB messages: handshake, each message in MSS-sized segments (the
/// receiver ACKs every second segment and each message's end), FIN exchange. Payload bytes are
/// materialised, so TShark and TeamScope decode the same bytes.
public struct SMBConversation: Sendable {
    public struct Message: Sendable {
        public var fromClient: Bool
        /// The message with its transport header.
        public var bytes: [UInt8]
        /// Time before this message is sent, after the previous one.
        public var delay: Int64

        public init(fromClient: Bool, bytes: [UInt8], delay: Int64) {
            self.fromClient = fromClient
            self.bytes = bytes
            self.delay = delay
        }
    }

    public var clientPort: UInt16
    public var serverPort: UInt16
    public var start: Int64
    public var messages: [Message]
    /// Bits per second while a message is being sent.
    public var rate: Double
    public var mss = 1448

    public init(clientPort: UInt16, serverPort: UInt16, start: Int64, messages: [Message], rate: Double) {
        self.clientPort = clientPort
        self.serverPort = serverPort
        self.start = start
        self.messages = messages
        self.rate = rate
    }

    /// The frames, each with its direction (true: client → server) and time.
    public func frames(client c: LabEndpoint, server s: LabEndpoint, rng: inout SplitMix64) -> [(time: Int64, fromClient: Bool, frame: FrameBuilder.Frame)] {
        var out: [(Int64, Bool, FrameBuilder.Frame)] = []
        var seq = [UInt32(truncatingIfNeeded: rng.next()), UInt32(truncatingIfNeeded: rng.next())] // client, server
        var ipID = [UInt16(truncatingIfNeeded: rng.next()), UInt16(truncatingIfNeeded: rng.next())]
        func send(_ t: Int64, fromClient: Bool, _ flags: TCPFlags, _ payload: [UInt8]) {
            let i = fromClient ? 0 : 1
            ipID[i] &+= 1
            let (a, b) = fromClient ? (c, s) : (s, c)
            let f = FrameBuilder.tcp(srcMAC: a.mac, dstMAC: b.mac, src: a.ip, dst: b.ip,
                                     sport: fromClient ? clientPort : serverPort, dport: fromClient ? serverPort : clientPort,
                                     seq: seq[i], ack: flags.contains(.ack) ? seq[1 - i] : 0, flags: flags, payloadBytes: payload, ipID: ipID[i], ttl: a.ttl)
            out.append((t, fromClient, f))
            seq[i] &+= UInt32(payload.count) + (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
        }
        let rtt: Int64 = 150_000
        var t = start
        send(t, fromClient: true, .syn, [])
        send(t + rtt / 2, fromClient: false, [.syn, .ack], [])
        t += rtt
        send(t, fromClient: true, .ack, [])
        for m in messages {
            t += m.delay
            var o = 0
            var segments = 0
            while o < m.bytes.count {
                let n = min(mss, m.bytes.count - o)
                t += Int64((Double(n + 66) * 8 / rate * 1e9).rounded())
                send(t, fromClient: m.fromClient, [.ack, .psh], Array(m.bytes[o..<(o + n)]))
                o += n
                segments += 1
                if segments % 2 == 0 || o >= m.bytes.count {
                    send(t + rtt / 2, fromClient: !m.fromClient, .ack, [])
                }
            }
        }
        t += rtt
        send(t, fromClient: true, [.fin, .ack], [])
        send(t + rtt / 2, fromClient: false, [.fin, .ack], [])
        send(t + rtt, fromClient: true, .ack, [])
        return out
    }
}
