/// Which way a packet crossed the capturing interface, as the capture itself recorded it
/// (pcapng `epb_flags` bits 0–1, [pcapng] 4.3.1; Linux SLL/SLL2 packet type).
public enum CaptureDirection: UInt8, Sendable, Hashable {
    case unknown = 0
    case inbound = 1
    case outbound = 2
}
