import FlowTracking
import XCTest

/// RDMA's retransmission and out-of-sequence figures from request PSNs (IBTA Vol. 1 9.7.1,
/// modulo 2^24).
final class PSNSequenceTests: XCTestCase {
    func run(_ psns: [UInt32], reads: Set<Int> = []) -> PSNSequence {
        var s = PSNSequence()
        for (i, p) in psns.enumerated() { s.observe(psn: p, spansMore: reads.contains(i)) }
        return s
    }

    func testInOrder() {
        let s = run(Array(100..<120))
        XCTAssertEqual([s.packets, s.gaps, s.resent], [20, 0, 0])
    }

    /// A lost packet, the NAK's go-back-N: one gap (one PSN skipped), and every packet from the
    /// lost one on resent once.
    func testGoBackN() {
        let s = run([0, 1, 2, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(s.gaps, 1)
        XCTAssertEqual(s.skipped, 1)
        XCTAssertEqual(s.resent, 5)
    }

    /// The sequence wraps at 2^24: 0xFFFFFF is followed by 0, not by a gap of 16 million.
    func testWrap() {
        let s = run([0xFF_FFFD, 0xFF_FFFE, 0xFF_FFFF, 0, 1, 0xFF_FFFF])
        XCTAssertEqual(s.gaps, 0)
        XCTAssertEqual(s.resent, 1)
    }

    /// A READ request takes its response packets' PSNs: the next request lies ahead without a
    /// gap; a jump after an ordinary request still is one.
    func testReadRequestsSpanPSNs() {
        XCTAssertEqual(run([10, 14, 18], reads: [0, 1, 2]).gaps, 0)
        XCTAssertEqual(run([10, 14, 15, 17], reads: [0]).gaps, 1)
        XCTAssertEqual(run([10, 9], reads: [0]).resent, 1, "behind is behind, after a READ too")
    }
}
