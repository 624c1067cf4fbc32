/// What a perfmon Network Interface / RDMA Activity instance is to the team, from the name
/// Windows gives it: a `typeperf "\Network Interface(*)\…"` log holds every adapter, and only
/// the physical ones are members. The team's own interface (the LBFO "Microsoft Network Adapter
/// Multiplexor Driver") carries the members' traffic again; Hyper-V's virtual adapters (host
/// vNICs, `vEthernet (…)`) carry what goes over the team, or, under SET, its RDMA; ISATAP,
/// Teredo, 6to4, loopback, WAN Miniport and kernel-debug adapters are no network's.
public enum CounterInstanceRole: String, Sendable, Codable, Equatable {
    case member
    case teamInterface = "team_interface"
    case virtualAdapter = "virtual_adapter"
    /// A pseudo-interface: left out of the report.
    case pseudo

    public static func of(instance: String) -> CounterInstanceRole {
        let n = instance.lowercased()
        if n.contains("multiplexor") { return .teamInterface }
        if n.contains("hyper-v virtual") || n.hasPrefix("vethernet") || n.contains("virtual ethernet adapter") { return .virtualAdapter }
        for pseudo in ["isatap", "teredo", "6to4", "loopback", "wan miniport", "kernel debug", "pseudo-interface", "iphttps"] where n.contains(pseudo) {
            return .pseudo
        }
        return .member
    }
}
