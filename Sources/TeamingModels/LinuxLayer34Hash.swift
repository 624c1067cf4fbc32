import PacketWire

/// Linux bonding's `xmit_hash_policy=layer3+4` for a TCP/UDP flow, as `__bond_xmit_hash` and
/// `bond_ip_hash` compute it in drivers/net/bonding/bond_main.c (kernels since the late-2017
/// change that discards the low bit): the two ports, loaded from the wire into a u32 on a
/// little-endian host, XOR the two addresses loaded the same way (IPv6 folded by
/// ipv6_addr_hash), then `h ^= h >> 16; h ^= h >> 8; h >> 1`. The member is `hash % count`
/// over the usable members in enslave order.
public enum LinuxLayer34Hash {
    public static func hash(source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16) -> UInt32 {
        // memcpy(&hash, &flow.ports.ports, 4): source port then destination port, network order.
        var h = UInt32(sourcePort.byteSwapped) | UInt32(destinationPort.byteSwapped) << 16
        h ^= wireWord(source) ^ wireWord(destination)
        h ^= h >> 16
        h ^= h >> 8
        return h >> 1
    }

    /// The member index for `count` usable members.
    public static func member(source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16, count: Int) -> Int {
        Int(hash(source: source, destination: destination, sourcePort: sourcePort, destinationPort: destinationPort) % UInt32(count))
    }

    /// An address as the kernel's u32 load of its network-order bytes on a little-endian host
    /// (`flow_get_u32_src/dst`; IPv6 is `ipv6_addr_hash`, the XOR of its four words).
    static func wireWord(_ a: IPAddress) -> UInt32 {
        if !a.isIPv6 { return UInt32(truncatingIfNeeded: a.low).byteSwapped }
        let words = [UInt32(a.high >> 32), UInt32(a.high & 0xFFFF_FFFF), UInt32(a.low >> 32), UInt32(a.low & 0xFFFF_FFFF)]
        return words.reduce(0) { $0 ^ $1.byteSwapped }
    }
}
