import PacketWire

/// A TCP connection between two lab hosts: handshake, a bulk transfer in MSS-sized segments at
/// a steady rate with an ACK every second segment, and a FIN exchange. Members are chosen per
/// frame by the caller's policies.
public struct TCPConversation: Sendable {
    public var client: Int
    public var server: Int
    public var clientPort: UInt16
    public var serverPort: UInt16
    public var bytes: Int
    public var start: Int64
    /// Bits per second of the transfer.
    public var rate: Double
    public var mss = 1448

    public init(client: Int, server: Int, clientPort: UInt16, serverPort: UInt16, bytes: Int, start: Int64, rate: Double) {
        self.client = client
        self.server = server
        self.clientPort = clientPort
        self.serverPort = serverPort
        self.bytes = bytes
        self.start = start
        self.rate = rate
    }

    /// The frames, each with its direction (true: client → server) and time.
    public func frames(hosts: [LabEndpoint], rng: inout SplitMix64) -> [(time: Int64, fromClient: Bool, frame: FrameBuilder.Frame)] {
        let c = hosts[client], s = hosts[server]
        var out: [(Int64, Bool, FrameBuilder.Frame)] = []
        let iss = UInt32(truncatingIfNeeded: rng.next()), irs = UInt32(truncatingIfNeeded: rng.next())
        var ipC = UInt16(truncatingIfNeeded: rng.next()), ipS = UInt16(truncatingIfNeeded: rng.next())
        func toServer(_ t: Int64, seq: UInt32, ack: UInt32, _ f: TCPFlags, _ len: Int) {
            ipC &+= 1
            out.append((t, true, FrameBuilder.tcp(srcMAC: c.mac, dstMAC: s.mac, src: c.ip, dst: s.ip, sport: clientPort, dport: serverPort,
                                                  seq: seq, ack: ack, flags: f, payload: len, ipID: ipC, ttl: c.ttl)))
        }
        func toClient(_ t: Int64, seq: UInt32, ack: UInt32, _ f: TCPFlags, _ len: Int) {
            ipS &+= 1
            out.append((t, false, FrameBuilder.tcp(srcMAC: s.mac, dstMAC: c.mac, src: s.ip, dst: c.ip, sport: serverPort, dport: clientPort,
                                                   seq: seq, ack: ack, flags: f, payload: len, ipID: ipS, ttl: s.ttl)))
        }
        let rtt: Int64 = 200_000
        var t = start
        toServer(t, seq: iss, ack: 0, .syn, 0)
        toClient(t + rtt / 2, seq: irs, ack: iss &+ 1, [.syn, .ack], 0)
        t += rtt
        toServer(t, seq: iss &+ 1, ack: irs &+ 1, .ack, 0)
        let interval = Int64((Double(mss + 66) * 8 / rate * 1e9).rounded())
        var sent = 0
        var segment = 0
        while sent < bytes {
            let len = min(mss, bytes - sent)
            t += interval
            toServer(t, seq: iss &+ 1 &+ UInt32(truncatingIfNeeded: sent), ack: irs &+ 1, [.ack, .psh], len)
            sent += len
            segment += 1
            if segment % 2 == 0 || sent >= bytes {
                toClient(t + rtt / 2, seq: irs &+ 1, ack: iss &+ 1 &+ UInt32(truncatingIfNeeded: sent), .ack, 0)
            }
        }
        t += interval
        let fin = iss &+ 1 &+ UInt32(truncatingIfNeeded: sent)
        toServer(t, seq: fin, ack: irs &+ 1, [.fin, .ack], 0)
        toClient(t + rtt / 2, seq: irs &+ 1, ack: fin &+ 1, [.fin, .ack], 0)
        toServer(t + rtt, seq: fin &+ 1, ack: irs &+ 2, .ack, 0)
        return out.sorted { $0.0 < $1.0 }
    }
}
