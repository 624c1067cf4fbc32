/// How many segments of one flow direction TShark's rules put in each class.
public struct TCPAnalysisCounts: Sendable, Equatable {
    /// Everything `tcp.analysis.retransmission` matches (plain, fast and spurious).
    public var retransmissions = 0
    public var fastRetransmissions = 0
    public var spuriousRetransmissions = 0
    public var outOfOrder = 0
    public var lostSegments = 0
    public var duplicateAcks = 0

    public init() {}

    /// The classes counted here: a segment in none of them changes no count.
    static let counted: TCPAnalysisFlags = [.retransmission, .fastRetransmission, .spuriousRetransmission, .outOfOrder, .lostPacket,
                                            .duplicateAck]

    @inline(__always)
    public mutating func add(_ f: TCPAnalysisFlags) {
        if f.isRetransmission { retransmissions += 1 }
        if f.contains(.fastRetransmission) { fastRetransmissions += 1 }
        if f.contains(.spuriousRetransmission) { spuriousRetransmissions += 1 }
        if f.contains(.outOfOrder) { outOfOrder += 1 }
        if f.contains(.lostPacket) { lostSegments += 1 }
        if f.contains(.duplicateAck) { duplicateAcks += 1 }
    }

    public static func + (a: TCPAnalysisCounts, b: TCPAnalysisCounts) -> TCPAnalysisCounts {
        var r = a
        r.retransmissions += b.retransmissions
        r.fastRetransmissions += b.fastRetransmissions
        r.spuriousRetransmissions += b.spuriousRetransmissions
        r.outOfOrder += b.outOfOrder
        r.lostSegments += b.lostSegments
        r.duplicateAcks += b.duplicateAcks
        return r
    }
}
