/// An SMB session and everything seen of it: dialect, security, channels, what the server
/// advertised, shares and data moved.
public struct SMBSessionSummary: Sendable {
    public var id: UInt64
    public var dialect: SMBDialect?
    /// Multichannel capability in both NEGOTIATE request and response of a channel.
    public var multichannelNegotiated: Bool
    public var signed: Bool
    /// Encrypted messages (transform headers) seen, or the server asked for encryption.
    public var encrypted: Bool
    public var encryptedMessages: Int
    public var channels: [SMBChannelSummary]
    public var interfaces: [SMBNetworkInterface]
    public var shares: [String]
    public var readBytes: Int64
    public var writeBytes: Int64
    public var loggedOff: Bool
    public var first: Int64
    public var last: Int64

    /// As TShark prints `smb2.sesid`: `0x00001c0010000049`.
    public var idHex: String { Self.hex(id) }

    public static func hex(_ id: UInt64) -> String {
        let h = String(id, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - h.count) + h
    }
}
