import PacketWire

/// The transmit hash of the Linux bonding driver, computed from a captured Ethernet frame
/// exactly as drivers/net/bonding/bond_main.c does (`__bond_xmit_hash`, `bond_eth_hash`,
/// `bond_flow_ip`, `bond_flow_dissect`, `bond_ip_hash`, `bond_vlan_srcmac_hash`) on a
/// little-endian host: network-order fields are loaded into u32/u16 as the CPU sees them.
/// The member is `hash % count` over the usable members in enslave order.
///
/// encap2+3/encap3+4 run the kernel's flow dissector (`skb_flow_dissect_flow_keys`, flags 0),
/// which goes through IP-in-IP, IPv6-in-IP and GRE version 0 (with checksum, key and sequence
/// fields; transparent Ethernet bridging too): the addresses and ports hashed are the innermost
/// ones, the Ethernet term (encap2+3) the outer header's. The flow dissector does not open UDP
/// tunnels, so VXLAN and Geneve hash their outer headers.
///
/// What a capture cannot reproduce: encap3+4 returns a precomputed `skb->hash` when the stack
/// set one (`l4_hash`) — the VXLAN/Geneve drivers do, from the inner flow with a per-boot random
/// seed — so tunnelled traffic the host itself encapsulated may not follow this hash. vlan+srcmac
/// reads the VLAN id from the skb's accelerated tag; a tag inside the captured frame is used instead.
public enum LinuxBondHash {
    public static func hash(frame bytes: UnsafeRawBufferPointer, policy: LinuxHashPolicy, era: LinuxKernelEra = .current) -> UInt32 {
        guard let p = bytes.baseAddress, bytes.count >= 14 else { return 0 }
        let n = bytes.count
        if policy == .vlanSrcMAC { return vlanSourceMAC(p, n) }
        let eth = ethHash(p, era: era)
        guard policy != .layer2, let flow = dissect(p, n, l34: policy == .layer34 || policy == .encap34,
                                                    encap: policy == .encap23 || policy == .encap34) else {
            return discard(eth, policy: policy, era: era, ipHash: false)
        }
        var h: UInt32
        if policy == .layer23 || policy == .encap23 {
            h = eth
        } else {
            h = flow.icmpID != 0 ? flow.icmpWord : flow.ports
        }
        h ^= flow.source ^ flow.destination
        h ^= h >> 16
        h ^= h >> 8
        return discard(h, policy: policy, era: era, ipHash: true)
    }

    /// The member index among `count` usable members.
    public static func member(frame: UnsafeRawBufferPointer, policy: LinuxHashPolicy, count: Int, era: LinuxKernelEra = .current) -> Int {
        guard count > 0 else { return 0 }
        return Int(hash(frame: frame, policy: policy, era: era) % UInt32(count))
    }

    private static func discard(_ h: UInt32, policy: LinuxHashPolicy, era: LinuxKernelEra, ipHash: Bool) -> UInt32 {
        switch era {
        case .before2017: return h
        case .discardAll: return ipHash ? h >> 1 : h
        case .current: return ipHash && (policy == .layer34 || policy == .encap34) ? h >> 1 : h
        }
    }

    /// `bond_eth_hash`: h_dest[5] ^ h_source[5] ^ EtherType (raw big-endian u16 before the
    /// be16_to_cpu change, host order since).
    static func ethHash(_ p: UnsafeRawPointer, era: LinuxKernelEra) -> UInt32 {
        // SAFETY: hash() checked 14 bytes: both MACs and the EtherType.
        let proto = p.loadUnaligned(fromByteOffset: 12, as: UInt16.self) // as stored: big-endian bytes
        let type = era == .current ? UInt16(bigEndian: proto) : UInt16(littleEndian: proto)
        return UInt32(p.load(fromByteOffset: 5, as: UInt8.self)) ^ UInt32(p.load(fromByteOffset: 11, as: UInt8.self)) ^ UInt32(type)
    }

