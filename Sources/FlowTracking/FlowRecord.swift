import PacketWire

/// One flow: a TCP connection (from its SYN, or from the first segment seen) or a UDP/ICMP/SCTP
/// flow (ended by an idle timeout). Forward is client → server when the SYN showed who is who,
/// else the direction of the first packet.
public struct FlowRecord: Sendable {
    // Laid out so that the record has no holes (every tracked flow has one): the two indices in
    // the key's tail, the 8-byte fields next, the observation, whose 4-byte tail the times and the
    // small fields follow, the flags in one byte.
    public let key: FlowKey
    var lastMemberIndex: UInt8 = 0
    var lastObservationIndex: UInt8 = 0
    /// The time of the flow's first packet: the base of its `FlowTime`s (`clock`).
    let base: Int64
    /// The first member and the first observing host live in the record itself, the rest in
    /// its rare parts: most flows have one of each, and the per-packet update then follows no
    /// pointer (each array access is a cache miss and a copy-on-write check).
    var firstMember = FlowMemberState(member: -1, host: -1)
    /// The other members and observing hosts, and the times the `FlowTime`s cannot hold: none
    /// for most flows, which then allocate nothing.
    var rare = OnDemand<FlowRareParts>()
    var firstObservation: ObservationState
    private var firstTime: FlowTime
    private var lastTime: FlowTime
    /// The first SYN's sequence number when `Flags.synSequence` is set.
    private var firstSYNSequence: UInt32 = 0
    /// Free for the owner to index per-flow extras (time series); -1 when unused.
    public var extra: Int32 = -1
    private var flags: Flags
    /// Which (host < 4, direction) pairs already gave a sample frame: bit host * 2 + forward.
    var sampled: UInt8 = 0

    /// The record's yes/no facts in one byte.
    private struct Flags: OptionSet, Sendable {
        var rawValue: UInt8
        static let forwardIsAToB = Flags(rawValue: 1 << 0)
        static let sawSYN = Flags(rawValue: 1 << 1)
        static let forwardFIN = Flags(rawValue: 1 << 2)
        static let reverseFIN = Flags(rawValue: 1 << 3)
        static let reset = Flags(rawValue: 1 << 4)
        static let synSequence = Flags(rawValue: 1 << 5)
        /// The flow's `FlowTime`s count microseconds (`FlowClock`).
        static let microseconds = Flags(rawValue: 1 << 6)
        /// A packet of the flow carried transport payload (`carriesPayload`).
        static let payload = Flags(rawValue: 1 << 7)
    }

    /// How the flow's `FlowTime`s stand for nanoseconds.
    @inline(__always)
    var clock: FlowClock { FlowClock(base: base, microseconds: flags.contains(.microseconds)) }

    /// The clock for accounting a packet at `time`.
    @inline(__always)
    func clock(at time: Int64) -> FlowClock { FlowClock(base: base, microseconds: flags.contains(.microseconds), now: time) }

    var otherMembers: [FlowMemberState] { rare.value?.members ?? [] }
    var otherObservations: [ObservationState] { rare.value?.observations ?? [] }
    /// The flow's times that its `FlowTime`s cannot hold.
    var cells: FlowTimeCells { rare.value?.cells ?? FlowTimeCells() }

    /// Moves the cells out of the rare parts for an update that may add to them (`keepCells`
    /// puts them back): the record's parts and the cells are then changed side by side.
    @inline(__always)
    mutating func takeCells() -> FlowTimeCells {
        guard !rare.isEmpty else { return FlowTimeCells() }
        return rare.modify(or: FlowRareParts()) { p in
            var c = FlowTimeCells()
            swap(&c, &p.cells)
            return c
        }
    }

    @inline(__always)
    mutating func keepCells(_ c: consuming FlowTimeCells) {
        guard !c.isEmpty else { return }
        rare.modify(or: FlowRareParts()) { $0.cells = c }
    }

