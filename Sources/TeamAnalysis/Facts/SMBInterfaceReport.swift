/// One advertised server interface ([MS-SMB2] 2.2.32.5), its addresses gathered by index.
public struct SMBInterfaceReport: Codable, Sendable, Equatable {
    public var index: UInt32
    public var rss: Bool
    public var rdma: Bool
    public var rssQueueCount: UInt32
    /// Bits per second, as on the wire.
    public var linkSpeed: UInt64
    public var addresses: [String]

    enum CodingKeys: String, CodingKey {
        case index, rss, rdma, rssQueueCount = "rss_queue_count", linkSpeed = "link_speed", addresses
    }
}
