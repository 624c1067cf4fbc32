/// Decodes a captured frame down to its transport header without copying or allocating:
/// Ethernet (IEEE 802.3), 802.1Q/802.1ad tags, MPLS label stacks (RFC 3032), PPPoE sessions
/// (RFC 2516), Linux SLL/SLL2, raw IP, BSD NULL/LOOP; IPv4 (RFC 791) with options and
/// fragments, IPv6 (RFC 8200) with extension headers and fragments; TCP (RFC 9293), UDP
/// (RFC 768), ICMP (RFC 792), ICMPv6 (RFC 4443), SCTP ports (RFC 9260).
///
/// Every read is preceded by a length check against the captured length; a header cut by the
/// snaplen yields `.truncated` with everything before it decoded.
public enum PacketDecoder {
    /// Largest number of VLAN tags, MPLS labels or IPv6 extension headers walked.
    static let maxStack = 8

    /// Decodes `bytes` captured on a link of tcpdump.org LINKTYPE `linkType`. `wireLength` is
    /// the frame's length on the wire (0: the captured length): like Wireshark, an IP datagram
    /// never extends past what its enclosing frame (or PPPoE payload) reports. The hot paths
    /// decode `into:` storage of their own: returning the 200-byte value costs a copy.
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, wireLength: Int = 0) -> DecodedPacket {
        var d = DecodedPacket()
        decode(bytes, linkType: linkType, wireLength: wireLength, into: &d)
        return d
    }

    /// The same, writing into `d`, which must be freshly initialised: the hot path decodes in
    /// place instead of copying a result out.
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, wireLength: Int, into d: inout DecodedPacket) {
        guard let p = bytes.baseAddress, bytes.count > 0 else {
            d.status = .truncated
            return
        }
        let n = bytes.count
        d.reportedEnd = max(wireLength, n)
        switch linkType.rawValue {
        case 1:
            ethernet(p, n, &d)
        case 113:
            sll(p, n, &d)
        case 276:
            sll2(p, n, &d)
        case 12, 14, 101:
            rawIP(p, n, at: 0, &d)
        case 228:
            d.etherType = .ipv4
            ipv4(p, n, at: 0, &d)
        case 229:
            d.etherType = .ipv6
            ipv6(p, n, at: 0, &d)
        case 0, 108:
            guard n >= 4 else { d.status = .truncated; return }
            // SAFETY: n >= 4 was just checked.
            let raw = p.loadUnaligned(as: UInt32.self)
            let family = linkType == .loop ? UInt32(bigEndian: raw) : (raw > 0xFFFF ? raw.byteSwapped : raw)
            switch family {
            case 2: d.etherType = .ipv4; ipv4(p, n, at: 4, &d)
            case 10, 24, 28, 30: d.etherType = .ipv6; ipv6(p, n, at: 4, &d)
            default: d.network = .other
            }
        default:
            d.status = .unsupportedLink
        }
    }

    // MARK: Link layer

    @inline(__always)
    static func be16(_ p: UnsafeRawPointer, _ at: Int) -> UInt16 {
        // SAFETY: callers check at + 2 <= n (the captured length) first.
        UInt16(bigEndian: p.loadUnaligned(fromByteOffset: at, as: UInt16.self))
    }

    @inline(__always)
    static func be32(_ p: UnsafeRawPointer, _ at: Int) -> UInt32 {
        // SAFETY: callers check at + 4 <= n (the captured length) first.
        UInt32(bigEndian: p.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    @inline(__always)
    static func byte(_ p: UnsafeRawPointer, _ at: Int) -> UInt8 {
        // SAFETY: callers check at < n (the captured length) first.
        p.load(fromByteOffset: at, as: UInt8.self)
    }

    static func ethernet(_ p: UnsafeRawPointer, _ n: Int, _ d: inout DecodedPacket) {
        guard n >= 14 else { d.status = .truncated; return }
        // SAFETY: n >= 14 covers both addresses and the type field.
        d.destinationMAC = MACAddress(p)
        d.sourceMAC = MACAddress(p + 6)
        d.hasMAC = true
        d.hasDestinationMAC = true
        var type = be16(p, 12)
        var off = 14
        while EtherType(rawValue: type).isVLANTag {
            guard n >= off + 4 else { d.status = .truncated; return }
            guard d.vlanTagCount < maxStack else { d.status = .malformed; return }
            // SAFETY: n >= off + 4 covers the tag's TCI and the EtherType after it.
            let vid = be16(p, off) & 0x0FFF
            if d.vlanTagCount == 0 { d.outerVLAN = vid } else if d.vlanTagCount == 1 { d.innerVLAN = vid }
            d.vlanTagCount += 1
            type = be16(p, off + 2)
            off += 4
        }
        if type < 0x0600 {
            // An IEEE 802.3 length field: LLC/SNAP follows, not IP.
            d.network = .other
            d.networkOffset = off
            return
        }
        etherPayload(p, n, type: type, at: off, &d)
    }

    static func sll(_ p: UnsafeRawPointer, _ n: Int, _ d: inout DecodedPacket) {
        // packet type(2) ARPHRD(2) address length(2) address(8) protocol(2)
        guard n >= 16 else { d.status = .truncated; return }
        // SAFETY: n >= 16 covers the whole SLL header.
        d.sllPacketType = be16(p, 0)
        if be16(p, 2) == 1 && be16(p, 4) == 6 {
            d.sourceMAC = MACAddress(p + 6)
            d.hasMAC = true
        }
        let proto = be16(p, 14)
        if proto < 0x0600 { d.network = .other; return }
        etherPayload(p, n, type: proto, at: 16, &d)
    }

    static func sll2(_ p: UnsafeRawPointer, _ n: Int, _ d: inout DecodedPacket) {
        // protocol(2) reserved(2) ifindex(4) ARPHRD(2) packet type(1) address length(1) address(8)
        guard n >= 20 else { d.status = .truncated; return }
        // SAFETY: n >= 20 covers the whole SLL2 header.
        d.sllPacketType = UInt16(byte(p, 10))
        if be16(p, 8) == 1 && byte(p, 11) == 6 {
            d.sourceMAC = MACAddress(p + 12)
            d.hasMAC = true
        }
        let proto = be16(p, 0)
        if proto < 0x0600 { d.network = .other; return }
        etherPayload(p, n, type: proto, at: 20, &d)
    }

    static func etherPayload(_ p: UnsafeRawPointer, _ n: Int, type: UInt16, at off: Int, _ d: inout DecodedPacket) {
        d.etherType = EtherType(rawValue: type)
        d.networkOffset = off
        switch d.etherType {
        case .ipv4: ipv4(p, n, at: off, &d)
        case .ipv6: ipv6(p, n, at: off, &d)
        case .arp: d.network = .arp
        case .slowProtocols: d.network = .slowProtocols
        case .mplsUnicast, .mplsMulticast:
            var o = off
            while true {
                guard n >= o + 4 else { d.status = .truncated; return }
                guard d.mplsLabelCount < maxStack else { d.status = .malformed; return }
                d.mplsLabelCount += 1
                // SAFETY: n >= o + 4 covers the 4-byte label entry.
                let bottom = byte(p, o + 2) & 1 != 0
                o += 4
                if bottom { break }
            }
            rawIP(p, n, at: o, &d)
        case .pppoeSession:
            guard n >= off + 8 else { d.status = .truncated; return }
            d.pppoe = true
            // The PPPoE length covers the PPP protocol field and the payload (RFC 2516 4).
            // SAFETY: n >= off + 8 covers the PPPoE header (6) and the PPP protocol (2).
            d.reportedEnd = min(d.reportedEnd, off + 6 + Int(be16(p, off + 4)))
            switch be16(p, off + 6) {
            case 0x0021: d.etherType = .ipv4; ipv4(p, n, at: off + 8, &d)
            case 0x0057: d.etherType = .ipv6; ipv6(p, n, at: off + 8, &d)
            default: d.network = .other
            }
        default:
            d.network = .other
        }
    }

    /// IP without a link header: the version nibble decides.
    static func rawIP(_ p: UnsafeRawPointer, _ n: Int, at off: Int, _ d: inout DecodedPacket) {
        guard n > off else { d.status = .truncated; return }
        // SAFETY: n > off was just checked.
        switch byte(p, off) >> 4 {
        case 4: d.etherType = .ipv4; ipv4(p, n, at: off, &d)
        case 6: d.etherType = .ipv6; ipv6(p, n, at: off, &d)
        default: d.network = .other; d.networkOffset = off
        }
    }

    // MARK: Network layer

    static func ipv4(_ p: UnsafeRawPointer, _ n: Int, at off: Int, _ d: inout DecodedPacket) {
        d.network = .ipv4
        d.networkOffset = off
        guard n >= off + 20 else { d.status = .truncated; return }
        // SAFETY: n >= off + 20 covers the fixed IPv4 header, addresses included (12..<20).
        let vihl = byte(p, off)
        let ihl = Int(vihl & 0x0F) * 4
        guard vihl >> 4 == 4, ihl >= 20 else { d.status = .malformed; return }
        d.trafficClass = byte(p, off + 1)
        d.ipLength = Int(be16(p, off + 2))
        d.ipID = UInt32(be16(p, off + 4))
        let frag = be16(p, off + 6)
        d.moreFragments = frag & 0x2000 != 0
        d.fragmentOffset = Int(frag & 0x1FFF) * 8
        d.isFragment = d.moreFragments || d.fragmentOffset != 0
        d.ttl = byte(p, off + 8)
        d.ipProtocol = IPProtocol(rawValue: byte(p, off + 9))
        d.source = IPAddress(ipv4At: p + off + 12)
        d.destination = IPAddress(ipv4At: p + off + 16)
        // A transmit-offload frame may carry total length 0 (TSO over 64 KiB); then the
        // frame is the only measure. A length past the frame's end is cut to it.
        if d.ipLength == 0 { d.ipLength = max(0, d.reportedEnd - off) }
        d.ipLength = min(d.ipLength, max(0, d.reportedEnd - off))
        guard d.ipLength >= ihl else { d.status = .malformed; return }
        guard n >= off + ihl else { d.status = .truncated; return }
        if d.fragmentOffset != 0 { return }
        transport(p, n, at: off + ihl, end: off + d.ipLength, &d)
    }

    static func ipv6(_ p: UnsafeRawPointer, _ n: Int, at off: Int, _ d: inout DecodedPacket) {
        d.network = .ipv6
        d.networkOffset = off
        guard n >= off + 40 else { d.status = .truncated; return }
        // SAFETY: n >= off + 40 covers the fixed IPv6 header, addresses included (8..<40).
        let first = be32(p, off)
        guard first >> 28 == 6 else { d.status = .malformed; return }
        d.trafficClass = UInt8((first >> 20) & 0xFF)
        d.flowLabel = first & 0xFFFFF
        let payload = Int(be16(p, off + 4))
        d.ipLength = payload == 0 ? max(40, d.reportedEnd - off) : min(40 + payload, max(40, d.reportedEnd - off))
        d.ttl = byte(p, off + 7)
        d.source = IPAddress(ipv6At: p + off + 8)
        d.destination = IPAddress(ipv6At: p + off + 24)
        var next = byte(p, off + 6)
        var o = off + 40
        let end = off + d.ipLength
        var walked = 0
        while true {
            switch next {
            case 0, 43, 60, 135, 139, 140:
                // Hop-by-hop, routing, destination options, mobility, HIP, shim6: (len + 1) * 8.
                guard n >= o + 2 else { d.ipProtocol = IPProtocol(rawValue: next); d.status = .truncated; return }
                // SAFETY: n >= o + 2 covers the next-header and length bytes read here.
                let len = (Int(byte(p, o + 1)) + 1) * 8
                next = byte(p, o)
                o += len
            case 44:
                guard n >= o + 8 else { d.ipProtocol = IPProtocol(rawValue: next); d.status = .truncated; return }
                // SAFETY: n >= o + 8 covers the whole 8-byte fragment header.
                let fo = be16(p, o + 2)
                d.isFragment = true
                d.fragmentOffset = Int(fo & 0xFFF8)
                d.moreFragments = fo & 1 != 0
                d.ipID = be32(p, o + 4)
                next = byte(p, o)
                o += 8
            case 51:
                guard n >= o + 2 else { d.ipProtocol = IPProtocol(rawValue: next); d.status = .truncated; return }
                // SAFETY: n >= o + 2 covers the next-header and length bytes read here (AH).
                let len = (Int(byte(p, o + 1)) + 2) * 4
                next = byte(p, o)
                o += len
            default:
                d.ipProtocol = IPProtocol(rawValue: next)
                if o > end { d.status = .malformed; return }
                if d.fragmentOffset != 0 { return }
                transport(p, n, at: o, end: end, &d)
                return
            }
            walked += 1
            if walked > maxStack || o > end { d.ipProtocol = IPProtocol(rawValue: next); d.status = .malformed; return }
        }
    }

    // MARK: Transport layer

    static func transport(_ p: UnsafeRawPointer, _ n: Int, at t: Int, end: Int, _ d: inout DecodedPacket) {
        d.transportOffset = t
        switch d.ipProtocol {
        case .tcp:
            guard n >= t + 20 else { d.status = .truncated; return }
            // SAFETY: n >= t + 20 covers the fixed TCP header (ports to urgent pointer).
            let hl = Int(byte(p, t + 12) >> 4) * 4
            guard hl >= 20 else { d.status = .malformed; return }
            d.sourcePort = be16(p, t)
            d.destinationPort = be16(p, t + 2)
            d.tcpSequence = be32(p, t + 4)
            d.tcpAcknowledgment = be32(p, t + 8)
            d.tcpFlags = TCPFlags(rawValue: byte(p, t + 13))
            d.tcpWindow = be16(p, t + 14)
            d.checksum = be16(p, t + 16)
            d.tcpHeaderLength = hl
            d.hasTransport = true
            d.payloadOffset = t + hl
            d.payloadLength = end - (t + hl)
            if d.payloadLength < 0 { d.payloadLength = 0; d.status = .malformed; return }
            if n < t + hl { d.status = .truncated }
        case .udp:
            guard n >= t + 8 else { d.status = .truncated; return }
            // SAFETY: n >= t + 8 covers the whole UDP header.
            d.sourcePort = be16(p, t)
            d.destinationPort = be16(p, t + 2)
            d.checksum = be16(p, t + 6)
            d.hasTransport = true
            d.payloadOffset = t + 8
            d.payloadLength = end - (t + 8)
            if d.payloadLength < 0 { d.payloadLength = 0; d.status = .malformed }
        case .icmp, .icmpv6:
            guard n >= t + 4 else { d.status = .truncated; return }
            // SAFETY: n >= t + 4 covers type, code and checksum.
            d.icmpType = byte(p, t)
            d.icmpCode = byte(p, t + 1)
            d.checksum = be16(p, t + 2)
            d.hasTransport = true
            d.payloadOffset = t + 4
            d.payloadLength = max(0, end - (t + 4))
            let echo = d.ipProtocol == .icmp ? (d.icmpType == 8 || d.icmpType == 0)
                                             : (d.icmpType == 128 || d.icmpType == 129)
            if echo {
                guard n >= t + 6 else { d.status = .truncated; return }
                // SAFETY: n >= t + 6 was just checked.
                d.icmpIdentifier = be16(p, t + 4)
            }
        case .sctp:
            guard n >= t + 4 else { d.status = .truncated; return }
            // SAFETY: n >= t + 4 covers the two SCTP ports.
            d.sourcePort = be16(p, t)
            d.destinationPort = be16(p, t + 2)
            d.hasTransport = true
            d.payloadOffset = min(n, t + 12)
            d.payloadLength = max(0, end - (t + 12))
        default:
            d.payloadOffset = t
            d.payloadLength = max(0, end - t)
        }
    }
}