    /// The times of the flow's first and last packets (the earliest and the latest).
    public var first: Int64 { @inline(__always) get { clock.time(firstTime, cells) } }
    /// Inlined: the flow table reads it in place for a UDP flow's idle check, where a call made a
    /// copy of the whole record for every packet.
    public var last: Int64 { @inline(__always) get { clock.time(lastTime, cells) } }

    /// The sequence number of the flow's first SYN (without ACK): a later SYN with the same
    /// number is that SYN again, not a new connection (TShark's rule).
    public var synSequence: UInt32? {
        get { flags.contains(.synSequence) ? firstSYNSequence : nil }
        set {
            if let newValue { firstSYNSequence = newValue; flags.insert(.synSequence) } else { flags.remove(.synSequence) }
        }
    }
    /// Whether forward is `key.a` → `key.b`.
    public var forwardIsAToB: Bool { flags.contains(.forwardIsAToB) }
    /// Whether any packet of the flow carried transport payload (false for a bare handshake,
    /// a scan, pure ACKs): a flag, not a byte count, as nothing reads the count.
    public var carriesPayload: Bool { flags.contains(.payload) }
    @inline(__always)
    mutating func notePayload() { flags.insert(.payload) }
    public var sawSYN: Bool {
        get { flags.contains(.sawSYN) }
        set { if newValue { flags.insert(.sawSYN) } else { flags.remove(.sawSYN) } }
    }
    public var forwardFIN: Bool {
        get { flags.contains(.forwardFIN) }
        set { if newValue { flags.insert(.forwardFIN) } else { flags.remove(.forwardFIN) } }
    }
    public var reverseFIN: Bool {
        get { flags.contains(.reverseFIN) }
        set { if newValue { flags.insert(.reverseFIN) } else { flags.remove(.reverseFIN) } }
    }
    public var reset: Bool {
        get { flags.contains(.reset) }
        set { if newValue { flags.insert(.reset) } else { flags.remove(.reset) } }
    }

    /// Packets and bytes over every copy seen: a flow captured on both hosts counts twice here
    /// (`once` gives it as one host saw it). Every packet counts at exactly one member, so these
    /// are the members' sums, not kept twice.
    public var packets: Int {
        var n = 0
        forEachMemberTraffic { t, _ in n += t.forwardPackets + t.reversePackets }
        return n
    }
    public var bytes: Int {
        var n = 0
        forEachMemberTraffic { t, _ in n += t.forwardBytes + t.reverseBytes }
        return n
    }

    /// The carry of `member`'s counts past 2^32 (nil: none, as for nearly every flow).
    @inline(__always)
    func carry(of member: Int32) -> FlowCountCarry? {
        guard let r = rare.value, !r.carries.isEmpty else { return nil }
        return r.carry(of: member)
    }

    /// Calls `body` with each member's packets and bytes per direction, and its host.
    @inline(__always)
    private func forEachMemberTraffic(
        _ body: ((forwardPackets: Int, forwardBytes: Int, reversePackets: Int, reverseBytes: Int), _ host: Int32) -> Void
    ) {
        guard firstMember.member >= 0 else { return }
        body(firstMember.traffic(carry: carry(of: firstMember.member)), firstMember.host)
        for m in otherMembers { body(m.traffic(carry: carry(of: m.member)), m.host) }
    }

    /// Every member that carried the flow (on any host), in order of appearance.
    public var members: [MemberFlowCount] {
        guard firstMember.member >= 0 else { return [] }
        let clock = self.clock
        return ([firstMember] + otherMembers).map { $0.count(clock, cells, carry: carry(of: $0.member)) }
    }

    /// Calls `body` with each of `members` in turn, without assembling the array.
    @inline(__always)
    public func forEachMember(_ body: (MemberFlowCount) -> Void) {
        guard firstMember.member >= 0 else { return }
        let clock = self.clock
        body(firstMember.count(clock, cells, carry: carry(of: firstMember.member)))
        for m in otherMembers { body(m.count(clock, cells, carry: carry(of: m.member))) }
    }

