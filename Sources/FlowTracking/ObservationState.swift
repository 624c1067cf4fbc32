/// A flow as one capturing host saw it, as the flow table keeps it (`FlowObservation` without
/// the packet and byte counts, see `DirectionState`). The directions (64 bytes each) come first,
/// then the 4-byte fields and the flag: 137 bytes, whose tail the record's 4-byte fields fill.
struct ObservationState: Sendable {
    var forward = DirectionState()
    var reverse = DirectionState()
    var host: Int32
    /// The most recent SYN's time until the iRTT is known (0: none yet), then the flow's base
    /// plus the iRTT: the SYN time is never read again once the iRTT is set, so one field holds
    /// both.
    private var handshake = FlowTime()
    private var rttKnown = false

    init(host: Int32) { self.host = host }

    /// The handshake's iRTT in ns (0 while unknown).
    @inline(__always)
    func firstRTT(_ clock: FlowClock, _ cells: FlowTimeCells) -> Int64 {
        rttKnown ? clock.time(handshake, cells) &- clock.base : 0
    }

    /// Wireshark: a SYN without ACK stamps `ts_mru_syn`; the first segment with ACK and
    /// without SYN after it sets `ts_first_rtt`, which nothing changes after.
    @inline(__always)
    mutating func noteHandshake(syn: Bool, ack: Bool, time: Int64, clock: FlowClock, cells: inout FlowTimeCells) {
        guard !rttKnown else { return }
        if syn && !ack { clock.set(&handshake, time, &cells) }
        if ack && !syn {
            let synTime = clock.time(handshake, cells)
            guard synTime != 0 else { return }
            clock.set(&handshake, clock.base &+ max(1, time &- synTime), &cells)
            rttKnown = true
        }
    }

    /// Confirms pending member changes at the end of the flow.
    mutating func finishMoves(debounce: Int64, clock: FlowClock, cells: FlowTimeCells) {
        forward.finishMoves(debounce: debounce, clock: clock, cells: cells)
        reverse.finishMoves(debounce: debounce, clock: clock, cells: cells)
    }
}
