/// What Wireshark's TCP sequence analysis concludes about one segment (packet-tcp.c,
/// `tcp_analyze_sequence_number`; the `tcp.analysis.*` fields).
public struct TCPAnalysisFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let retransmission = TCPAnalysisFlags(rawValue: 1 << 0)
    public static let lostPacket = TCPAnalysisFlags(rawValue: 1 << 1)
    public static let ackLostPacket = TCPAnalysisFlags(rawValue: 1 << 2)
    public static let keepAlive = TCPAnalysisFlags(rawValue: 1 << 3)
    public static let duplicateAck = TCPAnalysisFlags(rawValue: 1 << 4)
    public static let zeroWindow = TCPAnalysisFlags(rawValue: 1 << 5)
    public static let zeroWindowProbe = TCPAnalysisFlags(rawValue: 1 << 6)
    public static let zeroWindowProbeAck = TCPAnalysisFlags(rawValue: 1 << 7)
    public static let keepAliveAck = TCPAnalysisFlags(rawValue: 1 << 8)
    public static let outOfOrder = TCPAnalysisFlags(rawValue: 1 << 9)
    public static let fastRetransmission = TCPAnalysisFlags(rawValue: 1 << 10)
    public static let windowUpdate = TCPAnalysisFlags(rawValue: 1 << 11)
    public static let spuriousRetransmission = TCPAnalysisFlags(rawValue: 1 << 12)

    /// What TShark's `tcp.analysis.retransmission` matches: plain, fast and spurious
    /// retransmissions all carry that expert info.
    public var isRetransmission: Bool {
        !isDisjoint(with: [.retransmission, .fastRetransmission, .spuriousRetransmission])
    }
}
