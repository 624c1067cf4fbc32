/// The kind of team a host runs, as `hosts[].verdict.family` spells it: a Linux bonding mode
/// (`linux/802.3ad`, `linux/balance-xor`, …; bonding.rst) or a Windows teaming technology
/// (`windows/lbfo`, NIC Teaming; `windows/set`, Switch Embedded Teaming). Open: a family this
/// version does not know survives decoding.
public struct TeamFamily: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let linuxBalanceRR = TeamFamily(rawValue: "linux/balance-rr")
    public static let linuxActiveBackup = TeamFamily(rawValue: "linux/active-backup")
    public static let linuxBalanceXOR = TeamFamily(rawValue: "linux/balance-xor")
    public static let linux8023ad = TeamFamily(rawValue: "linux/802.3ad")
    public static let linuxBalanceTLB = TeamFamily(rawValue: "linux/balance-tlb")
    public static let linuxBalanceALB = TeamFamily(rawValue: "linux/balance-alb")
    public static let windowsLBFO = TeamFamily(rawValue: "windows/lbfo")
    public static let windowsSET = TeamFamily(rawValue: "windows/set")

    public var isWindows: Bool { rawValue.hasPrefix("windows/") }
}
