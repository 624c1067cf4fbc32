/// A pcapng block type code ([pcapng] 4 and 11.1). Open: unknown and custom types survive.
public struct PcapngBlockType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let sectionHeader = PcapngBlockType(rawValue: 0x0A0D_0D0A)
    public static let interfaceDescription = PcapngBlockType(rawValue: 1)
    /// The obsolete Packet Block ([pcapng] appendix A).
    public static let packet = PcapngBlockType(rawValue: 2)
    public static let simplePacket = PcapngBlockType(rawValue: 3)
    public static let nameResolution = PcapngBlockType(rawValue: 4)
    public static let interfaceStatistics = PcapngBlockType(rawValue: 5)
    public static let enhancedPacket = PcapngBlockType(rawValue: 6)
    public static let decryptionSecrets = PcapngBlockType(rawValue: 0x0000_000A)
    public static let custom = PcapngBlockType(rawValue: 0x0000_0BAD)
    public static let customDoNotCopy = PcapngBlockType(rawValue: 0x4000_0BAD)

    /// The short name used in block counts (as the conformance suite's .txt files spell them).
    public var shortName: String {
        switch self {
        case .sectionHeader: return "SHB"
        case .interfaceDescription: return "IDB"
        case .packet: return "PB"
        case .simplePacket: return "SPB"
        case .nameResolution: return "NRB"
        case .interfaceStatistics: return "ISB"
        case .enhancedPacket: return "EPB"
        case .decryptionSecrets: return "DSB"
        case .custom: return "CB"
        case .customDoNotCopy: return "DCB"
        default: return "unknown"
        }
    }
}
