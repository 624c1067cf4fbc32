import TeamingModels

extension TeamState {
    /// One member's transitions from the LACPDUs it sent (`lacp`, in time order) and a live
    /// capture's link events for it. The member is out from its link's going down or away. It is
    /// back when its link comes up or it is added — without LACP at once; under LACP when its
    /// LACPDUs say distributing again (IEEE 802.1AX-2014 6.4.15: a port distributes once its Mux
    /// machine reaches COLLECTING_DISTRIBUTING, not when its link comes up), so the event counts
    /// only when no LACPDU follows it. In time order; a member known only from events was usable
    /// before its first one.
    ///
    /// A stop the LACPDUs only imply (`fromSilence`: the last LACPDU before a silence) gives way
    /// to a link event that went down after it with no LACPDU between: the link stayed up until
    /// the event (in ../shared/bondvm the kernel took a member down 0.87 s after its last
    /// LACPDU, and a flow that began in between was scored against one member).
    static func memberTimeline(lacp: [Transition], events: [LinkEvent]) -> [Transition] {
        guard !events.isEmpty else { return lacp }
        let hasLACP = !lacp.isEmpty
        let downs = events.filter { !$0.event.isUsable }.map(\.timeNs)
        var timeline = lacp.indices.filter { i in
            let t = lacp[i]
            guard t.fromSilence else { return true }
            let next = i + 1 < lacp.count ? lacp[i + 1].time : Int64.max
            return !downs.contains { $0 >= t.time && $0 < next }
        }.map { lacp[$0] }
        for e in events {
            if !e.event.isUsable {
                timeline.append(.init(time: e.timeNs, distributing: false))
            } else if !hasLACP || !lacp.contains(where: { $0.time > e.timeNs }) {
                timeline.append(.init(time: e.timeNs, distributing: true))
            }
        }
        // Stable: at one instant the LACPDU's word comes before the event's.
        timeline = timeline.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        if !hasLACP, let first = timeline.first, !first.distributing { timeline.insert(.init(time: first.time - 1, distributing: true), at: 0) }
        return timeline
    }
}
