import SMBSessions

/// One channel (TCP connection) of an SMB session.
public struct SMBChannelReport: Codable, Sendable, Equatable {
    public var client: String
    public var clientPort: Int
    public var server: String
    public var serverPort: Int
    /// true: bound with SESSION_SETUP's binding flag; false: the session was established here;
    /// null: no SESSION_SETUP of this session was captured on this connection.
    @NullWhenAbsent public var bound: Bool?
    /// Final SESSION_SETUP status on this connection (`0x00000000` = success), when seen.
    @NullWhenAbsent public var setupStatus: NTStatus?
    @NullWhenAbsent public var dialect: String?
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
        case client, clientPort = "client_port", server, serverPort = "server_port", bound, setupStatus = "setup_status"
        case dialect, firstNs = "first_ns", lastNs = "last_ns", bytes, bytesToServer = "bytes_to_server"
        case bytesToClient = "bytes_to_client", readBytes = "read_bytes", writeBytes = "write_bytes", members
        case carriedBy = "carried_by"
    }
}