    /// `bond_vlan_srcmac_hash`: VLAN id ^ the source MAC's vendor half ^ its device half.
    static func vlanSourceMAC(_ p: UnsafeRawPointer, _ n: Int) -> UInt32 {
        var vendor: UInt32 = 0, device: UInt32 = 0
        // SAFETY: hash() checked 14 bytes: the source MAC is 6..<12.
        for i in 0..<3 { vendor = vendor << 8 | UInt32(p.load(fromByteOffset: 6 + i, as: UInt8.self)) }
        for i in 3..<6 { device = device << 8 | UInt32(p.load(fromByteOffset: 6 + i, as: UInt8.self)) }
        var vlan: UInt32 = 0
        if n >= 16, EtherType(rawValue: UInt16(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt16.self))).isVLANTag {
            // SAFETY: n >= 16 was checked: the TCI is 14..<16.
            vlan = UInt32(UInt16(bigEndian: p.loadUnaligned(fromByteOffset: 14, as: UInt16.self)) & 0x0FFF)
        }
        return vlan ^ vendor ^ device
    }

    struct Flow {
        var source: UInt32 = 0
        var destination: UInt32 = 0
        var ports: UInt32 = 0
        var icmpID: UInt16 = 0
        var icmpWord: UInt32 = 0
    }

    /// `bond_flow_dissect` for the non-encap policies: IPv4/IPv6 addresses, then ports (layer3+4)
    /// or the ICMP type/code/id; ICMP errors hash the header they quote. Nil: not IP (the
    /// caller falls back to the layer-2 hash).
    static func dissect(_ p: UnsafeRawPointer, _ n: Int, l34: Bool, encap: Bool = false) -> Flow? {
        // SAFETY: hash() checked 14 bytes: the EtherType is 12..<14.
        let l2 = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt16.self))
        var flow = Flow()
        var nh = 14
        guard var proto = flowIP(p, n, l2: l2, nhoff: &nh, l34: l34, flow: &flow, encap: encap ? 4 : 0) else { return nil }
        if proto == 1 || proto == 58 {
            guard n >= nh + 8 else { return flow }
            // SAFETY: n >= nh + 8 covers the 8-byte ICMP header.
            let type = p.load(fromByteOffset: nh, as: UInt8.self)
            let code = p.load(fromByteOffset: nh + 1, as: UInt8.self)
            // skb_flow_get_icmp_tci: the id (host order) of the id-bearing types, 1 for id 0.
            let hasID = [0, 8, 13, 14, 128, 129].contains(type)
            var id: UInt16 = 0
            if hasID {
                let raw = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: nh + 4, as: UInt16.self))
                id = raw == 0 ? 1 : raw
            }
            flow.icmpID = id
            // struct flow_dissector_key_icmp { u8 type; u8 code; u16 id; } read as one u32.
            flow.icmpWord = UInt32(type) | UInt32(code) << 8 | UInt32(id) << 16
            let isError = proto == 1 ? [3, 4, 5, 11, 12].contains(type) : type < 128
            if !isError { return flow }
            nh += 8
            guard let inner = flowIP(p, n, l2: l2, nhoff: &nh, l34: l34, flow: &flow) else { return nil }
            proto = inner
        }
        return flow
    }

    /// `bond_flow_ip`: copies the addresses (IPv6 folded by ipv6_addr_hash), moves past the IP
    /// header and, for layer3+4, loads the 4 port bytes (`__skb_flow_get_ports`). Returns the
    /// protocol (-1 for an IPv4 fragment), nil when the frame is not IPv4/IPv6 or is too short.
    static func flowIP(_ p: UnsafeRawPointer, _ n: Int, l2: UInt16, nhoff: inout Int, l34: Bool, flow: inout Flow, encap: Int = 0) -> Int? {
        var proto = -1
        if l2 == 0x0800 {
            guard n >= nhoff + 20 else { return nil }
            // SAFETY: n >= nhoff + 20 covers the fixed IPv4 header.
            flow.source = p.loadUnaligned(fromByteOffset: nhoff + 12, as: UInt32.self)
            flow.destination = p.loadUnaligned(fromByteOffset: nhoff + 16, as: UInt32.self)
            let ihl = Int(p.load(fromByteOffset: nhoff, as: UInt8.self) & 0x0F) * 4
            let frag = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: nhoff + 6, as: UInt16.self))
            let isFragment = frag & 0x3FFF != 0
            if !isFragment { proto = Int(p.load(fromByteOffset: nhoff + 9, as: UInt8.self)) }
            nhoff += ihl
        } else if l2 == 0x86DD {
            guard n >= nhoff + 40 else { return nil }
            // SAFETY: n >= nhoff + 40 covers the fixed IPv6 header.
            var s: UInt32 = 0, d: UInt32 = 0
            for i in 0..<4 {
                s ^= p.loadUnaligned(fromByteOffset: nhoff + 8 + 4 * i, as: UInt32.self)
                d ^= p.loadUnaligned(fromByteOffset: nhoff + 24 + 4 * i, as: UInt32.self)
            }
            flow.source = s
            flow.destination = d
            proto = Int(p.load(fromByteOffset: nhoff + 6, as: UInt8.self))
            nhoff += 40
        } else {
            return nil
        }
        // The flow dissector continues into tunnels (at most `encap` levels here).
        if encap > 0, let inner = tunnel(p, n, proto: proto, nhoff: &nhoff) {
            // A truncated inner header fails the kernel's dissection too: the caller then falls
            // back to the layer-2 hash.
            return flowIP(p, n, l2: inner, nhoff: &nhoff, l34: l34, flow: &flow, encap: encap - 1)
        }
        flow.ports = 0
        if l34 && proto >= 0 {
            // proto_ports_offset: TCP, UDP, DCCP, ESP, SCTP, UDP-Lite at 0; AH at 4; others none.
            let offset: Int? = [6, 17, 33, 50, 132, 136].contains(proto) ? 0 : (proto == 51 ? 4 : nil)
            if let offset, n >= nhoff + offset + 4 {
                // SAFETY: n >= nhoff + offset + 4 was just checked.
                flow.ports = p.loadUnaligned(fromByteOffset: nhoff + offset, as: UInt32.self)
            }
        }
        return proto
    }

    /// The EtherType of what a tunnel carries, moving `nhoff` to it: IP-in-IP (4), IPv6 (41), GRE
    /// version 0 (47; `__skb_flow_dissect_gre`: optional checksum, key and sequence words; no
    /// routing; 0x6558 carries an Ethernet frame). Nil when the packet is not a tunnel it opens.
    static func tunnel(_ p: UnsafeRawPointer, _ n: Int, proto: Int, nhoff: inout Int) -> UInt16? {
        switch proto {
        case 4: return 0x0800
        case 41: return 0x86DD
        case 47:
            guard n >= nhoff + 4 else { return nil }
            // SAFETY: n >= nhoff + 4 covers GRE's flags and protocol type.
            let flags = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: nhoff, as: UInt16.self))
            guard flags & 0x0007 == 0, flags & 0x4000 == 0 else { return nil }
            var type = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: nhoff + 2, as: UInt16.self))
            var offset = 4
            if flags & 0x8000 != 0 { offset += 4 }
            if flags & 0x2000 != 0 { offset += 4 }
            if flags & 0x1000 != 0 { offset += 4 }
            if type == 0x6558 {
                guard n >= nhoff + offset + 14 else { return nil }
                // SAFETY: n >= nhoff + offset + 14 covers the inner Ethernet header.
                type = UInt16(bigEndian: p.loadUnaligned(fromByteOffset: nhoff + offset + 12, as: UInt16.self))
                offset += 14
            }
            guard type == 0x0800 || type == 0x86DD else { return nil }
            nhoff += offset
            return type
        default:
            return nil
        }
    }
}
