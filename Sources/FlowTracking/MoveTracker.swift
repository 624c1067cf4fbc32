/// Follows which member carries one direction of a flow and records a move when the carrier
/// changes and stays changed: the new member must carry the flow for `debounce` without the old
/// one coming back (or the flow must go quiet on the old one). A failover shows as one move at
/// the time of the first packet on the new member; round robin, which comes straight back, as none.
/// A direction that never changes member keeps only its member and first and last times; the
/// rest is allocated at the first change. The flow table keeps the times apart, as the flow's
/// `FlowTime`s, and the rest as a `Carrier`.
public struct MoveTracker: Sendable {
    public struct Move: Sendable, Equatable {
        public var time: Int64
        public var from: Int32
        public var to: Int32
        /// How long the flow had been quiet on the old member before the first packet on the new
        /// one (Windows Dynamic moves flows only at such flowlet boundaries).
        public var idleBefore: Int64

        public init(time: Int64, from: Int32, to: Int32, idleBefore: Int64 = 0) {
            self.time = time
            self.from = from
            self.to = to
            self.idleBefore = idleBefore
        }
    }

    /// What only a direction that changed member needs. Until it exists, the last packet's
    /// member is `current`, no change is pending and the last packet on `current` is the last.
    struct Changes: Sendable {
        var moves: [Move] = []
        var flaps = 0
        var changes = 0
        var lastMember: Int32
        var candidate: Int32 = -1
        var candidateStart: Int64 = 0
        var lastOnCurrent: Int64
        /// The previous packet's time when the candidate member first appeared.
        var candidateIdle: Int64 = 0
    }

    /// The member that carries the direction: the tracker without its changes (allocated at
    /// the first change) and without the direction's first and last packet times, which the
    /// caller keeps and passes.
    struct Carrier: Sendable {
        private(set) var current: Int32 = -1

        /// One packet on `member`, when no change was ever seen: returns false when the packet
        /// needs `change` (it came on another member).
        @inline(__always)
        mutating func steady(member: Int32) -> Bool {
            if current < 0 {
                current = member
                return true
            }
            return member == current
        }

        /// One packet on `member` at `time` once a change happened (`steady` said false, or
        /// `changes` exist); the direction's packet before it came at `previousTime`.
        mutating func change(member: Int32, time: Int64, previousTime: Int64, debounce: Int64, changes c: inout Changes) {
            let current = self.current, lastTime = time
            self.current = {
                if member != c.lastMember { c.changes += 1 }
                c.lastMember = member
                if member == current {
                    if c.candidate >= 0 { c.flaps += 1; c.candidate = -1 }
                    c.lastOnCurrent = time
                    return current
                }
                if c.candidate != member {
                    if c.candidate >= 0 { c.flaps += 1 }
                    c.candidate = member
                    c.candidateStart = time
                    c.candidateIdle = time &- previousTime
                    // A clean switch: the flow had gone quiet on the old member for the debounce.
                    if c.candidateIdle >= debounce { return c.confirm(from: current, lastTime: lastTime) }
                }
                if time &- c.candidateStart >= debounce { return c.confirm(from: current, lastTime: lastTime) }
                return current
            }()
        }

        /// At the end of the flow, whose last packet in this direction came at `lastTime`.
        mutating func finish(lastTime: Int64, debounce: Int64, changes c: inout Changes) {
            guard c.candidate >= 0 else { return }
            guard c.candidateStart &- c.lastOnCurrent >= debounce || lastTime &- c.candidateStart >= debounce else { return }
            current = c.confirm(from: current, lastTime: lastTime)
        }
    }

    public var moves: [Move] { changeState.value?.moves ?? [] }
    /// How often a change of member was undone before the debounce: the signature of striping.
    public var flaps: Int { changeState.value?.flaps ?? 0 }
    /// Packets that came on another member than the packet before them: with the packet count,
    /// the mean run length (balance-rr's packets_per_slave).
    public var changes: Int { changeState.value?.changes ?? 0 }
    /// The time of the first packet (0 before any).
    public private(set) var firstTime: Int64 = 0
    /// The time of the last packet (0 before any).
    public private(set) var lastTime: Int64 = 0
    private var changeState = OnDemand<Changes>()
    private var carrier = Carrier()
    var current: Int32 { carrier.current }
    static let maxMoves = 10_000

    public init() {}

    /// A tracker as the flow table keeps it (`carrier` and its `changes`), with its direction's times.
    init(_ carrier: Carrier, changes: Changes?, firstTime: Int64, lastTime: Int64) {
        self.carrier = carrier
        if let changes { changeState.modify(or: changes) { _ in } }
        self.firstTime = firstTime
        self.lastTime = lastTime
    }

    @inline(__always)
    public mutating func observe(member: Int32, time: Int64, debounce: Int64) {
        let previousTime = lastTime
        lastTime = time
        if carrier.current < 0 { firstTime = time }
        if changeState.isEmpty && carrier.steady(member: member) { return }
        changeAware(member: member, time: time, previousTime: previousTime, debounce: debounce)
    }

    @inline(never)
    private mutating func changeAware(member: Int32, time: Int64, previousTime: Int64, debounce: Int64) {
        var carrier = self.carrier
        changeState.modify(or: Changes(lastMember: carrier.current, lastOnCurrent: previousTime)) {
            carrier.change(member: member, time: time, previousTime: previousTime, debounce: debounce, changes: &$0)
        }
        self.carrier = carrier
    }

    /// At the end of the flow: a pending change counts when it was a clean switch (the old
    /// member had gone quiet for `debounce` before it) or has lasted `debounce`.
    public mutating func finish(debounce: Int64) {
        guard let c = changeState.value, c.candidate >= 0 else { return }
        var carrier = self.carrier
        let lastTime = self.lastTime
        changeState.modify(or: c) { carrier.finish(lastTime: lastTime, debounce: debounce, changes: &$0) }
        self.carrier = carrier
    }
}

extension MoveTracker.Changes {
    /// The candidate becomes the carrier; returns it.
    mutating func confirm(from current: Int32, lastTime: Int64) -> Int32 {
        if moves.count < MoveTracker.maxMoves {
            moves.append(MoveTracker.Move(time: candidateStart, from: current, to: candidate, idleBefore: candidateIdle))
        }
        let next = candidate
        lastOnCurrent = lastTime
        candidate = -1
        return next
    }
}
