import LabTraffic
import PacketWire
@testable import TeamAnalysis
import XCTest

/// Where a capture was taken, from the three-way handshake: the capturing host's answer follows
/// its trigger after its own stack's delay, the peer's after a round trip.
final class HandshakeTimingTests: XCTestCase {
    let host = MACAddress(rawValue: 0x02_00_00_00_0D_01), peer = MACAddress(rawValue: 0x02_00_00_00_0D_02)
    let hostIP = IPAddress("192.0.2.1")!, peerIP = IPAddress("192.0.2.2")!

    /// One handshake: SYN at 0, SYN-ACK at `synAck` µs, ACK `ack` µs after it; `hostOpens`: the
    /// host sent the SYN.
    func handshake(_ t: inout HandshakeTiming, port: UInt16, hostOpens: Bool, synAck: Int64, ack: Int64) {
        let (c, s) = hostOpens ? ((host, hostIP), (peer, peerIP)) : ((peer, peerIP), (host, hostIP))
        let frames: [(Int64, FrameBuilder.Frame, MACAddress)] = [
            (0, FrameBuilder.tcp(srcMAC: c.0, dstMAC: s.0, src: c.1, dst: s.1, sport: port, dport: 445, seq: 1, ack: 0, flags: [.syn], payload: 0, ipID: 1), c.0),
            (synAck, FrameBuilder.tcp(srcMAC: s.0, dstMAC: c.0, src: s.1, dst: c.1, sport: 445, dport: port, seq: 9, ack: 2, flags: [.syn, .ack], payload: 0, ipID: 1), s.0),
            (synAck + ack, FrameBuilder.tcp(srcMAC: c.0, dstMAC: s.0, src: c.1, dst: s.1, sport: port, dport: 445, seq: 2, ack: 10, flags: [.ack], payload: 0, ipID: 2), c.0),
        ]
        for (us, f, mac) in frames {
            let d = f.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
            t.observe(d, sourceMAC: mac.rawValue, time: 1_000_000_000 + Int64(port) * 10_000_000 + us * 1000)
        }
    }

    func testTheCapturingHostAnswersQuicklyWhicheverSideOpens() {
        var t = HandshakeTiming()
        // Captured on the host: the host's ACK 30 µs after the SYN-ACK that took a 400 µs round
        // trip; the host's SYN-ACK 30 µs after the peer's SYN, whose ACK takes the round trip.
        for k in 0..<6 { handshake(&t, port: UInt16(40_000 + k), hostOpens: true, synAck: 400, ack: 30) }
        for k in 0..<3 { handshake(&t, port: UInt16(41_000 + k), hostOpens: false, synAck: 30, ack: 400) }
        XCTAssertEqual(t.votes, [host.rawValue: 9])
    }

    func testEvenTimingVotesForNobody() {
        var t = HandshakeTiming()
        // A capture on the wire between them, or made-up traffic: both answers alike.
        for k in 0..<6 { handshake(&t, port: UInt16(40_000 + k), hostOpens: true, synAck: 100, ack: 100) }
        XCTAssertEqual(t.votes, [:])
    }
}
