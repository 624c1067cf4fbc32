/// A flow as one capturing host saw it: both directions, and the handshake timing TShark's
/// out-of-order rule needs (the iRTT from the most recent SYN to the first pure ACK).
public struct FlowObservation: Sendable {
    public var forward = FlowDirectionView()
    public var reverse = FlowDirectionView()
    public private(set) var firstRTT: Int64 = 0
    public var host: Int32

    public init(host: Int32) { self.host = host }

    /// The table's state of one host's view, with that host's packet and byte counts per
    /// direction (forward packets, forward bytes, reverse packets, reverse bytes).
    /// `clock` and `cells` read the flow's times.
    init(_ s: ObservationState, traffic t: (Int, Int, Int, Int), clock: FlowClock, cells: FlowTimeCells) {
        host = s.host
        firstRTT = s.firstRTT(clock, cells)
        forward = FlowDirectionView(s.forward, packets: t.0, bytes: t.1, clock: clock, cells: cells)
        reverse = FlowDirectionView(s.reverse, packets: t.2, bytes: t.3, clock: clock, cells: cells)
    }
}