    /// The first host, in order of appearance, whose view `matches` (given the host and its
    /// packets forward and reverse): what `observations.first(where:)` finds, without them.
    public func firstObservingHost(where matches: (_ host: Int32, _ forwardPackets: Int, _ reversePackets: Int) -> Bool) -> Int32? {
        guard firstObservation.host >= 0 else { return nil }
        let t = traffic(host: firstObservation.host)
        if matches(firstObservation.host, t.forwardPackets, t.reversePackets) { return firstObservation.host }
        for o in otherObservations {
            let u = traffic(host: o.host)
            if matches(o.host, u.forwardPackets, u.reversePackets) { return o.host }
        }
        return nil
    }
    /// One host's packets and bytes per direction: its members' sums (each member belongs to
    /// one host), which is what the host's view counted, kept once.
    func traffic(host: Int32) -> (forwardPackets: Int, forwardBytes: Int, reversePackets: Int, reverseBytes: Int) {
        var t = (0, 0, 0, 0)
        forEachMemberTraffic { m, h in
            guard h == host else { return }
            t.0 += m.forwardPackets
            t.1 += m.forwardBytes
            t.2 += m.reversePackets
            t.3 += m.reverseBytes
        }
        return t
    }

    /// The flow's traffic once: as the host that saw most of its packets saw it (ties: the
    /// first to see it), not the sum of both hosts' copies.
    public var once: (packets: Int, bytes: Int) {
        let t = traffic(host: firstObservation.host)
        var best = (packets: t.0 + t.2, bytes: t.1 + t.3)
        for o in otherObservations {
            let u = traffic(host: o.host)
            if u.0 + u.2 > best.packets { best = (u.0 + u.2, u.1 + u.3) }
        }
        return best
    }

    /// The host whose view `once` gives.
    public var onceHost: Int32 {
        let t = traffic(host: firstObservation.host)
        var best = (packets: t.0 + t.2, host: firstObservation.host)
        for o in otherObservations {
            let u = traffic(host: o.host)
            if u.0 + u.2 > best.packets { best = (u.0 + u.2, o.host) }
        }
        return best.host
    }

    /// Every host's view of the flow, in order of appearance.
    public var observations: [FlowObservation] {
        guard firstObservation.host >= 0 else { return [] }
        let clock = self.clock
        return ([firstObservation] + otherObservations).map {
            FlowObservation($0, traffic: traffic(host: $0.host), clock: clock, cells: cells)
        }
    }
    init(key: FlowKey, forwardIsAToB: Bool, time: Int64, host: Int32 = -1) {
        firstObservation = ObservationState(host: host)
        self.key = key
        let clock = FlowClock(base: time)
        flags = forwardIsAToB ? .forwardIsAToB : []
        if clock.microseconds { flags.insert(.microseconds) }
        base = time
        firstTime = FlowTime()
        lastTime = FlowTime()
        var cells = FlowTimeCells()
        clock.set(&firstTime, time, &cells)
        clock.set(&lastTime, time, &cells)
        keepCells(cells)
    }

    /// Moves the flow's first or last time out to `time` when it lies beyond (a packet at `time`).
    @inline(__always)
    mutating func extend(to time: Int64, clock: FlowClock, cells: inout FlowTimeCells) {
        if time > clock.time(lastTime, cells) { clock.set(&lastTime, time, &cells) }
        if time < clock.time(firstTime, cells) { clock.set(&firstTime, time, &cells) }
    }

    public var isClosed: Bool { reset || (forwardFIN && reverseFIN) }

    /// The forward direction's endpoints: source address and port, destination address and port.
    public var forwardEndpoints: (source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16) {
        forwardIsAToB ? (key.a, key.aPort, key.b, key.bPort) : (key.b, key.bPort, key.a, key.aPort)
    }
}
