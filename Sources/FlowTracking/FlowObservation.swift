/// A flow as one capturing host saw it: both directions, and the handshake timing TShark's
/// out-of-order rule needs (the iRTT from the most recent SYN to the first pure ACK).
public struct FlowObservation: Sendable {
    public var forward = FlowDirectionView()
    public var reverse = FlowDirectionView()
    var lastSYN: Int64 = 0
    public private(set) var firstRTT: Int64 = 0
    public var host: Int32

    public init(host: Int32) { self.host = host }

    /// Wireshark: a SYN without ACK stamps `ts_mru_syn`; the first segment with ACK and
    /// without SYN after it sets `ts_first_rtt`.
    mutating func noteHandshake(syn: Bool, ack: Bool, time: Int64) {
        if syn && !ack { lastSYN = time }
        if ack && !syn && lastSYN != 0 && firstRTT == 0 { firstRTT = max(1, time &- lastSYN) }
    }
}
