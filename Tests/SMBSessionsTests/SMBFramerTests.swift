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

    /// An SMB1 NEGOTIATE ([MS-CIFS] 2.2.4.52.1) as a NetBIOS session message (RFC 1002 4.3.1),
    /// offering NT LM 0.12 and SMB 2.002/2.???, 73 bytes:
    /// ```
    /// 0000  00 00 00 45 ff 53 4d 42 72 00 00 00 00 18 53 c8   session message, length 69; 0xFF 'SMB', NEGOTIATE
    /// 0010  00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff fe   status 0, flags, flags2, signature, TID 0xffff, PID
    /// 0020  00 00 00 00 00 22 00 02 4e 54 20 4c 4d 20 30 2e   UID, MID, WordCount 0, ByteCount 34, "NT LM 0."
    /// 0030  31 32 00 02 53 4d 42 20 32 2e 30 30 32 00 02 53   "12", "SMB 2.002", "S…
    /// 0040  4d 42 20 32 2e 3f 3f 3f 00                        MB 2.???"
    /// ```
    static let smb1Negotiate: [UInt8] = [
        0x00, 0x00, 0x00, 0x45, 0xFF, 0x53, 0x4D, 0x42, 0x72, 0x00, 0x00, 0x00, 0x00, 0x18, 0x53, 0xC8,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFE,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x22, 0x00, 0x02, 0x4E, 0x54, 0x20, 0x4C, 0x4D, 0x20, 0x30, 0x2E,
        0x31, 0x32, 0x00, 0x02, 0x53, 0x4D, 0x42, 0x20, 0x32, 0x2E, 0x30, 0x30, 0x32, 0x00, 0x02, 0x53,
        0x4D, 0x42, 0x20, 0x32, 0x2E, 0x3F, 0x3F, 0x3F, 0x00,
    ]
    /// A 72-byte SMB2 message as a NetBIOS session message: header 0xFE 'SMB', StructureSize 64.
    static let smb2Message: [UInt8] = [0x00, 0x00, 0x00, 0x48, 0xFE, 0x53, 0x4D, 0x42, 0x40, 0x00] + [UInt8](repeating: 0, count: 66)

    /// A port-139 connection caught without its SYN: the tail of an earlier message, then an SMB1
    /// NEGOTIATE and an SMB2 message. The hunt stops at the SMB1 header, not at the SMB2 one,
    /// whichever way the bytes are cut.
    func testResyncFindsAnSMB1Message() {
        let tail: [UInt8] = [UInt8](repeating: 0x5A, count: 23)
        let payload = tail + Self.smb1Negotiate + Self.smb2Message
        XCTAssertEqual(Self.smb1Negotiate.count, 4 + 69)
        for cut in 1..<payload.count {
            var framer = SMBFramer(transport: .netbios, synced: false)
            var firsts: [UInt8] = []
            payload.withUnsafeBytes { all in
                framer.feed(.data(UnsafeRawBufferPointer(rebasing: all[..<cut]), SMBFrameRef(input: 0, frame: 1)), { firsts.append($0.bytes[0]) })
                framer.feed(.data(UnsafeRawBufferPointer(rebasing: all[cut...]), SMBFrameRef(input: 0, frame: 2)), { firsts.append($0.bytes[0]) })
            }
            XCTAssertEqual(firsts, [0xFF, 0xFE], "cut at \(cut)")
            XCTAssertEqual(framer.resyncs, 1, "cut at \(cut)")
            XCTAssertEqual(framer.huntedBytes, Int64(tail.count), "cut at \(cut): only the tail skipped")
        }
        // Too short to hold an SMB1 header, WordCount and ByteCount: not a message start.
        XCTAssertNil(SMBFramer.findStart([0, 0, 0, 34, 0xFF, 0x53, 0x4D, 0x42, 0x72, 0], .netbios))
        XCTAssertEqual(SMBFramer.findStart([0, 0, 0, 35, 0xFF, 0x53, 0x4D, 0x42, 0x72, 0], .direct), 0)
    }
}
