import PacketWire

/// Follows every TCP connection to port 445 (Direct TCP) or 139 (NetBIOS) and correlates SMB
/// sessions with their channels: the session id of every SMB2 header and transform header
/// names the sessions a connection carries; SESSION_SETUP with the binding flag marks a
/// connection as an extra channel of an existing session ([MS-SMB2] 3.2.4.2.3, 3.3.5.5.2).
///
/// Feed packets in capture order (copies from several members or hosts may repeat: the
/// reassembly drops bytes already seen). Memory grows with connections and sessions, never with
/// packets: each direction holds at most `SMBStreamReassembler.maxHeldBytes` behind a hole and
/// `SMBFramer.maxPrefix` of one message.
public final class SMBTracker {
    /// Connections followed at once; later ones are counted in `untrackedConnections`. A closed
    /// connection gives its place up `closedGrace` after its close (late copies of its last
    /// segments from another member or host still find it until then).
    public static let maxConnections = 256
    public static let closedGrace: Int64 = 2_000_000_000
    public static let maxSessions = 4096
    public static let maxChannelsPerSession = 64
    public static let maxShares = 64
    /// Problems kept with their frames, per kind; all are counted.
    public static let maxProblems = 50

    struct Key: Hashable {
        var client: IPAddress
        var clientPort: UInt16
        var server: IPAddress
        var serverPort: UInt16
    }

    private final class Session {
        let id: UInt64
        var connections: [SMBConnection] = []
        var signed = false
        var encryptData = false
        var encryptedMessages = 0
        var interfaces: [SMBNetworkInterface] = []
        var shares: [String] = []
        var readBytes: Int64 = 0
        var writeBytes: Int64 = 0
        var loggedOff = false
        var first: Int64
        var last: Int64

        init(id: UInt64, time: Int64) {
            self.id = id
            first = time
            last = time
        }
    }

    private var connections: [SMBConnection] = []
    private var open: [Key: SMBConnection] = [:]
    /// Connections by the caller's flow tag (flow-table index), so most packets skip the hash.
    private var byFlow: [SMBConnection?] = []
    static let maxFlowTags = 1 << 20
    private var sessions: [UInt64: Session] = [:]
    private var sessionOrder: [UInt64] = []
    public private(set) var statistics = SMBStatistics()
    private var finished = false
    private var lastUntracked: Key?
    /// No eviction scan before this time (see `evictClosed`).
    private var nextEviction = Int64.min

    public init() {}

    /// Whether a port is an SMB server port TeamScope follows.
    @inline(__always)
    public static func isSMBPort(_ p: UInt16) -> Bool { p == 445 || p == 139 || p == smbDirectPort }

    /// SMB Direct over iWARP ([MS-SMBD] 2.1): SMB2 in RDMA Sends, in MPA FPDUs, in TCP.
    public static let smbDirectPort: UInt16 = 5445

