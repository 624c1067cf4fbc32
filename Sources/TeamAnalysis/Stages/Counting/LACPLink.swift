import PacketWire
import TeamingModels

/// One member's LACP as its LACPDUs told it (IEEE 802.1AX-2020 6.4.2): the host's own port
/// (from the LACPDUs the host sent on the member: their actor fields) and its partner's (the
/// LACPDUs received: their actor fields), every change of either side's state, and when the
/// host's port first said it was collecting and distributing. Marker PDUs are counted.
struct LACPLink: Sendable, Equatable {
    var pdus = 0
    var markers = 0
    /// The actor fields of the last LACPDU the host sent, and of the last one it received.
    var local: LACPDU.Port?
    var peer: LACPDU.Port?
    /// What the host's LACPDUs said of the partner, and the partner's of the host (used when
    /// the other side's own LACPDUs were not captured).
    var localSaysPartner: LACPDU.Port?
    var peerSaysPartner: LACPDU.Port?
    var distributingFromNs: Int64?
    var changes: [LACPStateChange] = []
    /// Changes kept, at most: a flapping port must not grow the report without bound.
    static let maxChanges = 64
    /// The host's own port over time, for scoring a bond's hash against the ports it could use
    /// (`TeamState`): each change of its collecting+distributing bits, and a stop after the last
    /// LACPDU before a silence of more than three periods (the link went down; `silenceStop`),
    /// at most `maxChanges`. `timeline(memberEndNs:captureEndNs:)` adds a silence the capture
    /// ended in.
    var localTimeline: [TeamState.Transition] = []
    private var lastLocalNs: Int64?
    /// The period the host's last LACPDU asked for (its timeout bit).
    private var lastPeriod: Int64 = 0
    /// The last frame other than a slow protocol's the host sent on the member: a link that sent
    /// it was up then, so a silence's stop is no earlier.
    private var lastOtherSentNs: Int64?
    /// The ports whose LACPDUs crossed the member while nothing said which side was the host's
    /// (at most `maxPorts`), keyed by actor system and port number in `undirectedKeys`.
    var undirected: [LACPPortReport] = []
    private var undirectedKeys: [UInt64] = []
    static let maxPorts = 4

    /// An LACPDU whose direction is unknown: counted, and kept as its sender's port. `counted`:
    /// `observe` counted it already (a direction that is one hypothesis of several).
    mutating func observeUndirected(_ pdu: LACPDU, counted: Bool = false) {
        if !counted { pdus += 1 }
        let key = pdu.actor.system.rawValue << 16 | UInt64(pdu.actor.port)
        if let i = undirectedKeys.firstIndex(of: key) {
            undirected[i].observe(pdu)
        } else if undirected.count < Self.maxPorts {
            undirectedKeys.append(key)
            undirected.append(LACPPortReport(pdu))
        }
    }

    mutating func observe(_ pdu: LACPDU, sent: Bool, time: Int64) {
        pdus += 1
        let side: LACPStateChange.Side = sent ? .local : .peer
        let previous = sent ? local : peer
        if previous?.state != pdu.actor.state, changes.count < Self.maxChanges {
            changes.append(LACPStateChange(timeNs: time, side: side, state: Int(pdu.actor.state.rawValue), flags: pdu.actor.state.names))
        }
        if sent {
            let distributing = pdu.actor.state.isDistributing
            // 802.1AX-2020 6.4.4: a port sends at least every fast (1 s) or slow (30 s) period.
            let period: Int64 = pdu.actor.state.contains(.timeout) ? 1_000_000_000 : 30_000_000_000
            if localTimeline.count < Self.maxChanges - 1 {
                if let last = lastLocalNs, time - last > 3 * period {
                    localTimeline.append(.init(time: silenceStop(after: last, period: lastPeriod), distributing: false, fromSilence: true))
                    localTimeline.append(.init(time: time, distributing: distributing))
                } else if localTimeline.last?.distributing != distributing {
                    localTimeline.append(.init(time: time, distributing: distributing))
                }
            }
            lastLocalNs = time
            lastPeriod = period
            local = pdu.actor
            localSaysPartner = pdu.partner
            if distributingFromNs == nil, distributing { distributingFromNs = time }
        } else {
            peer = pdu.actor
            peerSaysPartner = pdu.partner
        }
    }

    /// A frame other than a slow protocol's the host sent on the member at `time`.
    @inline(__always)
    mutating func noteSent(_ time: Int64) { lastOtherSentNs = time }

    /// When a member whose LACPDUs stopped after `last` stopped: its link went down within the
    /// next three periods (802.1AX-2020 6.4.4), and no earlier than the last frame it sent after
    /// that LACPDU (a frame sent proves the link up; a frame after the three periods belongs to a
    /// link come back, before its first LACPDU).
    private func silenceStop(after last: Int64, period: Int64) -> Int64 {
        guard let sent = lastOtherSentNs, sent > last else { return last }
        return min(sent, last + 3 * period)
    }

