@testable import SMBSessions
import XCTest

/// The framer's resynchronisation is linear in its input: a payload that breaks the framing
/// every 22 bytes (a 4 MB packet of it took 11.3 s when each resync copied the rest of the
/// segment) costs the framer work proportional to its size, and finds every message.
final class SMBFramerTests: XCTestCase {
    /// A 21-byte message (Direct TCP header, length 17, a compression transform's protocol id)
    /// followed by a byte that is no transport header: the framing breaks after every message.
    private func brokenEvery22(_ count: Int) -> [UInt8] {
        let message: [UInt8] = [0, 0, 0, 17, 0xFC, 0x53, 0x4D, 0x42] + [UInt8](repeating: 0, count: 13)
        var out: [UInt8] = []
        out.reserveCapacity(count * 22)
        for _ in 0..<count { out += message + [0x01] }
        return out
    }

    private func run(_ payload: [UInt8], pieces: Int) -> (framer: SMBFramer, messages: Int) {
        var framer = SMBFramer(transport: .direct, synced: true)
        var messages = 0
        let step = (payload.count + pieces - 1) / pieces
        payload.withUnsafeBytes { all in
            var at = 0
            while at < all.count {
                let piece = UnsafeRawBufferPointer(rebasing: all[at..<min(all.count, at + step)])
                framer.feed(.data(piece, SMBFrameRef(input: 0, frame: Int64(at))), { _ in messages += 1 })
                at += step
            }
        }
        return (framer, messages)
    }

    func testResyncWorkIsLinear() {
        let small = brokenEvery22(2_000), large = brokenEvery22(40_000)
        for pieces in [1, 7, 1_000] {
            let a = run(small, pieces: pieces), b = run(large, pieces: pieces)
            XCTAssertEqual(a.messages, 2_000, "pieces \(pieces)")
            XCTAssertEqual(b.messages, 40_000, "pieces \(pieces)")
            XCTAssertEqual(b.framer.resyncs, 40_000 - 1)
            XCTAssertEqual(b.framer.framingErrors, 40_000 - 1, "the last message's trailing byte waits for a header")
            // Work per byte stays the same when the input grows 20-fold (quadratic work would
            // grow with it): a few positions examined per byte at most.
            XCTAssertLessThanOrEqual(a.framer.huntWork, 2 * small.count, "pieces \(pieces)")
            XCTAssertLessThanOrEqual(b.framer.huntWork, 2 * large.count, "pieces \(pieces)")
            XCTAssertEqual(b.framer.huntedBytes, a.framer.huntedBytes * 20 + 19, accuracy: 19, "pieces \(pieces)")
        }
    }

    /// A start split over two chunks — in the bytes carried from the first — is found.
    func testStartStraddlingTwoChunksIsFound() {
        let junk: [UInt8] = [7, 7, 7, 7, 7]
        let message: [UInt8] = [0, 0, 0, 17, 0xFC, 0x53, 0x4D, 0x42] + [UInt8](repeating: 0, count: 13)
        let payload = junk + message + message
        for cut in 1..<payload.count {
            var framer = SMBFramer(transport: .direct, synced: false)
            var messages = 0
            payload.withUnsafeBytes { all in
                framer.feed(.data(UnsafeRawBufferPointer(rebasing: all[..<cut]), SMBFrameRef(input: 0, frame: 1)), { _ in messages += 1 })
                framer.feed(.data(UnsafeRawBufferPointer(rebasing: all[cut...]), SMBFrameRef(input: 0, frame: 2)), { _ in messages += 1 })
            }
            XCTAssertEqual(messages, 2, "cut at \(cut)")
            XCTAssertEqual(framer.huntedBytes, 5, "cut at \(cut): the junk, and only it")
        }
    }
}