    /// One decoded packet and its captured bytes. `flowTag` is kept with the connection.
    public func observe(_ d: DecodedPacket, bytes: UnsafeRawBufferPointer, time: Int64, frame: SMBFrameRef, flowTag: Int32 = -1) {
        guard d.isTCP, d.fragmentOffset == 0 else { return }
        let toServer: Bool
        if Self.isSMBPort(d.destinationPort) && !(Self.isSMBPort(d.sourcePort) && d.sourcePort < d.destinationPort) {
            toServer = true
        } else if Self.isSMBPort(d.sourcePort) {
            toServer = false
        } else {
            return
        }
        let flags = d.tcpFlags
        // A bare ACK changes nothing here: no lookup.
        if d.payloadLength == 0 && !flags.contains(.syn) && !flags.contains(.fin) && !flags.contains(.rst) { return }
        let key = toServer ? Key(client: d.source, clientPort: d.sourcePort, server: d.destination, serverPort: d.destinationPort)
                           : Key(client: d.destination, clientPort: d.destinationPort, server: d.source, serverPort: d.sourcePort)
        // The caller's flow index finds the connection without hashing the 4-tuple.
        var conn: SMBConnection?
        if flowTag >= 0 && Int(flowTag) < byFlow.count, let c = byFlow[Int(flowTag)], c.key == key {
            conn = c
        } else if open.count >= Self.maxConnections && time < nextEviction
                    && (flowTag < 0 || Int(flowTag) >= byFlow.count || byFlow[Int(flowTag)] == nil) {
            // The table is full and this flow never had a connection (or the flow table is full
            // too): untracked, without hashing the 4-tuple.
            countUntracked(key)
            return
        } else {
            conn = open[key]
        }
        if let c = conn, toServer, flags.contains(.syn), !flags.contains(.ack), let isn = c.clientISN, isn != d.tcpSequence,
           c.bytesToServer > 0 {
            // The 4-tuple reused by a new connection.
            conn = nil
        }
        if conn == nil {
            if open.count >= Self.maxConnections && open[key] == nil && time >= nextEviction { evictClosed(before: time - Self.closedGrace) }
            guard open.count < Self.maxConnections || open[key] != nil else {
                countUntracked(key)
                return
            }
            let c = SMBConnection(client: key.client, clientPort: key.clientPort, server: key.server, serverPort: key.serverPort,
                                  time: time, flowTag: flowTag)
            if let old = open[key] { finish(old) }
            open[key] = c
            connections.append(c)
            c.key = key
            statistics.connections += 1
            conn = c
        }
        let c = conn!
        if flowTag >= 0 && Int(flowTag) < Self.maxFlowTags {
            if Int(flowTag) >= byFlow.count { byFlow.append(contentsOf: repeatElement(nil, count: Int(flowTag) + 1 - byFlow.count)) }
            if byFlow[Int(flowTag)] !== c { byFlow[Int(flowTag)] = c }
        }
        c.last = max(c.last, time)
        if flowTag >= 0 { c.flowTag = flowTag }
        let stream = toServer ? c.toServer : c.toClient
        if flags.contains(.rst) || flags.contains(.fin) {
            if flags.contains(.fin) { if toServer { c.finSeen.toServer = true } else { c.finSeen.toClient = true } }
            if c.closedAt == nil && (flags.contains(.rst) || (c.finSeen.toServer && c.finSeen.toClient)) {
                c.closedAt = time
                nextEviction = min(nextEviction, time &+ Self.closedGrace)
            }
        }
        if flags.contains(.syn) {
            if toServer && !flags.contains(.ack) && c.clientISN == nil { c.clientISN = d.tcpSequence }
            stream.reassembler.syn(d.tcpSequence)
        }
        let length = d.payloadLength
        guard length > 0, d.payloadOffset <= bytes.count else { return }
        // SAFETY: payloadOffset <= bytes.count was just checked and the end is clipped to bytes.count.
        let captured = UnsafeRawBufferPointer(rebasing: bytes[d.payloadOffset..<min(bytes.count, d.payloadOffset + length)])
        if let direct = toServer ? c.directToServer : c.directToClient {
            direct.push(seq: d.tcpSequence, captured: captured, length: length, frame: frame) { view in
                handle(view, c, toServer: toServer, time: time)
            }
            return
        }
        stream.push(seq: d.tcpSequence, captured: captured, length: length, frame: frame) { view in
            handle(view, c, toServer: toServer, time: time)
        }
    }

    /// Counts a connection left unfollowed once, however many of its packets come.
    private func countUntracked(_ key: Key) {
        if key != lastUntracked { statistics.untrackedConnections += 1 }
        lastUntracked = key
    }

    /// Flushes what is still held behind holes and closes the books. Call once, at the end.
    public func finish() {
        guard !finished else { return }
        finished = true
        for c in connections { finish(c) }
        for c in connections {
            for s in [c.toServer, c.toClient] {
                let r = s.reassembler
                statistics.lostBytes += r.lostBytes
                statistics.notCapturedBytes += r.notCapturedBytes
                statistics.duplicateBytes += r.duplicateBytes
                if let f = s.framer {
                    statistics.resyncs += f.resyncs
                    statistics.huntedBytes += f.huntedBytes
                    statistics.malformed += f.framingErrors
                    if f.framingErrors > 0, let at = f.lastFramingError {
                        note(&statistics.malformedSamples, at, "transport framing broken \(f.framingErrors) time(s) on \(c.client):\(c.clientPort)→\(c.server):\(c.serverPort) (expected a \(f.transport == .direct ? "Direct TCP header: a zero byte and a 24-bit length" : "NetBIOS session header")); resynchronised at the next SMB header")
                    }
                }
            }
        }
    }

