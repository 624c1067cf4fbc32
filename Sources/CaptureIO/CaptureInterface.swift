import PacketWire
/// One interface a capture file recorded on: a pcap file has one; a pcapng file one per
/// Interface Description Block, numbered across sections in file order ([pcapng] 4.2).
public struct CaptureInterface: Sendable, Hashable {
    /// Position in the file's interface list (across all sections), as in TShark's `frame.interface_id`
    /// for single-section files.
    public var index: Int
    /// Which pcapng section declared it (0 for pcap).
    public var section: Int
    public var linkType: LinkType
    /// 0 means no limit.
    public var snapLength: UInt32
    /// `if_name`.
    public var name: String?
    /// `if_description`.
    public var description: String?
    /// `if_MACaddr`, the 48-bit address in its low bits.
    public var macAddress: UInt64?
    /// `if_IPv4addr` addresses (host order).
    public var ipv4Addresses: [UInt32]
    /// `if_IPv6addr` addresses as 16 bytes.
    public var ipv6Addresses: [[UInt8]]
    public var timestampResolution: TimestampResolution
    /// `if_tsoffset`, seconds added to every timestamp.
    public var timestampOffset: Int64
    /// `if_fcslen`: bytes of frame check sequence at the end of each frame, when known.
    public var fcsLength: Int?
    /// `if_speed`: the interface's speed in bits per second, when the capture recorded it.
    public var speed: UInt64?

    public init(index: Int, section: Int = 0, linkType: LinkType, snapLength: UInt32,
                name: String? = nil, description: String? = nil, macAddress: UInt64? = nil,
                ipv4Addresses: [UInt32] = [], ipv6Addresses: [[UInt8]] = [],
                timestampResolution: TimestampResolution = .microseconds, timestampOffset: Int64 = 0,
                fcsLength: Int? = nil) {
        self.index = index
        self.section = section
        self.linkType = linkType
        self.snapLength = snapLength
        self.name = name
        self.description = description
        self.macAddress = macAddress
        self.ipv4Addresses = ipv4Addresses
        self.ipv6Addresses = ipv6Addresses
        self.timestampResolution = timestampResolution
        self.timestampOffset = timestampOffset
        self.fcsLength = fcsLength
    }
}
