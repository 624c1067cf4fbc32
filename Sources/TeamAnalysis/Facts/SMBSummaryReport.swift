/// The SMB layer at a glance: `smb` in the JSON.
public struct SMBSummaryReport: Codable, Sendable, Equatable {
    public var connections: Int
    public var untrackedConnections: Int
    public var messages: Int
    public var operations: Int
    public var encryptedMessages: Int
    public var compressedMessages: Int
    public var smb1Messages: Int
    /// Messages that contradict themselves (with the first ones in `problems`).
    public var malformed: Int
    /// Messages cut by the capture before the part TeamScope decodes.
    public var notCaptured: Int
    /// Times the framer lost message boundaries and found the next SMB2 header again.
    public var resyncs: Int
    public var skippedBytes: Int64
    public var lostBytes: Int64
    public var notCapturedBytes: Int64
    public var duplicateBytes: Int64
    /// "file frame N: what", first malformed then cut messages (bounded).
    public var problems: [String]
    public var connectionDetails: [SMBConnectionReport]

    enum CodingKeys: String, CodingKey {
        case connections, untrackedConnections = "untracked_connections", messages, operations
        case encryptedMessages = "encrypted_messages", compressedMessages = "compressed_messages"
        case smb1Messages = "smb1_messages", malformed, notCaptured = "not_captured", resyncs
        case skippedBytes = "skipped_bytes", lostBytes = "lost_bytes", notCapturedBytes = "not_captured_bytes"
        case duplicateBytes = "duplicate_bytes", problems, connectionDetails = "connection_details"
    }
}
