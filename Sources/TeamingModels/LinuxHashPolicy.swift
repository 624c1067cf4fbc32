import PacketWire

/// Linux bonding's `xmit_hash_policy` (Documentation/networking/bonding.rst), used by
/// balance-xor and 802.3ad.
public enum LinuxHashPolicy: String, CaseIterable, Sendable {
    case layer2 = "layer2"
    case layer23 = "layer2+3"
    case layer34 = "layer3+4"
    case encap23 = "encap2+3"
    case encap34 = "encap3+4"
    case vlanSrcMAC = "vlan+srcmac"

    /// The layer-2 fields the hash reads (`bond_eth_hash`: both MACs; `bond_vlan_srcmac_hash`:
    /// the source MAC; layer3+4 and encap3+4 read none unless the frame is not IP).
    public var layer2Needed: SampledFrame.Layer2 {
        switch self {
        case .layer2, .layer23, .encap23: return .all
        case .vlanSrcMAC: return .sourceMAC
        case .layer34, .encap34: return []
        }
    }
}
