/// A flow as one capturing host saw it, as the flow table keeps it (`FlowObservation` without
/// the packet and byte counts, see `DirectionState`). The host sits between the directions, in
/// the first one's tail padding.
struct ObservationState: Sendable {
    var forward = DirectionState()
    var host: Int32
    var reverse = DirectionState()
    var lastSYN: Int64 = 0
    var firstRTT: Int64 = 0

    init(host: Int32) { self.host = host }

    /// Wireshark: a SYN without ACK stamps `ts_mru_syn`; the first segment with ACK and
    /// without SYN after it sets `ts_first_rtt`.
    @inline(__always)
    mutating func noteHandshake(syn: Bool, ack: Bool, time: Int64) {
        if syn && !ack { lastSYN = time }
        if ack && !syn && lastSYN != 0 && firstRTT == 0 { firstRTT = max(1, time &- lastSYN) }
    }
}
