@testable import SMBSessions
import XCTest

/// A hole that never fills cannot make the reassembly grow: past the cap it is declared lost,
/// delivered as missing bytes, and everything after it flows in order.
final class SMBReassemblyBoundTests: XCTestCase {
    func testLostSegmentIsDeclaredAtTheCap() {
        var r = SMBStreamReassembler()
        r.syn(0)
        let segment = [UInt8](repeating: 7, count: 1400)
        var delivered = 0, missing = 0, peak = 0
        // Segment 0 is never captured; 3,000 segments (4.2 MB) follow it.
        for i in 1...3000 {
            segment.withUnsafeBytes { p in
                r.push(seq: 1 &+ UInt32(i * 1400), captured: p, length: 1400, frame: SMBFrameRef(input: 0, frame: Int64(i))) { chunk in
                    switch chunk {
                    case .data(let d, _): delivered += d.count
                    case .missing(let n, let lost, _): XCTAssertTrue(lost); missing += n
                    }
                }
            }
            peak = max(peak, r.heldBytes)
        }
        XCTAssertLessThanOrEqual(peak, SMBStreamReassembler.maxHeldBytes)
        XCTAssertEqual(missing, 1400)
        XCTAssertEqual(r.holesDeclared, 1)
        XCTAssertEqual(delivered, 3000 * 1400 - r.heldBytes)
        r.flush { chunk in if case .data(let d, _) = chunk { delivered += d.count } }
        XCTAssertEqual(delivered, 3000 * 1400)
        XCTAssertEqual(r.heldBytes, 0)
    }

    func testSequenceWrapsModulo32Bits() {
        var r = SMBStreamReassembler()
        r.syn(UInt32.max - 1000)
        var total = 0
        let segment = [UInt8](repeating: 1, count: 1000)
        // Out of order across the wrap: the second segment first.
        for seq in [UInt32.max - 999 &+ 1000, UInt32.max - 999, UInt32.max - 999 &+ 2000] {
            segment.withUnsafeBytes { p in
                r.push(seq: seq, captured: p, length: 1000, frame: SMBFrameRef(input: 0, frame: 1)) { chunk in
                    if case .data(let d, _) = chunk { total += d.count }
                }
            }
        }
        XCTAssertEqual(total, 3000)
        XCTAssertEqual(r.duplicateBytes, 0)
        XCTAssertEqual(r.lostBytes, 0)
    }
}
