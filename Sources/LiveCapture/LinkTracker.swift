import TeamAnalysis

/// The members' link states and the events between them, from observations of `operstate`
/// (a pure state machine: the watcher or a test feeds it). A member's link goes `down` when it
/// leaves a usable state (`up`, or `unknown` for interfaces without carrier state) and comes
/// `up` when it returns to one; it is `removed` when its interface goes away and `added` when it
/// appears. A member already down when the capture starts gets a `down` at the start.
public struct LinkTracker: Sendable {
    /// Per member: its last state (nil: no interface) and whether it is tracked at all.
    private var states: [String: OperState?] = [:]
    public private(set) var events: [(member: String, timeNs: Int64, kind: LinkEvent.Kind)] = []

    public init() {}

    /// Starts tracking `member` in `state` at `timeNs`: a `down` when it is there but not usable.
    @discardableResult
    public mutating func begin(_ member: String, state: OperState?, at timeNs: Int64) -> LinkEvent.Kind? {
        guard states[member] == nil else { return nil }
        states[member] = .some(state)
        guard let state, !state.isUsable else { return nil }
        return record(member, timeNs, .down)
    }

    /// The member's state as last observed; nil when untracked or gone.
    public func state(_ member: String) -> OperState? { states[member] ?? nil }

    /// Whether the member's link carries traffic as last observed.
    public func isUsable(_ member: String) -> Bool { state(member)?.isUsable ?? false }

    /// The event an observation makes, if any (recorded in `events`).
    @discardableResult
    public mutating func observe(_ o: LinkObservation) -> LinkEvent.Kind? {
        guard let previous = states[o.member] else {
            // Not tracked yet: tracked from now.
            return begin(o.member, state: o.state, at: o.timeNs)
        }
        guard previous != o.state else { return nil }
        states[o.member] = .some(o.state)
        let kind: LinkEvent.Kind
        switch (previous, o.state) {
        case (_, nil): kind = .removed
        case (nil, .some): kind = .added
        case (.some(let a), .some(let b)) where !a.isUsable && b.isUsable: kind = .up
        case (.some(let a), .some(let b)) where a.isUsable && !b.isUsable: kind = .down
        default: return nil
        }
        return record(o.member, o.timeNs, kind)
    }

    private mutating func record(_ member: String, _ timeNs: Int64, _ kind: LinkEvent.Kind) -> LinkEvent.Kind {
        events.append((member, timeNs, kind))
        return kind
    }
}
