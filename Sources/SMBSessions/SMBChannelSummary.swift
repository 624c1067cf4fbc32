import PacketWire

/// One TCP connection of an SMB session — a channel ([MS-SMB2] 3.2.4.2.3, 3.3.5.5.2).
public struct SMBChannelSummary: Sendable {
    public var client: IPAddress
    public var clientPort: UInt16
    public var server: IPAddress
    public var serverPort: UInt16
    /// true: bound to the session by a SESSION_SETUP with the binding flag; false: the session
    /// was established on this connection; nil: no SESSION_SETUP of this session was seen here.
    public var bound: Bool?
    /// Final status of the SESSION_SETUP exchange on this connection (0 = success), if seen.
    public var setupStatus: UInt32?
    public var dialect: SMBDialect?
    public var first: Int64
    public var last: Int64
    /// TCP payload bytes of the connection, once each, by direction.
    public var bytesToServer: Int64
    public var bytesToClient: Int64
    /// READ and WRITE data lengths of this session on this connection.
    public var readBytes: Int64
    public var writeBytes: Int64
    /// The caller's tag for the connection's flow (the analyzer's flow-table index).
    public var flowTag: Int32
}
