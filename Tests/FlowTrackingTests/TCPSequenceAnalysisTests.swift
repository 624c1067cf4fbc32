import FlowTracking
import XCTest

/// Wireshark's classification rules on small hand-made conversations (packet-tcp.c).
final class TCPSequenceAnalysisTests: XCTestCase {
    struct Seg { var fwd: Bool; var seq: UInt32; var ack: UInt32; var len: UInt32; var t: Int64; var syn = false; var fin = false; var win: UInt32 = 1000 }

    private func classify(_ segs: [Seg], firstRTT: Int64 = 0) -> [TCPAnalysisFlags] {
        var a = TCPSequenceAnalysis(), b = TCPSequenceAnalysis()
        // Each direction's last segment time, as the flow table passes it (0: none yet).
        var aLast: Int64 = 0, bLast: Int64 = 0
        // Each direction's time of its last advance of the next expected sequence number (0: none).
        var aNext: Int64 = 0, bNext: Int64 = 0
        return segs.map { s in
            defer { if s.fwd { aLast = s.t } else { bLast = s.t } }
            return s.fwd
                ? TCPSequenceAnalysis.analyze(seq: s.seq, ack: s.ack, seglen: s.len, syn: s.syn, fin: s.fin, rst: false, ackFlag: !s.syn || !s.fwd,
                                              window: s.win, time: s.t, firstRTT: firstRTT, reverseLastTime: bLast, nextSeqTime: &aNext, fwd: &a, rev: &b)
                : TCPSequenceAnalysis.analyze(seq: s.seq, ack: s.ack, seglen: s.len, syn: s.syn, fin: s.fin, rst: false, ackFlag: true,
                                              window: s.win, time: s.t, firstRTT: firstRTT, reverseLastTime: aLast, nextSeqTime: &bNext, fwd: &b, rev: &a)
        }
    }

    func testSequenceWrapAround() {
        XCTAssertTrue(TCPSequenceNumber.gt(5, UInt32.max - 5))
        XCTAssertTrue(TCPSequenceNumber.lt(UInt32.max - 5, 5))
        XCTAssertTrue(TCPSequenceNumber.le(7, 7))
        XCTAssertFalse(TCPSequenceNumber.gt(7, 7))
    }

