/// The container format of a capture file.
public enum CaptureFormat: String, Sendable {
    /// The classic libpcap format (tcpdump.org, draft-ietf-opsawg-pcap).
    case pcap
    /// pcapng (draft-ietf-opsawg-pcapng).
    case pcapng
    /// Packets captured from interfaces as they came (`teamscope capture`), not read from a file.
    case live
}
