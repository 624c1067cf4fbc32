/// How a host's inbound traffic reached its members, as the balance-tlb/alb models need it.
public enum ReceivePattern: String, Codable, Sendable {
    /// Everything arrived on one member (balance-tlb: the active member; balance-alb with one peer).
    case oneMember
    /// Several members received, each peer's traffic on one member (balance-alb's ARP balancing).
    case perPeer
    /// Several members received and some peer's traffic was split (a switch hashing per flow).
    case spread
}
