/// Global capabilities of a NEGOTIATE request or response ([MS-SMB2] 2.2.3, 2.2.4).
public struct SMBCapabilities: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let dfs = SMBCapabilities(rawValue: 0x01)
    public static let leasing = SMBCapabilities(rawValue: 0x02)
    public static let largeMTU = SMBCapabilities(rawValue: 0x04)
    public static let multiChannel = SMBCapabilities(rawValue: 0x08)
    public static let persistentHandles = SMBCapabilities(rawValue: 0x10)
    public static let directoryLeasing = SMBCapabilities(rawValue: 0x20)
    public static let encryption = SMBCapabilities(rawValue: 0x40)
    public static let notifications = SMBCapabilities(rawValue: 0x80)

    /// The names of the set bits, in bit order; unknown bits as hex.
    public var names: [String] {
        let known: [(SMBCapabilities, String)] = [(.dfs, "dfs"), (.leasing, "leasing"), (.largeMTU, "large_mtu"),
                                                  (.multiChannel, "multichannel"), (.persistentHandles, "persistent_handles"),
                                                  (.directoryLeasing, "directory_leasing"), (.encryption, "encryption"),
                                                  (.notifications, "notifications")]
        var out = known.filter { contains($0.0) }.map(\.1)
        let rest = rawValue & ~0xFF
        if rest != 0 { out.append("0x" + String(rest, radix: 16)) }
        return out
    }
}
