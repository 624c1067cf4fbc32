import PacketWire

/// What a member's own packets say about its configuration, counted in the main pass; a few
/// bounded lists per member, never per packet. The findings (`Findings`) are judged from it.
public struct MemberHealth: Codable, Sendable, Equatable {
    /// Frames that carry data: TCP or UDP payload, or an ICMP echo, to a unicast MAC (LACPDUs,
    /// ARP, neighbour discovery and multicast alone are not a member's data).
    public var dataPackets = 0
    public var dataBytes = 0
    /// IP datagrams of 1,501 to 9,216 bytes: only a member whose MTU is above 1500 (a jumbo
    /// frame), or a capture taken with segmentation offloads on, shows them.
    public var jumboPackets = 0
    /// IP datagrams over 9,216 bytes: no Ethernet MTU allows them; segmentation/receive
    /// offloads (TSO/GSO/GRO) made them in the host before the wire.
    public var offloadPackets = 0
    /// The largest IP datagram length seen.
    public var largestDatagram = 0
    /// Outer VLAN ids of data frames (0: untagged), at most 8.
    public var vlans: [Int] = []
    /// MSS options of SYNs this member sent / received, as the MTU each implies (MSS + 40 over
    /// IPv4, + 60 over IPv6), at most 8 each.
    public var sentMSSMTUs: [Int] = []
    public var receivedMSSMTUs: [Int] = []
    /// ICMP "fragmentation needed" and ICMPv6 "packet too big" messages, and the MTUs they name
    /// (at most 8).
    public var tooBigMessages = 0
    public var tooBigMTUs: [Int] = []
    /// TCP retransmissions (TShark's rules) of datagrams over 1500 bytes, and of smaller ones.
    public var largeRetransmissions = 0
    public var smallRetransmissions = 0
    /// LACPDUs (Slow Protocols subtype 1): the member takes part in LACP. Marker PDUs are
    /// counted in `lacp[]`; other slow protocols (Ethernet OAM, OSSP) are not LACP.
    public var lacpdus = 0
    /// The LACP ports whose LACPDUs this member carried (the host's own and its partner's), each
    /// with the times it stopped or started distributing (IEEE 802.1AX 6.4.2.3 actor state).
    public var lacpPorts: [LACPPortTimeline] = []
    private var lastVLAN = -1

    public init() {}

    enum CodingKeys: String, CodingKey {
        case dataPackets = "data_packets", dataBytes = "data_bytes", jumboPackets = "jumbo_packets"
        case offloadPackets = "offload_packets", largestDatagram = "largest_datagram", vlans
        case sentMSSMTUs = "sent_syn_mtus", receivedMSSMTUs = "received_syn_mtus"
        case tooBigMessages = "too_big_messages", tooBigMTUs = "too_big_mtus", lacpdus, lacpPorts = "lacp_ports"
        case largeRetransmissions = "large_retransmissions", smallRetransmissions = "small_retransmissions"
    }

    static let jumboLimit = 9216

