import PacketWire

/// One TCP connection to an SMB port, with what its NEGOTIATE exchange said.
public struct SMBConnectionSummary: Sendable {
    public var client: IPAddress
    public var clientPort: UInt16
    public var server: IPAddress
    public var serverPort: UInt16
    public var dialectsOffered: [SMBDialect]
    /// The dialect in force: the last NEGOTIATE response's.
    public var dialect: SMBDialect?
    /// Every NEGOTIATE response's dialect, in order.
    public var dialectsChosen: [SMBDialect]
    public var clientCapabilities: SMBCapabilities?
    public var serverCapabilities: SMBCapabilities?
    /// Security modes (0x1 signing enabled, 0x2 signing required).
    public var clientSecurityMode: UInt16?
    public var serverSecurityMode: UInt16?
    public var clientContexts: SMBNegotiateContexts?
    public var serverContexts: SMBNegotiateContexts?
    public var sessions: [UInt64]
    public var messages: Int
    public var first: Int64
    public var last: Int64
    public var bytesToServer: Int64
    public var bytesToClient: Int64
    public var flowTag: Int32
}
