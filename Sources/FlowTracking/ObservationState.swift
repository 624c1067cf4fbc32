/// A flow as one capturing host saw it, as the flow table keeps it (`FlowObservation` without
/// the packet and byte counts, see `DirectionState`). The host sits between the directions, in
/// the first one's tail padding, and whether the iRTT is known in the second one's.
struct ObservationState: Sendable {
    var forward = DirectionState()
    var host: Int32
    var reverse = DirectionState()
    private var rttKnown = false
    /// The most recent SYN's time until the iRTT is known (0: none yet), then the iRTT: the SYN
    /// time is never read again once the iRTT is set, so one field holds both.
    private var handshake: Int64 = 0

    init(host: Int32) { self.host = host }

    /// The handshake's iRTT in ns (0 while unknown).
    var firstRTT: Int64 { rttKnown ? handshake : 0 }

    /// Wireshark: a SYN without ACK stamps `ts_mru_syn`; the first segment with ACK and
    /// without SYN after it sets `ts_first_rtt`, which nothing changes after.
    @inline(__always)
    mutating func noteHandshake(syn: Bool, ack: Bool, time: Int64) {
        guard !rttKnown else { return }
        if syn && !ack { handshake = time }
        if ack && !syn && handshake != 0 {
            handshake = max(1, time &- handshake)
            rttKnown = true
        }
    }
}