    @inline(__always)
    /// `lacp`: the member's LACP in full, for `lacp[]` (kept beside the health figures, not in them).
    /// `lacpUndirected`: the host's direction is one hypothesis of several (`HostPlan.hypotheses`):
    /// its LACPDUs are also kept per port, whichever side is the host's, for the report.
    mutating func observe(_ bytes: UnsafeRawBufferPointer, _ d: DecodedPacket, direction: Direction, time: Int64, lacp: inout LACPLink,
                          lacpUndirected: Bool = false) {
        if d.network == .slowProtocols {
            // Only subtype 1 is LACP; Ethernet OAM (3), OSSP (10) and the rest share the EtherType.
            switch SlowProtocolSubtype(bytes, at: d.networkOffset) {
            case .lacp?:
                lacpdus += 1
                noteLACPDU(bytes, at: d.networkOffset, time: time)
                if let pdu = LACPDU(bytes, at: d.networkOffset) {
                    if lacpUndirected && direction != .unknown { lacp.observeUndirected(pdu, counted: true) }
                    if direction == .unknown { lacp.observeUndirected(pdu) } else { lacp.observe(pdu, sent: direction == .sent, time: time) }
                }
            case .marker?:
                lacp.markers += 1
            default:
                break
            }
        }
        guard d.isIP else { return }
        if d.ipLength > 1500 {
            if d.ipLength > Self.jumboLimit { offloadPackets += 1 } else { jumboPackets += 1 }
            if d.ipLength > largestDatagram { largestDatagram = d.ipLength }
        }
        let unicast = !d.hasDestinationMAC || d.destinationMAC.rawValue >> 40 & 1 == 0
        guard d.hasTransport else { return }
        let proto = d.ipProtocol
        if proto == .tcp || proto == .udp {
            if d.payloadLength > 0 && unicast { countData(d) }
            if proto == .tcp && d.tcpFlags.contains(.syn) && d.tcpHeaderLength > 20 { noteMSS(bytes, d, direction: direction) }
        } else if proto == .icmp || proto == .icmpv6 {
            let echo = proto == .icmp ? (d.icmpType == 8 || d.icmpType == 0) : (d.icmpType == 128 || d.icmpType == 129)
            if echo && unicast { countData(d) }
            if ICMPTooBig.isTooBig(type: d.icmpType, code: d.icmpCode, ipProtocol: proto) {
                tooBigMessages += 1
                let message = ICMPTooBig(bytes, at: d.transportOffset, ipProtocol: proto)
                if let mtu = message?.mtu, mtu > 0 { Self.note(mtu, in: &tooBigMTUs) }
            }
        }
    }

    @inline(__always)
    private mutating func countData(_ d: DecodedPacket) {
        dataPackets += 1
        dataBytes += d.ipLength
        let vlan = d.vlanTagCount > 0 ? Int(d.outerVLAN) : 0
        // Almost every frame is in the VLAN of the one before: no list search.
        if vlan != lastVLAN {
            lastVLAN = vlan
            Self.note(vlan, in: &vlans)
        }
    }

    /// The SYN's MSS option (`TCPOptions`, RFC 9293 3.2), as the MTU it implies.
    private mutating func noteMSS(_ bytes: UnsafeRawBufferPointer, _ d: DecodedPacket, direction: Direction) {
        let options = TCPOptions(bytes, tcpHeaderAt: d.transportOffset, headerLength: d.tcpHeaderLength)
        guard let mss = options.maximumSegmentSize else { return }
        let mtu = Int(mss) + (d.network == .ipv6 ? 60 : 40)
        switch direction {
        case .sent: Self.note(mtu, in: &sentMSSMTUs)
        case .received: Self.note(mtu, in: &receivedMSSMTUs)
        case .unknown: break
        }
    }

    /// An LACPDU (IEEE 802.1AX 6.4.2.2): subtype 1, version, then the actor TLV (type 1,
    /// length 20): system priority, system, key, port priority, port, state.
    private mutating func noteLACPDU(_ bytes: UnsafeRawBufferPointer, at o: Int, time: Int64) {
        guard o >= 0, bytes.count >= o + 19, bytes[o] == 1, bytes[o + 2] == 1, bytes[o + 3] == 20 else { return }
        var system: UInt64 = 0
        for i in 0..<6 { system = system << 8 | UInt64(bytes[o + 6 + i]) }
        let port = Int(bytes[o + 16]) << 8 | Int(bytes[o + 17])
        let state = bytes[o + 18]
        let id = "\(MACAddress(rawValue: system))/\(port)"
        if let i = lacpPorts.firstIndex(where: { $0.port == id }) {
            lacpPorts[i].observe(state: state, time: time)
        } else if lacpPorts.count < 4 {
            var t = LACPPortTimeline(port: id)
            t.observe(state: state, time: time)
            lacpPorts.append(t)
        }
    }

    private static func note(_ v: Int, in list: inout [Int]) {
        if !list.contains(v) && list.count < 8 {
            list.append(v)
            list.sort()
        }
    }
}
