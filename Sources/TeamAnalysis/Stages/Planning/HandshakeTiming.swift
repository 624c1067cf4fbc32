import PacketWire

/// Where a capture was taken, from TCP's three-way handshake (RFC 9293 3.5): on the capturing
/// host, the answer it gives comes after its own stack's delay, the peer's after a round trip
/// through the network and the peer's stack. So when the ACK follows the SYN-ACK sooner than
/// the SYN-ACK followed the SYN, the SYN's sender (the ACK's) is the capturing host; otherwise
/// the SYN-ACK's sender is. Each handshake where one answer took less than half the other's
/// time is one vote for a source MAC; a host captured alone on its members wins most of them
/// whichever side opened each connection.
///
/// Memory is bounded: at most `maxPending` handshakes are followed at once.
struct HandshakeTiming {
    /// A SYN or SYN-ACK waiting for the next step, by the connection's (address, port) ends as
    /// the SYN's sender sees them.
    private struct Ends: Hashable {
        var client: IPAddress
        var server: IPAddress
        var clientPort: UInt16
        var serverPort: UInt16
    }

    private struct Pending {
        var synTime: Int64
        var synMAC: UInt64
        var synAckTime: Int64 = 0
        var synAckMAC: UInt64 = 0
    }

    private var pending: [Ends: Pending] = [:]
    /// Handshakes whose quick answer came from each MAC.
    private(set) var votes: [UInt64: Int] = [:]

    private static let maxPending = 4096
    private static let maxMACs = 256

    mutating func observe(_ d: DecodedPacket, sourceMAC mac: UInt64, time: Int64) {
        guard d.isTCP else { return }
        let f = d.tcpFlags
        if f.contains(.syn) && !f.contains(.ack) {
            guard pending.count < Self.maxPending else { return }
            let key = Ends(client: d.source, server: d.destination, clientPort: d.sourcePort, serverPort: d.destinationPort)
            if pending[key] == nil { pending[key] = Pending(synTime: time, synMAC: mac) }
        } else if f.contains(.syn) && f.contains(.ack) {
            let key = Ends(client: d.destination, server: d.source, clientPort: d.destinationPort, serverPort: d.sourcePort)
            if var p = pending[key], p.synAckTime == 0, time >= p.synTime {
                p.synAckTime = time
                p.synAckMAC = mac
                pending[key] = p
            }
        } else if f.contains(.ack) && !f.contains(.rst) {
            let key = Ends(client: d.source, server: d.destination, clientPort: d.sourcePort, serverPort: d.destinationPort)
            guard let p = pending[key], p.synAckTime != 0, time >= p.synAckTime else { return }
            pending[key] = nil
            // Both steps seen on this host's members, each from its own MAC.
            guard p.synMAC == mac, p.synAckMAC != mac else { return }
            // Only a clear difference votes: a capture on the wire between them (or made up) shows
            // both answers alike.
            let first = p.synAckTime - p.synTime, second = time - p.synAckTime
            let quick: UInt64
            if second * 2 < first { quick = p.synMAC } else if first * 2 < second { quick = p.synAckMAC } else { return }
            if votes[quick] != nil || votes.count < Self.maxMACs { votes[quick, default: 0] += 1 }
        }
    }
}
