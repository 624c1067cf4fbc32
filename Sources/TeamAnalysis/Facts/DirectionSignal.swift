/// One thing a host's own member captures show about which source MACs are the host's, when
/// nothing marks the direction and no other host was captured (`DirectionBasis.captureSignals`).
public enum DirectionSignal: Codable, Sendable, Equatable {
    /// Frames from these MACs reached several members at once, copies of one frame: a switch or
    /// bridge flooding (a team sends a frame on one member), so they are a peer's.
    case flooded(macs: [String], copies: Int)
    /// The host's own frames (broadcasts) came back on its other members a round trip after it
    /// sent them (`copies` copies), while the peer's flooded copies arrived at once.
    case echoed(copies: Int)
    /// The host sent from `address` with several MACs, each on its own member: a team that gives
    /// each member its own MAC (balance-tlb/alb, Windows switch-independent).
    case sharedAddress(address: String, macs: [String])
    /// The LACPDUs' actor system is this MAC, which also sent data on every member; the other
    /// side's actor system sent none (a switch).
    case lacpActor(system: String)
    /// `invalid` of `checked` frames of at most one MTU from these MACs had TCP/UDP or IPv4
    /// checksums left to the NIC (captured on their sender), none of `otherChecked` from the others.
    case checksumsLeftToNIC(invalid: Int, checked: Int, otherChecked: Int)
    /// Only these MACs sent with an initial TTL / hop limit (64 or 128), the others' arrived
    /// decremented (routed).
    case initialTTL(packets: Int)
    /// In `quick` of the TCP handshakes seen, these MACs answered their trigger sooner than the
    /// other side did (the local stack's delay against a round trip), in `slow` later.
    case handshakeTiming(quick: Int, slow: Int)
    /// These MACs answered TCP segments from the other side (data, SYN, FIN: the first
    /// acknowledgment covering each) clearly sooner: the low tenth of their quickest answer per
    /// connection direction took `nanoseconds` (over `answered` directions, at least 8), under
    /// two thirds of the other side's `otherNanoseconds` (over `otherAnswered`), and their median
    /// was the quicker too: the capturing host's own stack, against a round trip to the peer
    /// (`ResponseTiming`).
    case responseTiming(nanoseconds: Int64, answered: Int, otherNanoseconds: Int64, otherAnswered: Int)

    enum CodingKeys: String, CodingKey {
        case flooded, echoed, sharedAddress = "shared_address", lacpActor = "lacp_actor"
        case checksumsLeftToNIC = "checksums_left_to_nic", initialTTL = "initial_ttl", handshakeTiming = "handshake_timing"
        case responseTiming = "response_timing"
    }
    enum ChecksumsLeftToNICCodingKeys: String, CodingKey {
        case invalid, checked, otherChecked = "other_checked"
    }
    enum ResponseTimingCodingKeys: String, CodingKey {
        case nanoseconds, answered, otherNanoseconds = "other_nanoseconds", otherAnswered = "other_answered"
    }
}
