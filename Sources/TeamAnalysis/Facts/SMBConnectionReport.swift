/// One TCP connection to an SMB port and its NEGOTIATE exchange ([MS-SMB2] 2.2.3, 2.2.4).
public struct SMBConnectionReport: Codable, Sendable, Equatable {
    public var client: String
    public var clientPort: Int
    public var server: String
    public var serverPort: Int
    public var dialectsOffered: [String]
    public var dialect: String?
    public var clientCapabilities: [String]
    public var serverCapabilities: [String]
    /// "signing enabled" / "signing required", per side.
    public var clientSecurityMode: String?
    public var serverSecurityMode: String?
    /// 3.1.1 negotiate contexts, by side: ciphers, compression, signing, RDMA transforms, preauth.
    public var clientContexts: [String: [String]]?
    public var serverContexts: [String: [String]]?
    public var sessions: [String]
    public var messages: Int
    public var bytesToServer: Int64
    public var bytesToClient: Int64

    enum CodingKeys: String, CodingKey {
        case client, clientPort = "client_port", server, serverPort = "server_port", dialectsOffered = "dialects_offered"
        case dialect, clientCapabilities = "client_capabilities", serverCapabilities = "server_capabilities"
        case clientSecurityMode = "client_security_mode", serverSecurityMode = "server_security_mode"
        case clientContexts = "client_contexts", serverContexts = "server_contexts", sessions, messages
        case bytesToServer = "bytes_to_server", bytesToClient = "bytes_to_client"
    }
}