    /// A gap is a lost segment; the late arrival within 3 ms (no iRTT known) is out-of-order;
    /// the same arrival 10 ms late is a retransmission.
    func testLostOutOfOrderAndRetransmission() {
        let base: [Seg] = [
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 0),
            Seg(fwd: true, seq: 1200, ack: 1, len: 100, t: 100_000),    // 1100 missing
        ]
        var quick = base; quick.append(Seg(fwd: true, seq: 1100, ack: 1, len: 100, t: 1_000_000))
        var slow = base; slow.append(Seg(fwd: true, seq: 1100, ack: 1, len: 100, t: 10_000_000))
        let q = classify(quick), s = classify(slow)
        XCTAssertEqual(q[1], .lostPacket)
        XCTAssertEqual(q[2], .outOfOrder)
        XCTAssertEqual(s[2], .retransmission)
        // With a handshake iRTT of 20 ms, 10 ms late is still out-of-order.
        XCTAssertEqual(classify(slow, firstRTT: 20_000_000)[2], .outOfOrder)
    }

    /// Two duplicate ACKs, then the missing segment within 20 ms: a fast retransmission.
    /// Data the receiver already acknowledged is a spurious retransmission.
    func testDuplicateAcksFastAndSpuriousRetransmission() {
        let segs = [
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 0),
            Seg(fwd: false, seq: 1, ack: 1100, len: 0, t: 1_000_000),
            Seg(fwd: true, seq: 1200, ack: 1, len: 100, t: 2_000_000),     // 1100 lost
            Seg(fwd: false, seq: 1, ack: 1100, len: 0, t: 3_000_000),      // dup ack 1
            Seg(fwd: false, seq: 1, ack: 1100, len: 0, t: 3_100_000),      // dup ack 2
            Seg(fwd: true, seq: 1100, ack: 1, len: 100, t: 10_000_000),    // within 20 ms: fast retransmission
            Seg(fwd: false, seq: 1, ack: 1300, len: 0, t: 11_000_000),
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 40_000_000),    // already acked
        ]
        let f = classify(segs)
        XCTAssertEqual(f[2], .lostPacket)
        XCTAssertEqual(f[3], .duplicateAck)
        XCTAssertEqual(f[4], .duplicateAck)
        XCTAssertTrue(f[5].contains(.fastRetransmission), "\(f[5])")
        XCTAssertTrue(f[5].isRetransmission)
        XCTAssertTrue(f[7].contains(.spuriousRetransmission))
        XCTAssertTrue(f[7].isRetransmission)
    }

    /// Wireshark's GT_SEQ/GE_SEQ subtract the other way round from LT_SEQ/LE_SEQ: two numbers
    /// exactly 2^31 apart are each greater than, and less than, the other.
    func testComparisonsExactlyHalfTheSpaceApart() {
        let a: UInt32 = 0x8000_0000 &+ 1100, b: UInt32 = 1100
        for (x, y) in [(a, b), (b, a)] {
            XCTAssertTrue(TCPSequenceNumber.gt(x, y), "GT_SEQ(\(x), \(y))")
            XCTAssertTrue(TCPSequenceNumber.ge(x, y), "GE_SEQ(\(x), \(y))")
            XCTAssertTrue(TCPSequenceNumber.lt(x, y), "LT_SEQ(\(x), \(y))")
            XCTAssertTrue(TCPSequenceNumber.le(x, y), "LE_SEQ(\(x), \(y))")
        }
        XCTAssertTrue(TCPSequenceNumber.lt(a &+ 1, b) && !TCPSequenceNumber.gt(a &+ 1, b), "just past half: behind")
        XCTAssertTrue(TCPSequenceNumber.gt(a &- 1, b) && !TCPSequenceNumber.lt(a &- 1, b), "just short of half: ahead")
        // A segment 2^31 beyond the next expected one: TShark 4.0 says "previous segment not
        // captured" and "retransmission" for the same frame.
        let f = classify([
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 0),
            Seg(fwd: true, seq: 0x8000_0000 &+ 1100, ack: 1, len: 100, t: 10_000_000),
        ])
        XCTAssertTrue(f[1].contains(.lostPacket), "\(f[1])")
        XCTAssertTrue(f[1].contains(.retransmission), "\(f[1])")
    }

    /// "ACKed unseen segment" sets the acking direction's guint32 dupacknum to -1: until that
    /// direction's ack changes, a resent segment at its ack number within 20 ms is a fast
    /// retransmission in TShark (4.0.17 marks frame 3 so), with no duplicate ACK at all.
    func testAckedUnseenSegmentMakesAFastRetransmissionAsInTShark() {
        let f = classify([
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 0),
            Seg(fwd: false, seq: 1, ack: 5000, len: 100, t: 1_000_000),    // acks what was never seen
            Seg(fwd: false, seq: 1, ack: 5000, len: 100, t: 5_000_000),    // resent, at the other side's ack 1
        ])
        XCTAssertEqual(f[0], [])
        XCTAssertEqual(f[1], .ackLostPacket)
        XCTAssertTrue(f[2].contains(.fastRetransmission), "\(f[2])")
        // 25 ms later it is a plain retransmission, as in TShark.
        let late = classify([
            Seg(fwd: true, seq: 1000, ack: 1, len: 100, t: 0),
            Seg(fwd: false, seq: 1, ack: 5000, len: 100, t: 1_000_000),
            Seg(fwd: false, seq: 1, ack: 5000, len: 100, t: 25_000_000),
        ])
        XCTAssertEqual(late[2], .retransmission)
    }
}
