import PacketWire

/// A host in a synthetic lab: its team's MAC and IP, and each member's own MAC.
public struct LabEndpoint: Sendable {
    public var name: String
    public var mac: MACAddress
    public var ip: IPAddress
    public var memberNames: [String]
    /// Each member's permanent MAC (LACPDUs and MAC-rewriting teams use it).
    public var memberMACs: [MACAddress]
    /// The TTL its IP packets carry where they are captured: the operating system's initial value
    /// (64 Linux, 128 Windows) on the sender's own link, less one per router on the way.
    public var ttl: UInt8

    public init(name: String, mac: MACAddress, ip: IPAddress, memberNames: [String], memberMACs: [MACAddress], ttl: UInt8 = 64) {
        self.name = name
        self.mac = mac
        self.ip = ip
        self.memberNames = memberNames
        self.memberMACs = memberMACs
        self.ttl = ttl
    }
}
