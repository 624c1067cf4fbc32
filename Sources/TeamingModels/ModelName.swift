/// A teaming model's name as reports, claims and `simulate` spell it: `linux/layer3+4`,
/// `windows/hyperv-port`, … Open: a name the registry does not know survives (and is reported
/// as unknown where it is used).
public struct ModelName: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: ModelName, b: ModelName) -> Bool { a.rawValue < b.rawValue }

    /// The Linux bonding `xmit_hash_policy` model of `policy`.
    public static func linux(_ policy: LinuxHashPolicy) -> ModelName { ModelName("linux/\(policy.rawValue)") }
    public static let linuxRoundRobin = ModelName("linux/round-robin")
    public static let linuxActiveBackup = ModelName("linux/active-backup")
    public static let linuxBalanceTLB = ModelName("linux/balance-tlb")
    public static let linuxBalanceALB = ModelName("linux/balance-alb")
    public static let windowsTransportPorts = ModelName("windows/transport-ports")
    public static let windowsDynamic = ModelName("windows/dynamic")
    public static let windowsIPAddresses = ModelName("windows/ip-addresses")
    public static let windowsMACAddresses = ModelName("windows/mac-addresses")
    public static let windowsHyperVPort = ModelName("windows/hyperv-port")

    /// The Linux hash policy this name is the model of, if it is one.
    public var linuxHashPolicy: LinuxHashPolicy? { Self.hashPolicies[self] }

    private static let hashPolicies = Dictionary(uniqueKeysWithValues: LinuxHashPolicy.allCases.map { (ModelName.linux($0), $0) })

    /// Whether the registry knows this model.
    public var isKnown: Bool { ModelRegistry.model(self) != nil }
}
