/// The network-layer protocol a frame carries, after VLAN, MPLS and PPPoE encapsulation.
public enum NetworkKind: UInt8, Sendable, Hashable {
    case none
    case ipv4
    case ipv6
    case arp
    /// Slow protocols: LACP and marker PDUs (IEEE 802.1AX).
    case slowProtocols
    /// Any other non-IP frame.
    case other
}