    /// Frees the places of connections closed before `time`: flushed and no longer looked up.
    /// Then no scan again before the next closed connection's grace ends (a flood of SYNs to
    /// port 445 must not scan the table per packet).
    private func evictClosed(before time: Int64) {
        var next = Int64.max
        for (key, c) in open {
            guard let closed = c.closedAt else { continue }
            if closed < time {
                finish(c)
                open[key] = nil
                c.key = nil
            } else {
                next = min(next, closed)
            }
        }
        nextEviction = next == .max ? .max : next + Self.closedGrace
        if open.count < Self.maxConnections { nextEviction = .min }
    }

    private func finish(_ c: SMBConnection) {
        c.toServer.flush { view in handle(view, c, toServer: true, time: c.last) }
        c.toClient.flush { view in handle(view, c, toServer: false, time: c.last) }
    }

    // MARK: Messages

    private func handle(_ view: SMBMessageView, _ c: SMBConnection, toServer: Bool, time: Int64) {
        statistics.messages += 1
        c.messages += 1
        SMBMessageDecoder.decode(view.bytes, length: view.length) { item in
            switch item {
            case .operation(let op):
                handle(op, c, toServer: toServer, time: time, view: view)
            case .encrypted(let t):
                statistics.encryptedMessages += 1
                if let s = session(t.sessionID, c, time: time) {
                    s.encryptedMessages += 1
                }
            case .compressed:
                statistics.compressedMessages += 1
            case .smb1:
                statistics.smb1Messages += 1
            case .problem(let p):
                problem(p, view, context: "message of \(view.length) bytes")
            }
        }
    }

    private func problem(_ p: SMBParse, _ view: SMBMessageView, context: String) {
        switch p {
        case .malformed(let what):
            statistics.malformed += 1
            note(&statistics.malformedSamples, view.frame, "\(context): \(what)")
        case .notCaptured(let needed):
            statistics.notCaptured += 1
            note(&statistics.notCapturedSamples, view.frame, "\(context): needs \(needed) bytes, the capture holds \(view.bytes.count)\(view.truncated ? " (cut by snaplen or lost segments)" : " (beyond the \(SMBFramer.maxPrefix)-byte prefix TeamScope keeps)")")
        }
    }

    private func note(_ list: inout [SMBProblem], _ frame: SMBFrameRef, _ what: String) {
        if list.count < Self.maxProblems { list.append(SMBProblem(frame: frame, what: what)) }
    }

    private func session(_ id: UInt64, _ c: SMBConnection, time: Int64) -> Session? {
        guard id != 0, id != UInt64.max else { return nil }
        var s = sessions[id]
        if s == nil {
            guard sessions.count < Self.maxSessions else { return nil }
            s = Session(id: id, time: time)
            sessions[id] = s
            sessionOrder.append(id)
        }
        let session = s!
        session.last = max(session.last, time)
        if c.channel(id, time: time) && !session.connections.contains(where: { $0 === c })
            && session.connections.count < Self.maxChannelsPerSession {
            session.connections.append(c)
        }
        return session
    }

    private func handle(_ op: SMBOperation, _ c: SMBConnection, toServer: Bool, time: Int64, view: SMBMessageView) {
        statistics.operations += 1
        let h = op.header
        if let p = op.problem {
            problem(p, view, context: "\(h.command) \(h.isResponse ? "response" : "request")")
        }
        let s = session(h.sessionID, c, time: time)
        if let s, h.isSigned { s.signed = true }
        switch op.body {
        case .negotiateRequest(let r):
            c.negotiateRequest = r
        case .negotiateResponse(let r):
            c.negotiateResponse = r
            if c.dialectsChosen.count < 8 { c.dialectsChosen.append(r.dialect) }
        case .sessionSetupRequest(let r):
            if c.pendingSetups.count >= SMBConnection.maxPending { c.pendingSetups.removeAll() }
            c.pendingSetups[h.messageID] = (r.isBinding, h.sessionID)
            if r.isBinding, s != nil { c.sessions[h.sessionID]?.bound = true }
        case .sessionSetupResponse(let r):
            if r.encryptData { s?.encryptData = true }
            setupAnswered(h, s, c)
        case .error where h.command == .sessionSetup:
            setupAnswered(h, s, c)
        case .treeConnectRequest(let r):
            if c.pendingTrees.count >= SMBConnection.maxPending { c.pendingTrees.removeAll() }
            c.pendingTrees[h.messageID] = r.path
        case .treeConnectResponse:
            if let path = c.pendingTrees.removeValue(forKey: h.messageID), let s, !s.shares.contains(path), s.shares.count < Self.maxShares {
                s.shares.append(path)
            }
        case .ioctlResponse(let r):
            if !r.interfaces.isEmpty, let s { s.interfaces = r.interfaces }
        case .readResponse(let n):
            if let s { s.readBytes += Int64(n); c.sessions[s.id]?.readBytes += Int64(n) }
        case .writeRequest(let n):
            if let s { s.writeBytes += Int64(n); c.sessions[s.id]?.writeBytes += Int64(n) }
        case .logoff:
            s?.loggedOff = true
        default:
            break
        }
    }

