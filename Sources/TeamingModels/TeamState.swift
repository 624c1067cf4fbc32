/// Which of a host's members its team could send on over time, as the capture shows it: from
/// the LACPDUs the host sent (802.1AX: a port distributes once its state says collecting and
/// distributing; a port whose LACPDUs stop has lost its link) and from link events of a live
/// capture. Linux 802.3ad hashes over the usable ports of the active aggregator only
/// (bond_main.c `bond_update_slave_arr`: `usable_slaves[hash % count]`, in enslave order), so a
/// flow that began while a port was out was hashed over fewer members.
///
/// Before any port distributes, the kernel's active aggregator is an individual port with no
/// partner, whose port it enables anyway (bond_3ad.c `ad_agg_selection_logic`: "if the selected
/// aggregator is of join individuals … enable their ports"): frames then leave on that one port,
/// which `usable(at:)` reports as an empty set.
public struct TeamState: Sendable, Equatable {
    /// A member's state from `time` on.
    public struct Transition: Sendable, Equatable {
        public var time: Int64
        public var distributing: Bool
        /// A stop inferred from silence: the member's LACPDUs stopped (its link went down
        /// somewhere within three periods of the last, no earlier than the last frame it sent
        /// after it, not necessarily at this instant), where a
        /// live capture's link event, when there is one, says exactly when.
        public var fromSilence: Bool
        public init(time: Int64, distributing: Bool, fromSilence: Bool = false) {
            self.time = time
            self.distributing = distributing
            self.fromSilence = fromSilence
        }
    }

    /// Per member (index into the host's member names), its transitions in time order; empty
    /// when nothing is known of the member (it counts as usable throughout).
    public var members: [[Transition]]

    public init(members: [[Transition]]) { self.members = members }

    /// Whether anything constrains the members at all.
    public var isKnown: Bool { members.contains { !$0.isEmpty } }

    /// The members usable at `time`, as a mask over member indices. Before a member's first
    /// transition it counts as that transition says: distributing when its first LACPDU already
    /// distributes (the capture began mid-session), not when it does not (the team was coming up).
    public func usable(at time: Int64) -> [Bool] {
        members.map { transitions in
            guard let first = transitions.first else { return true }
            guard time >= first.time else { return first.distributing }
            var state = first.distributing
            for t in transitions where t.time <= time { state = t.distributing }
            return state
        }
    }
}