    /// `localTimeline` with the silence the capture ended in: a member whose LACPDUs stopped more
    /// than three periods before the capture's end (`captureEndNs`, of every member) while it
    /// carried nothing more either way after them (`memberEndNs`, its own last frame) lost its
    /// link and stayed out; a member still carrying frames kept its link.
    func timeline(memberEndNs: Int64, captureEndNs: Int64) -> [TeamState.Transition] {
        guard let last = lastLocalNs, localTimeline.last?.distributing != false, localTimeline.count < Self.maxChanges else { return localTimeline }
        let window = last + 3 * lastPeriod
        guard captureEndNs > window, memberEndNs <= window else { return localTimeline }
        return localTimeline + [.init(time: silenceStop(after: last, period: lastPeriod), distributing: false, fromSilence: true)]
    }

    /// `undirected` in the order of system MAC and port number.
    var undirectedPorts: [LACPPortReport] { zip(undirectedKeys, undirected).sorted { $0.0 < $1.0 }.map(\.1) }

    /// The host's port, from its own LACPDUs or, failing those, from what the partner said.
    var actor: LACPDU.Port? { local ?? peerSaysPartner }
    var partner: LACPDU.Port? { peer ?? localSaysPartner }
}

/// A change of one side's LACP state on a member (`lacp[].state_changes[]`).
public struct LACPStateChange: Codable, Sendable, Equatable {
    public enum Side: String, Codable, Sendable { case local, peer }
    public var timeNs: Int64
    public var side: Side
    /// The state octet, 0–255, and the names of its bits.
    public var state: Int
    public var flags: [String]

    enum CodingKeys: String, CodingKey {
        case timeNs = "time_ns", side, state, flags
    }
}

/// `lacp[]`: one member's LACP, per host and member.
public struct LACPReport: Codable, Sendable, Equatable {
    public var host: String
    public var member: String
    public var pdus: Int
    public var markers: Int
    public var actorSystem: String?
    public var actorKey: Int?
    public var actorPort: Int?
    public var partnerSystem: String?
    public var partnerKey: Int?
    public var partnerPort: Int?
    /// `fast` (a LACPDU every second: the short timeout) or `slow` (every 30 s), as the
    /// host's port asked; nil when no state was seen.
    public var rate: String?
    /// The first LACPDU the host sent on this member with collecting and distributing set.
    public var distributingFromNs: Int64?
    /// Whether the host's port said collecting and distributing in its last LACPDU.
    public var distributing: Bool
    public var stateChanges: [LACPStateChange]
    /// When the direction of some of the member's LACPDUs was unknown: each port they came
    /// from, with the partner it named (which of them is the host's is not known); nil otherwise.
    public var ports: [LACPPortReport]?
    /// The state octet (0–255) of the host's port and of its partner as their last LACPDUs gave
    /// them (from what the other side said where one side's own were not captured): what
    /// `monitor` exports. Not in the JSON, where `state_changes` tell the history.
    public var actorState: Int?
    public var partnerState: Int?

    enum CodingKeys: String, CodingKey {
        case host, member, pdus, markers, actorSystem = "actor_system", actorKey = "actor_key", actorPort = "actor_port"
        case partnerSystem = "partner_system", partnerKey = "partner_key", partnerPort = "partner_port", rate
        case distributingFromNs = "distributing_from_ns", distributing, stateChanges = "state_changes", ports
    }

    /// `hypothetical`: the host's direction is one hypothesis of several; which port is the
    /// host's is left open (only `ports`).
    init(host: String, member: String, _ link: LACPLink, hypothetical: Bool = false) {
        self.host = host
        self.member = member
        pdus = link.pdus
        markers = link.markers
        guard !hypothetical else {
            distributing = false
            stateChanges = []
            ports = link.undirected.isEmpty ? nil : link.undirectedPorts
            return
        }
        actorSystem = link.actor.map { $0.system.description }
        actorKey = link.actor.map { Int($0.key) }
        actorPort = link.actor.map { Int($0.port) }
        partnerSystem = link.partner.map { $0.system.description }
        partnerKey = link.partner.map { Int($0.key) }
        partnerPort = link.partner.map { Int($0.port) }
        let state = (link.local ?? link.peerSaysPartner)?.state
        rate = state.map { $0.contains(.timeout) ? "fast" : "slow" }
        distributingFromNs = link.distributingFromNs
        distributing = link.local?.state.isDistributing ?? false
        stateChanges = link.changes
        ports = link.undirected.isEmpty ? nil : link.undirectedPorts
        actorState = link.actor.map { Int($0.state.rawValue) }
        partnerState = link.partner.map { Int($0.state.rawValue) }
    }
}
