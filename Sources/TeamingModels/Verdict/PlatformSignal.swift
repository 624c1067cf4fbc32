/// One tell of the operating system a host runs, found in its capture (`hosts[].verdict.platform`,
/// worded by Reporting).
public enum PlatformSignal: Codable, Sendable, Equatable {
    /// The host's interfaces as pktmon's components name them (an LBFO team adapter, a Hyper-V
    /// host vNIC): the capture was taken on Windows.
    case componentInterface(TeamEvidence.Platform)
    /// The host sent from an IPv6 link-local address made from its MAC (modified EUI-64, RFC 4291
    /// 2.5.1): the Linux kernel's default (`addr_gen_mode` eui64); Windows randomises it.
    case eui64LinkLocal(address: String)
    /// The host sent `packets` IP packets with this initial TTL / hop limit: 64 is Linux's
    /// (net.ipv4.ip_default_ttl, net.ipv6.conf.*.hop_limit), 128 Windows' (DefaultTTL). Only
    /// what the host itself sent counts: a captured copy on its own member carries the initial
    /// value, where a routed peer's arrives decremented.
    case initialTTL(value: Int, packets: Int)

    /// The operating system the signal points to; nil for a TTL that is neither 64 nor 128.
    public var os: OperatingSystem? {
        switch self {
        case .componentInterface: return .windows
        case .eui64LinkLocal: return .linux
        case .initialTTL(let value, _): return value == 64 ? .linux : (value == 128 ? .windows : nil)
        }
    }

    /// Whether the signal settles the platform by itself: pktmon's components exist only on
    /// Windows, where an address or a TTL can be set otherwise by hand.
    public var isConclusive: Bool {
        if case .componentInterface = self { return true } else { return false }
    }

    /// The reason this signal gives to rule out the other operating system's models.
    public var reason: TeamVerdict.Reason {
        switch self {
        case .componentInterface(.lbfoTeamAdapter(let i)), .componentInterface(.hyperVSwitchOnly(let i)): return .windowsAdapter(interface: i)
        case .eui64LinkLocal(let address): return .eui64LinkLocal(address: address)
        case .initialTTL(let value, let packets): return .initialTTL(value: value, packets: packets)
        }
    }

    enum CodingKeys: String, CodingKey {
        case componentInterface = "component_interface", eui64LinkLocal = "eui64_link_local", initialTTL = "initial_ttl"
    }
}
