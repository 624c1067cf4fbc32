/// Linux bonding's `xmit_hash_policy` (Documentation/networking/bonding.rst), used by
/// balance-xor and 802.3ad.
public enum LinuxHashPolicy: String, CaseIterable, Sendable {
    case layer2 = "layer2"
    case layer23 = "layer2+3"
    case layer34 = "layer3+4"
    case encap23 = "encap2+3"
    case encap34 = "encap3+4"
    case vlanSrcMAC = "vlan+srcmac"
}
