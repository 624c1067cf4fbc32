import TeamingModels

/// One SMB session in the report: `smb_sessions[]`.
public struct SMBSessionReport: Codable, Sendable, Equatable {
    /// Hex as TShark prints `smb2.sesid`, e.g. `0x00001c0010000049`.
    public var sessionId: String
    /// "3.1.1", "3.0", … (nil when no NEGOTIATE of its channels was captured).
    public var dialect: String?
    public var multichannelNegotiated: Bool
    public var encrypted: Bool
    public var encryptedMessages: Int
    public var signed: Bool
    public var channels: [SMBChannelReport]
    /// What the server advertised in FSCTL_QUERY_NETWORK_INTERFACE_INFO, one entry per interface index.
    public var interfaces: [SMBInterfaceReport]
    public var shares: [String]
    public var readBytes: Int64
    public var writeBytes: Int64
    public var loggedOff: Bool
    public var firstNs: Int64
    public var lastNs: Int64
    /// Per host, how many members carry the session's channels.
    public var membersUsed: [String: Int]
    /// Per "host/member", its share of the session's bytes on that host.
    public var memberShares: [String: Double]
    /// Findings as facts (in the JSON as `notes`, one sentence each).
    public var findings: [SMBNote]?

    enum CodingKeys: String, CodingKey {
        case sessionId = "session_id", dialect, multichannelNegotiated = "multichannel_negotiated", encrypted
        case encryptedMessages = "encrypted_messages", signed, channels, interfaces, shares, readBytes = "read_bytes"
        case writeBytes = "write_bytes", loggedOff = "logged_off", firstNs = "first_ns", lastNs = "last_ns"
        case membersUsed = "members_used", memberShares = "member_shares", findings
    }
}