    /// A SESSION_SETUP response: the connection is the session's first channel when its request
    /// carried session id 0, a bound channel when the request had the binding flag.
    private func setupAnswered(_ h: SMBHeader, _ s: Session?, _ c: SMBConnection) {
        guard let s, let pending = c.pendingSetups[h.messageID], var state = c.sessions[s.id] else { return }
        if pending.binding {
            state.bound = true
        } else if state.bound == nil && pending.session == 0 {
            state.bound = false
        }
        if h.status != SMBMessageDecoder.statusMoreProcessing {
            state.setupStatus = h.status
            c.pendingSetups[h.messageID] = nil
        }
        c.sessions[s.id] = state
    }

    // MARK: Results

    /// Every session, in the order first seen.
    public func sessionSummaries() -> [SMBSessionSummary] {
        sessionOrder.compactMap { id in
            guard let s = sessions[id] else { return nil }
            let channels = s.connections.map { c -> SMBChannelSummary in
                let st = c.sessions[id]
                return SMBChannelSummary(client: c.client, clientPort: c.clientPort, server: c.server, serverPort: c.serverPort,
                                         bound: st?.bound, setupStatus: st?.setupStatus, dialect: c.negotiateResponse?.dialect,
                                         first: c.first, last: c.last,
                                         bytesToServer: c.bytesToServer,
                                         bytesToClient: c.bytesToClient,
                                         readBytes: st?.readBytes ?? 0, writeBytes: st?.writeBytes ?? 0, flowTag: c.flowTag)
            }
            let origin = channels.first { $0.bound == false } ?? channels.first { $0.dialect != nil }
            let multichannel = s.connections.contains { c in
                (c.negotiateRequest?.capabilities.contains(.multiChannel) ?? false) && (c.negotiateResponse?.capabilities.contains(.multiChannel) ?? false)
            }
            return SMBSessionSummary(id: id, dialect: origin?.dialect, multichannelNegotiated: multichannel, signed: s.signed,
                                     encrypted: s.encryptData || s.encryptedMessages > 0, encryptedMessages: s.encryptedMessages,
                                     channels: channels, interfaces: s.interfaces, shares: s.shares,
                                     readBytes: s.readBytes, writeBytes: s.writeBytes, loggedOff: s.loggedOff,
                                     first: s.first, last: s.last)
        }
    }

    /// Every connection, in the order first seen.
    public func connectionSummaries() -> [SMBConnectionSummary] {
        connections.map { c in
            SMBConnectionSummary(client: c.client, clientPort: c.clientPort, server: c.server, serverPort: c.serverPort,
                                 dialectsOffered: c.negotiateRequest?.dialects ?? [], dialect: c.negotiateResponse?.dialect,
                                 dialectsChosen: c.dialectsChosen,
                                 clientCapabilities: c.negotiateRequest?.capabilities, serverCapabilities: c.negotiateResponse?.capabilities,
                                 clientSecurityMode: c.negotiateRequest?.securityMode, serverSecurityMode: c.negotiateResponse?.securityMode,
                                 clientContexts: c.negotiateRequest?.contexts, serverContexts: c.negotiateResponse?.contexts,
                                 sessions: c.sessionOrder, messages: c.messages, first: c.first, last: c.last,
                                 bytesToServer: c.bytesToServer, bytesToClient: c.bytesToClient,
                                 flowTag: c.flowTag)
        }
    }
}
