/// One channel (TCP connection) of an SMB session.
public struct SMBChannelReport: Codable, Sendable, Equatable {
    public var client: String
    public var clientPort: Int
    public var server: String
    public var serverPort: Int
    /// true: bound with SESSION_SETUP's binding flag; false: the session was established here;
    /// null: no SESSION_SETUP of this session was captured on this connection.
    public var bound: Bool?
    /// Final SESSION_SETUP status on this connection (`0x00000000` = success), when seen.
    public var setupStatus: String?
    public var dialect: String?
    public var firstNs: Int64
    public var lastNs: Int64
    /// TCP payload bytes, each byte once (both directions, then each).
    public var bytes: Int64
    public var bytesToServer: Int64
    public var bytesToClient: Int64
    public var readBytes: Int64
    public var writeBytes: Int64
    /// "host/member" → packets and bytes toward the server and toward the client.
    public var members: [String: SMBChannelMemberTraffic]
    /// Per host: the member carrying the channel (≥ the pinned threshold of its bytes there), or "split".
    public var carriedBy: [String: String]

    enum CodingKeys: String, CodingKey {
        case client, clientPort, server, serverPort, bound, setupStatus, dialect, firstNs, lastNs, bytes
        case bytesToServer, bytesToClient, readBytes, writeBytes, members, carriedBy
    }

    /// Writes `bound`, `setup_status` and `dialect` as null when unknown, so every channel has the same fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(client, forKey: .client)
        try c.encode(clientPort, forKey: .clientPort)
        try c.encode(server, forKey: .server)
        try c.encode(serverPort, forKey: .serverPort)
        try c.encode(bound, forKey: .bound)
        try c.encode(setupStatus, forKey: .setupStatus)
        try c.encode(dialect, forKey: .dialect)
        try c.encode(firstNs, forKey: .firstNs)
        try c.encode(lastNs, forKey: .lastNs)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(bytesToServer, forKey: .bytesToServer)
        try c.encode(bytesToClient, forKey: .bytesToClient)
        try c.encode(readBytes, forKey: .readBytes)
        try c.encode(writeBytes, forKey: .writeBytes)
        try c.encode(members, forKey: .members)
        try c.encode(carriedBy, forKey: .carriedBy)
    }
}
