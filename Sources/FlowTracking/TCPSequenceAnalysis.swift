/// Wireshark's TCP sequence analysis for one direction of one connection as one observer saw it
/// (epan/dissectors/packet-tcp.c, `tcp_analyze_sequence_number`, with the default preferences:
/// analyze_sequence_numbers on, fastrt_supersedes_ooo on). Ported rule for rule so that, on a
/// single-interface capture, the classification equals TShark's. The unacked-segment list that
/// Wireshark keeps only for RTO and bytes-in-flight display is not needed and not kept.
public struct TCPSequenceAnalysis: Sendable {
    // 22 bytes a direction. Wireshark's `lastacktime` (the time of the direction's last segment)
    // and `nextseqtime` (when `nextSeq` last advanced) are not kept here: the caller keeps them
    // with the flow's other times (`DirectionState`), passes the opposite direction's last
    // segment time and lends this direction's `nextSeqTime`.
    var nextSeq: UInt32 = 0
    var maxSeqToBeAcked: UInt32 = 0
    var lastAck: UInt32 = 0
    /// Wireshark starts a direction's window at G_MAXUINT32: "none seen yet".
    var window: UInt32 = .max
    /// Wireshark's `dupacknum` is a `guint32` that "ACKed unseen segment" sets to -1, i.e.
    /// 0xFFFFFFFF: until this direction's ack number changes, it passes the fast-retransmission
    /// test (`>= 2`) on its own. Mirrored, so that the classes stay equal to TShark's.
    var dupAckNum: UInt32 = 0
    var lastSegmentFlags = TCPAnalysisFlags()

    public init() {}

    /// Classifies one segment travelling in `fwd`'s direction; `rev` is the opposite direction
    /// at the same observer, whose last segment came at `reverseLastTime` (0: none yet).
    /// `firstRTT` is the handshake's iRTT in ns (0 when unknown). `nextSeqTime` is when `fwd`'s
    /// next expected sequence number last advanced (0: never), which the call moves on.
    public static func analyze(seq: UInt32, ack: UInt32, seglen: UInt32, syn: Bool, fin: Bool, rst: Bool, ackFlag: Bool,
                               window: UInt32, time: Int64, firstRTT: Int64, reverseLastTime: Int64,
                               nextSeqTime: inout Int64, fwd: inout TCPSequenceAnalysis, rev: inout TCPSequenceAnalysis) -> TCPAnalysisFlags {
        typealias S = TCPSequenceNumber
        var ta = TCPAnalysisFlags()
        let synOrFin = syn || fin
        let synFinRst = syn || fin || rst

        analysis: do {
            // ZERO WINDOW PROBE
            if seglen == 1 && seq == fwd.nextSeq && rev.window == 0 {
                ta.insert(.zeroWindowProbe)
                break analysis
            }
            // ZERO WINDOW
            if window == 0 && !synFinRst { ta.insert(.zeroWindow) }
            // LOST PACKET
            if fwd.nextSeq != 0 && S.gt(seq, fwd.nextSeq) && !rst { ta.insert(.lostPacket) }
            // KEEP ALIVE
            if (seglen == 0 || seglen == 1) && seq == fwd.nextSeq &- 1 && !synFinRst { ta.insert(.keepAlive) }
            // WINDOW UPDATE
            if seglen == 0 && window != 0 && window != fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck && !synFinRst {
                ta.insert(.windowUpdate)
            }
            // KEEP ALIVE ACK
            if seglen == 0 && window != 0 && window == fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck
                && rev.lastSegmentFlags.contains(.keepAlive) && !synFinRst {
                ta.insert(.keepAliveAck)
                break analysis
            }
            // ZERO WINDOW PROBE ACK
            if seglen == 0 && window == 0 && window == fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck
                && rev.lastSegmentFlags.contains(.zeroWindowProbe) && !synFinRst {
                ta.insert(.zeroWindowProbeAck)
                break analysis
            }
            // DUPLICATE ACK
            if seglen == 0 && window != 0 && window == fwd.window && seq == fwd.nextSeq && ack == fwd.lastAck && !synFinRst {
                fwd.dupAckNum = fwd.dupAckNum == .max ? 1 : fwd.dupAckNum &+ 1
                ta.insert(.duplicateAck)
            }
        }
        // finished_fwd: a new ack number resets the duplicate-ack count.
        if ack != fwd.lastAck { fwd.dupAckNum = 0 }
        // ACKED LOST PACKET
        if rev.maxSeqToBeAcked != 0 && S.gt(ack, rev.maxSeqToBeAcked) && ackFlag {
            // Wireshark compares these two plainly here, not modulo 2^32.
            if rev.maxSeqToBeAcked > rev.nextSeq {
                rev.maxSeqToBeAcked = rev.nextSeq
                ta.insert(.ackLostPacket)
            } else {
                if rev.dupAckNum == 0 { ta.insert(.ackLostPacket) }
                rev.dupAckNum = .max // Wireshark's `= -1` into a guint32
            }
        }
        // RETRANSMISSION / FAST RETRANSMISSION / OUT-OF-ORDER
        retransmission: if seglen > 0 || synOrFin {
            var seqNotAdvanced = fwd.nextSeq != 0 && S.lt(seq, fwd.nextSeq)
            if ta.contains(.keepAlive) { break retransmission }
            if seglen > 1 && fwd.nextSeq &- 1 == seq { seqNotAdvanced = false }
            // Spurious: everything in it was already acknowledged.
            if seglen > 0 && rev.lastAck != 0 && S.le(seq &+ seglen, rev.lastAck) {
                ta.insert(.spuriousRetransmission)
                break retransmission
            }
            // Fast retransmission first (tcp.fastrt_supersedes_ooo).
            // Times are subtracted into a guint64 there: an earlier timestamp is never "within".
            if seqNotAdvanced && rev.dupAckNum >= 2 && rev.lastAck == seq && UInt64(bitPattern: time &- reverseLastTime) < 20_000_000 {
                ta.insert(.fastRetransmission)
                break retransmission
            }
            let threshold = UInt64(bitPattern: firstRTT == 0 ? 3_000_000 : firstRTT)
            if seqNotAdvanced && UInt64(bitPattern: time &- nextSeqTime) < threshold && fwd.nextSeq != seq &+ seglen &+ (synOrFin ? 1 : 0) {
                ta.insert(.outOfOrder)
                break retransmission
            }
            if seqNotAdvanced { ta.insert(.retransmission) }
        }
        // finished_checking_retransmission_type
        var nextSeq = seq &+ seglen
        if synOrFin { nextSeq &+= 1 }
        if S.gt(nextSeq, fwd.nextSeq) || fwd.nextSeq == 0 {
            if !ta.contains(.zeroWindowProbe) {
                fwd.nextSeq = nextSeq
                nextSeqTime = time
            }
        }
        if seq == fwd.maxSeqToBeAcked || fwd.maxSeqToBeAcked == 0 {
            if !ta.contains(.zeroWindowProbe) { fwd.maxSeqToBeAcked = fwd.nextSeq }
        }
        fwd.window = window
        fwd.lastAck = ack
        fwd.lastSegmentFlags = ta
        return ta
    }
}
