import PacketWire

/// A host in a synthetic lab: its team's MAC and IP, and each member's own MAC.
public struct LabEndpoint: Sendable {
    public var name: String
    public var mac: MACAddress
    public var ip: IPAddress
    public var memberNames: [String]
    /// Each member's permanent MAC (LACPDUs and MAC-rewriting teams use it).
    public var memberMACs: [MACAddress]

    public init(name: String, mac: MACAddress, ip: IPAddress, memberNames: [String], memberMACs: [MACAddress]) {
        self.name = name
        self.mac = mac
        self.ip = ip
        self.memberNames = memberNames
        self.memberMACs = memberMACs
    }
}
