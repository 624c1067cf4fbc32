/// A channel's packets and bytes on one member, by direction.
public struct SMBChannelMemberTraffic: Codable, Sendable, Equatable {
    public var toServer: TrafficCount
    public var toClient: TrafficCount

    enum CodingKeys: String, CodingKey {
        case toServer = "to_server", toClient = "to_client"
    }
}
