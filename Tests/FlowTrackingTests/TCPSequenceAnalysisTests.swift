import FlowTracking
import XCTest

/// Wireshark's classification rules on small hand-made conversations (packet-tcp.c).
final class TCPSequenceAnalysisTests: XCTestCase {
    struct Seg { var fwd: Bool; var seq: UInt32; var ack: UInt32; var len: UInt32; var t: Int64; var syn = false; var fin = false; var win: UInt32 = 1000 }

    private func classify(_ segs: [Seg], firstRTT: Int64 = 0) -> [TCPAnalysisFlags] {
        var a = TCPSequenceAnalysis(), b = TCPSequenceAnalysis()
        return segs.map { s in
            s.fwd
                ? TCPSequenceAnalysis.analyze(seq: s.seq, ack: s.ack, seglen: s.len, syn: s.syn, fin: s.fin, rst: false, ackFlag: !s.syn || !s.fwd,
                                              window: s.win, time: s.t, firstRTT: firstRTT, fwd: &a, rev: &b)
                : TCPSequenceAnalysis.analyze(seq: s.seq, ack: s.ack, seglen: s.len, syn: s.syn, fin: s.fin, rst: false, ackFlag: true,
                                              window: s.win, time: s.t, firstRTT: firstRTT, fwd: &b, rev: &a)
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
}
