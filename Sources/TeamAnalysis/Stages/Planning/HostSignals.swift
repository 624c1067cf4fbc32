import PacketWire

/// What one host's own members show of who sent a frame, per source MAC, gathered by the evidence
/// pass for a host captured alone (no other host's copies to time against, no direction marks):
/// the addresses each MAC sent from, the LACP actor systems, the checksums left to the NIC, and
/// how quickly each MAC answered TCP segments.
struct HostSignals {
    /// Per source MAC, the unicast addresses it sent from (IP source, ARP sender): MACs that send
    /// from one address are one station (a host, or a team rewriting its members' MACs).
    private(set) var addresses: [UInt64: [IPAddress]] = [:]
    /// The actor systems of the LACPDUs on the host's members (a Linux bond's is its MAC).
    private(set) var lacpActors: Set<UInt64> = []
    /// Source MACs of frames other than Slow Protocols ones (an LACPDU counts under its actor
    /// system, which a switch's never sends data from).
    private(set) var dataMACs: Set<UInt64> = []
    /// Per source MAC, TCP/UDP frames of at most one MTU whose checksums could be checked, and
    /// how many were wrong (left to the NIC: `TransportChecksum`).
    private(set) var checksums: [UInt64: ChecksumCount] = [:]
    /// Which side answered quickly in each TCP handshake: the capturing host.
    private(set) var handshakes = HandshakeTiming()
    /// How quickly each side answered the other in every TCP exchange: the capturing host's
    /// quickest answers lack the round trip.
    private(set) var responses = ResponseTiming()

    struct ChecksumCount: Equatable {
        var checked = 0
        var invalid = 0
    }

    private static let maxMACs = 256
    private static let maxAddressesPerMAC = 8
    private static let maxChecked = 4096

    mutating func observe(_ bytes: UnsafeRawBufferPointer, _ d: DecodedPacket, sourceMAC mac: UInt64, wireLength: Int, time: Int64) {
        guard addresses[mac] != nil || addresses.count < Self.maxMACs else { return }
        handshakes.observe(d, sourceMAC: mac, time: time)
        responses.observe(d, sourceMAC: mac, time: time)
        var from: IPAddress?
        if d.isIP {
            from = d.source
        } else if d.network == .arp, let arp = ARPMessage(bytes, at: d.networkOffset), arp.isEthernetIPv4, arp.senderProtocolAddress != 0 {
            from = IPAddress(ipv4: arp.senderProtocolAddress)
        }
        var list = addresses[mac] ?? []
        if let a = from, a.high != 0 || a.low != 0, !list.contains(a), list.count < Self.maxAddressesPerMAC {
            list.append(a)
        }
        addresses[mac] = list
        if d.etherType == .slowProtocols {
            if let pdu = LACPDU(bytes, at: d.networkOffset) { lacpActors.insert(pdu.actor.system.rawValue) }
        } else if dataMACs.count < Self.maxMACs {
            dataMACs.insert(mac)
        }
        // One MTU (1500 bytes of IP) at most: above it a frame is TSO's (sent) or GRO's (received,
        // its TCP checksum rewritten partial by the receiving kernel), so it says nothing.
        if d.isIP, d.ipLength <= 1500, bytes.count == wireLength, (checksums[mac]?.checked ?? 0) < Self.maxChecked,
           let result = TransportChecksum.check(bytes, d) {
            checksums[mac, default: .init()].checked += 1
            if result == .invalid { checksums[mac, default: .init()].invalid += 1 }
        }
    }
}
