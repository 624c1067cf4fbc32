import CaptureIO
import PacketWire

/// Counting one packet at its member. In two parts, each with counters of its own, so that each
/// may run on its own thread (`StageMembers`): its traffic (packets and bytes each way, bins,
/// the MACs it carried) and its facts (what decided its direction, its decoding, the member's
/// health and LACP).
extension MemberState {
    /// An ARP reply's sender (`ARPMessage`, RFC 826).
    mutating func noteARPReply(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard arpReplies.count < 8, let arp = ARPMessage(bytes, at: offset), arp.isReply else { return }
        let reply = ARPReply(address: arp.senderProtocolAddress, mac: arp.senderHardwareAddress.rawValue)
        if !arpReplies.contains(reply) { arpReplies.append(reply) }
    }

    /// One counted packet, both parts.
    @inline(__always)
    mutating func record(_ rec: CaptureRecord, _ d: DecodedPacket, direction: Direction, source: DirectionSource) {
        recordTraffic(time: rec.timestamp, wireLength: rec.wireLength, bytes: rec.bytes, hasMAC: d.hasMAC, sourceMAC: d.sourceMAC,
                      destinationMAC: d.destinationMAC, network: d.network, networkOffset: d.networkOffset, direction: direction)
        recordFacts(time: rec.timestamp, bytes: rec.bytes, d, direction: direction, source: source)
    }

    /// A counted packet's traffic, from what its decoder found of its link (`hasMAC`: whether
    /// the link header carries MACs) and `bytes`: what was captured of it, or its headers and,
    /// for ARP, all of it (`trafficReadsPayload`). The few facts it reads are given one by one:
    /// the flow stage's thread gets them without the packet's whole decoded form (`FlowWork`).
    @inline(__always)
    mutating func recordTraffic(time: Int64, wireLength len: Int, bytes: UnsafeRawBufferPointer, hasMAC: Bool, sourceMAC: MACAddress,
                                destinationMAC: MACAddress, network: NetworkKind, networkOffset: Int, direction: Direction) {
        all.packets += 1
        all.bytes += len
        if time < first { first = time }
        if time > last { last = time }
        switch direction {
        case .sent:
            sent.packets += 1; sent.bytes += len
            sentBins.add(time, bytes: len)
            if hasMAC && network != .slowProtocols {
                let mac = sourceMAC.rawValue
                // Unicast only: a switch or bridge echoes the host's broadcasts back on its other
                // members, which would make every member look as if it sent with every MAC.
                if !destinationMAC.isMulticast && !sentSourceMACs.contains(mac) && sentSourceMACs.count < 8 { sentSourceMACs.append(mac) }
                if network == .arp { noteARPReply(bytes, at: networkOffset) }
            }
        case .received:
            received.packets += 1; received.bytes += len
            receivedBins.add(time, bytes: len)
            if hasMAC && !destinationMAC.isMulticast && receivedDestinationMACs.count < 8 {
                let mac = destinationMAC.rawValue
                if !receivedDestinationMACs.contains(mac) { receivedDestinationMACs.append(mac) }
            }
        case .unknown:
            unknown.packets += 1; unknown.bytes += len
            unknownBins.add(time, bytes: len)
        }
        if hasMAC && !macsOverflow {
            noteMAC(sourceMAC)
            noteMAC(destinationMAC)
        }
    }

    /// Whether `recordTraffic` reads more of a packet's bytes than its headers: an ARP message.
    @inline(__always)
    static func trafficReadsPayload(_ d: DecodedPacket) -> Bool {
        d.network == .arp
    }

    /// A counted packet's facts: what decided its direction, its TTL, its decoding, and what it
    /// says of the member's health and LACP. `bytes`: all that was captured of it.
    @inline(__always)
    mutating func recordFacts(time: Int64, bytes: UnsafeRawBufferPointer, _ d: DecodedPacket, direction: Direction, source: DirectionSource) {
        sources[source.rawValue] += 1
        if direction == .sent {
            if d.isIP { if d.ttl == 64 { sentTTL64 += 1 } else if d.ttl == 128 { sentTTL128 += 1 } }
            if d.network != .slowProtocols { lacp.noteSent(time) }
        }
        count(d)
        health.observe(bytes, d, direction: direction, time: time, lacp: &lacp, lacpUndirected: lacpUndirected)
    }

    /// These counters, whose traffic was recorded on the flow stage's thread (`StageMembers`),
    /// with `counted`'s: the same member's facts, its role, and what the counting pass counted
    /// there itself (aggregates' packets, de-duplication's matches).
    func adding(countedElsewhere counted: MemberState) -> MemberState {
        var m = self
        m.role = counted.role
        m.lacpUndirected = counted.lacpUndirected
        m.sources = counted.sources
        m.sentTTL64 = counted.sentTTL64
        m.sentTTL128 = counted.sentTTL128
        m.decode = counted.decode
        m.health = counted.health
        m.lacp = counted.lacp
        m.all.packets += counted.all.packets
        m.all.bytes += counted.all.bytes
        m.first = min(m.first, counted.first)
        m.last = max(m.last, counted.last)
        m.matchedOnMember += counted.matchedOnMember
        m.onlyOnAggregate += counted.onlyOnAggregate
        return m
    }

    /// Keeps a unicast MAC in `seenMACs` (group addresses are flooded to every member).
    @inline(__always)
    mutating func noteMAC(_ mac: MACAddress) {
        let raw = mac.rawValue
        // Most frames carry the two MACs of the frame before: no list search.
        if raw == recentMACs.0 || raw == recentMACs.1 { return }
        guard !mac.isMulticast, raw != 0 else { return }
        if !seenMACs.contains(raw) {
            guard seenMACs.count < 16 else { macsOverflow = true; return }
            seenMACs.append(raw)
        }
        recentMACs = (raw, recentMACs.0)
    }

    mutating func countAggregate(_ rec: CaptureRecord) {
        all.packets += 1
        all.bytes += rec.wireLength
        if rec.timestamp < first { first = rec.timestamp }
        if rec.timestamp > last { last = rec.timestamp }
    }
}
