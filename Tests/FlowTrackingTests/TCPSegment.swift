import PacketWire

/// One TCP segment between the flow-table tests' client (192.0.2.1:40000) and server
/// (198.51.100.1, `serverPort`), client to server when `toServer`, decoded as the table takes it.
func tcpSegment(toServer: Bool, seq: UInt32, ack: UInt32 = 0, flags: TCPFlags = [.ack], length: Int,
                serverPort: UInt16 = 7000) -> DecodedPacket {
    var d = DecodedPacket()
    d.network = .ipv4
    d.ipProtocol = .tcp
    d.hasTransport = true
    let client = IPAddress("192.0.2.1")!, server = IPAddress("198.51.100.1")!
    d.source = toServer ? client : server
    d.destination = toServer ? server : client
    d.sourcePort = toServer ? 40_000 : serverPort
    d.destinationPort = toServer ? serverPort : 40_000
    d.tcpFlags = flags
    d.tcpSequence = seq
    d.tcpAcknowledgment = ack
    d.tcpWindow = 1000
    d.payloadLength = length
    d.ipLength = 40 + length
    return d
}
