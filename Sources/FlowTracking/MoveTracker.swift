/// Follows which member carries one direction of a flow and records a move when the carrier
/// changes and stays changed: the new member must carry the flow for `debounce` without the old
/// one coming back (or the flow must go quiet on the old one). A failover shows as one move at
/// the time of the first packet on the new member; round robin, which comes straight back, as none.
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

    public private(set) var moves: [Move] = []
    /// How often a change of member was undone before the debounce: the signature of striping.
    public private(set) var flaps = 0
    /// Packets that came on another member than the packet before them: with the packet count,
    /// the mean run length (balance-rr's packets_per_slave).
    public private(set) var changes = 0
    /// The time of the first packet (0 before any).
    public private(set) var firstTime: Int64 = 0
    private var lastMember: Int32 = -1
    private(set) var current: Int32 = -1
    private var candidate: Int32 = -1
    private var candidateStart: Int64 = 0
    private var lastOnCurrent: Int64 = 0
    private var lastTime: Int64 = 0
    /// The previous packet's time when the candidate member first appeared.
    private var candidateIdle: Int64 = 0
    static let maxMoves = 10_000

    public init() {}

    @inline(__always)
    public mutating func observe(member: Int32, time: Int64, debounce: Int64) {
        let previousTime = lastTime
        lastTime = time
        if lastMember >= 0 && member != lastMember { changes += 1 }
        lastMember = member
        if current < 0 {
            current = member
            firstTime = time
            lastOnCurrent = time
            return
        }
        if member == current {
            if candidate >= 0 { flaps += 1; candidate = -1 }
            lastOnCurrent = time
            return
        }
        if candidate != member {
            if candidate >= 0 { flaps += 1 }
            candidate = member
            candidateStart = time
            candidateIdle = time &- previousTime
            // A clean switch: the flow had gone quiet on the old member for the debounce.
            if candidateIdle >= debounce {
                confirm()
                return
            }
        }
        if time &- candidateStart >= debounce { confirm() }
    }

    /// At the end of the flow: a pending change counts when it was a clean switch (the old
    /// member had gone quiet for `debounce` before it) or has lasted `debounce`.
    public mutating func finish(debounce: Int64) {
        guard candidate >= 0 else { return }
        if candidateStart &- lastOnCurrent >= debounce || lastTime &- candidateStart >= debounce { confirm() }
    }

    private mutating func confirm() {
        if moves.count < Self.maxMoves { moves.append(Move(time: candidateStart, from: current, to: candidate, idleBefore: candidateIdle)) }
        current = candidate
        lastOnCurrent = lastTime
        candidate = -1
    }
}
