import SMBSessions

/// What an engineer should know about an SMB session, as facts; Reporting words them
/// (`smb_sessions[].notes`).
public enum SMBNote: Codable, Sendable, Equatable {
    /// The session's channels, and how many were bound with SESSION_SETUP's binding flag.
    case channels(count: Int, bound: Int)
    /// Multichannel was negotiated, yet one channel was seen.
    case multichannelButOneChannel
    /// RDMA-capable interfaces the server advertised (SMB Direct bypasses packet capture).
    case rdmaInterfaces([Interface])
    /// On this host every channel runs over one member.
    case oneMember(host: String, member: String)
    /// On this host the channels spread over members, with each one's share of the bytes.
    case spread(host: String, shares: [MemberShare])
    /// A SESSION_SETUP that failed, and whether it was a binding.
    case setupFailed(client: String, clientPort: Int, status: NTStatus, binding: Bool)
    /// Encrypted messages: their commands cannot be read.
    case encryptedMessages(Int)

    public struct Interface: Codable, Sendable, Equatable {
        public var index: Int
        public var addresses: [String]
        public init(index: Int, addresses: [String]) { self.index = index; self.addresses = addresses }
    }
    public struct MemberShare: Codable, Sendable, Equatable {
        public var member: String
        public var share: Double
        public init(member: String, share: Double) { self.member = member; self.share = share }
    }

    enum CodingKeys: String, CodingKey {
        case channels, multichannelButOneChannel = "multichannel_but_one_channel", rdmaInterfaces = "rdma_interfaces"
        case oneMember = "one_member", spread, setupFailed = "setup_failed", encryptedMessages = "encrypted_messages"
    }
    enum SetupFailedCodingKeys: String, CodingKey {
        case client, clientPort = "client_port", status, binding
    }
}
