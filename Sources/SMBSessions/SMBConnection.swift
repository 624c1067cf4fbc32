import PacketWire

/// The state of one TCP connection to an SMB port.
final class SMBConnection {
    struct ChannelState {
        var bound: Bool?
        var setupStatus: UInt32?
        var first: Int64
        var last: Int64
        var readBytes: Int64 = 0
        var writeBytes: Int64 = 0
    }

    let client: IPAddress
    let clientPort: UInt16
    let server: IPAddress
    let serverPort: UInt16
    let toServer: SMBDirectionStream
    let toClient: SMBDirectionStream
    /// SMB Direct over iWARP (server port 5445): the streams read instead of `toServer`/`toClient`.
    let directToServer: SMBDirectStream?
    let directToClient: SMBDirectStream?
    var clientISN: UInt32?
    /// Its key while it is open (nil once evicted: a flow tag then no longer finds it).
    var key: SMBTracker.Key?
    var negotiateRequest: SMBNegotiateRequest?
    var negotiateResponse: SMBNegotiateResponse?
    /// Every dialect a NEGOTIATE response chose here, in order (0x02FF, then the real one, after
    /// an SMB1 multi-protocol negotiate).
    var dialectsChosen: [SMBDialect] = []
    /// SESSION_SETUP requests awaiting their response, by MessageId: binding flag, session id.
    var pendingSetups: [UInt64: (binding: Bool, session: UInt64)] = [:]
    /// TREE_CONNECT paths awaiting their response, by MessageId.
    var pendingTrees: [UInt64: String] = [:]
    /// Sessions seen on this connection, in order, with this connection's part in each.
    var sessionOrder: [UInt64] = []
    var sessions: [UInt64: ChannelState] = [:]
    var messages = 0
    /// When both FINs, or a RST, were seen (nil while open).
    var closedAt: Int64?
    var finSeen = (toServer: false, toClient: false)
    var first: Int64
    var last: Int64
    var flowTag: Int32

    /// Requests awaiting a response, per kind, before the oldest are forgotten.
    static let maxPending = 1024
    /// Sessions one connection may carry before the rest are ignored.
    static let maxSessions = 256

    init(client: IPAddress, clientPort: UInt16, server: IPAddress, serverPort: UInt16, time: Int64, flowTag: Int32) {
        self.client = client
        self.clientPort = clientPort
        self.server = server
        self.serverPort = serverPort
        let transport: SMBFramer.Transport = serverPort == 139 ? .netbios : .direct
        toServer = SMBDirectionStream(transport: transport)
        toClient = SMBDirectionStream(transport: transport)
        let direct = serverPort == SMBTracker.smbDirectPort
        directToServer = direct ? SMBDirectStream() : nil
        directToClient = direct ? SMBDirectStream() : nil
        first = time
        last = time
        self.flowTag = flowTag
    }

    /// TCP payload bytes each way, each once (the reassembler's, or SMB Direct's segments).
    var bytesToServer: Int64 { directToServer?.deliveredBytes ?? toServer.reassembler.deliveredBytes }
    var bytesToClient: Int64 { directToClient?.deliveredBytes ?? toClient.reassembler.deliveredBytes }

    /// This connection's state in session `id`, registering it.
    func channel(_ id: UInt64, time: Int64) -> Bool {
        if sessions[id] != nil {
            sessions[id]!.last = max(sessions[id]!.last, time)
            return true
        }
        guard sessions.count < Self.maxSessions else { return false }
        sessions[id] = ChannelState(first: time, last: time)
        sessionOrder.append(id)
        return true
    }
}
