import PacketWire

/// Every RDMA flow of a capture (`RDMAFlowKey`: per captured host, the two ends and the
/// destination QP), fed the RoCEv2 datagrams the flow stage finds. Memory grows with flows,
/// never with packets; past `capacity` flows the rest are counted, not tracked.
public final class RDMAFlowTable {
    public private(set) var flows: [RDMAFlowRecord] = []
    private var index: [RDMAFlowKey: Int] = [:]
    public let capacity: Int
    public let moveDebounce: Int64
    public private(set) var untrackedPackets = 0
    /// Datagrams to port 4791 whose transport headers could not be read, by why.
    public private(set) var truncated = 0
    public private(set) var malformed = 0

    public init(capacity: Int = 1 << 16, moveDebounce: Int64 = 50_000_000) {
        self.capacity = capacity
        self.moveDebounce = moveDebounce
    }

    /// Whether a decoded packet is a RoCEv2 datagram (UDP to port 4791).
    @inline(__always)
    public static func isRoCEv2(_ d: DecodedPacket) -> Bool { d.isUDP && d.destinationPort == RoCEv2Packet.udpPort && !d.isFragment }

    /// One RoCEv2 datagram: `d` decoded from `bytes`, `wireLength` its frame's length.
    public func observe(_ d: DecodedPacket, bytes: UnsafeRawBufferPointer, wireLength: Int, time: Int64,
                        host: Int32, member: Int32, sent: Bool) {
        let packet: RoCEv2Packet
        do {
            packet = try RoCEv2Packet(bytes, at: d.payloadOffset, datagramLength: d.payloadLength)
        } catch {
            if error.kind == .truncated { truncated += 1 } else { malformed += 1 }
            return
        }
        let key = RDMAFlowKey(host: host, source: d.source, destination: d.destination, destinationQP: packet.bth.destinationQP)
        let i: Int
        if let found = index[key] {
            i = found
        } else {
            guard flows.count < capacity else { untrackedPackets += 1; return }
            i = flows.count
            index[key] = i
            flows.append(RDMAFlowRecord(key: key, time: time, sourcePort: d.sourcePort))
        }
        flows[i].last = max(flows[i].last, time)
        flows[i].packets += 1
        flows[i].bytes += wireLength
        flows[i].notePort(d.sourcePort)
        flows[i].count(member: member, bytes: wireLength, sent: sent)
        flows[i].moves.observe(member: member, time: time, debounce: moveDebounce)
        let op = packet.bth.opcode
        if op == .congestionNotification {
            flows[i].congestionNotifications += 1
        } else if !op.isResponse {
            flows[i].sequence.observe(psn: packet.bth.psn, spansMore: op.isReadRequest)
        }
        if let aeth = packet.aeth {
            switch aeth.syndrome.kind {
            case .nak: flows[i].naks += 1
            case .receiverNotReady: flows[i].receiverNotReady += 1
            default: break
            }
        }
    }

    /// The end of the pass: pending member changes that lasted become moves.
    public func finish() {
        for i in flows.indices { flows[i].moves.finish(debounce: moveDebounce) }
    }
}
