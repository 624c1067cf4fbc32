import CaptureIO
import Foundation
import LabTraffic
import PacketWire
@testable import TeamAnalysis
import TeamingModels
import TestSupport
import XCTest

/// Where a capture was taken, from how quickly each side answers the other's TCP segments: the
/// capturing host's own stack answers without the round trip the peer's answer costs; a capture
/// that sees both sides answer alike decides nothing.
final class ResponseTimingTests: XCTestCase {
    let host = MACAddress(rawValue: 0x02_00_00_00_0E_01), peer = MACAddress(rawValue: 0x02_00_00_00_0E_02)
    let hostIP = IPAddress("192.0.2.1")!, peerIP = IPAddress("192.0.2.2")!

    /// One segment on the wire: from the host (`fromHost`) or the peer.
    struct Segment {
        var time: Int64
        var fromHost: Bool
        var port: UInt16
        var seq: UInt32
        var ack: UInt32
        var length: Int
        var flags: TCPFlags = [.ack]
    }

    func frame(_ s: Segment) -> (FrameBuilder.Frame, MACAddress) {
        let (src, dst) = s.fromHost ? ((host, hostIP), (peer, peerIP)) : ((peer, peerIP), (host, hostIP))
        let (sport, dport) = s.fromHost ? (s.port, UInt16(5001)) : (UInt16(5001), s.port)
        return (FrameBuilder.tcp(srcMAC: src.0, dstMAC: dst.0, src: src.1, dst: dst.1, sport: sport, dport: dport, seq: s.seq, ack: s.ack,
                                 flags: s.flags, payload: s.length, ipID: UInt16(truncatingIfNeeded: s.seq)), src.0)
    }

    /// `rounds` exchanges on one connection, caught without its handshake: the host sends 100
    /// bytes, the peer acknowledges them `peerAnswer` ns later, then sends 200 bytes that the
    /// host acknowledges `hostAnswer` ns later.
    func exchanges(port: UInt16, start: Int64, rounds: Int, hostAnswer: Int64, peerAnswer: Int64) -> [Segment] {
        var out: [Segment] = []
        var hostSeq: UInt32 = 1_000, peerSeq: UInt32 = 900_000
        var t = start
        for _ in 0..<rounds {
            out.append(Segment(time: t, fromHost: true, port: port, seq: hostSeq, ack: peerSeq, length: 100))
            hostSeq &+= 100
            t += peerAnswer
            out.append(Segment(time: t, fromHost: false, port: port, seq: peerSeq, ack: hostSeq, length: 0))
            t += 1_000_000
            out.append(Segment(time: t, fromHost: false, port: port, seq: peerSeq, ack: hostSeq, length: 200))
            peerSeq &+= 200
            t += hostAnswer
            out.append(Segment(time: t, fromHost: true, port: port, seq: hostSeq, ack: peerSeq, length: 0))
            t += 1_000_000
        }
        return out
    }

    func observe(_ segments: [Segment]) -> ResponseTiming {
        var r = ResponseTiming()
        for s in segments.sorted(by: { $0.time < $1.time }) {
            let (f, mac) = frame(s)
            // The frame holds headers only; its wire length says how long the segment was.
            let d = f.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet, wireLength: f.wireLength) }
            r.observe(d, sourceMAC: mac.rawValue, time: s.time)
        }
        return r
    }

    func testTheCapturingHostsAnswersLackTheRoundTrip() throws {
        let segments = (0..<8).flatMap { k in
            exchanges(port: UInt16(40_000 + k), start: 1_000_000_000 + Int64(k) * 50_000_000, rounds: 3, hostAnswer: 20_000, peerAnswer: 300_000)
        }
        let answers = observe(segments).quickestAnswers()
        XCTAssertEqual(answers[host.rawValue], [Int64](repeating: 20_000, count: 8))
        XCTAssertEqual(answers[peer.rawValue], [Int64](repeating: 300_000, count: 8))
        let own = try XCTUnwrap(ResponseTiming.Floor(answers[host.rawValue]!)), theirs = try XCTUnwrap(ResponseTiming.Floor(answers[peer.rawValue]!))
        XCTAssertTrue(own.isClearlyQuicker(than: theirs))
        XCTAssertFalse(theirs.isClearlyQuicker(than: own))
    }

    func testEvenTimingIsNeverClear() throws {
        let segments = (0..<8).flatMap { k in
            exchanges(port: UInt16(40_000 + k), start: 1_000_000_000 + Int64(k) * 50_000_000, rounds: 3, hostAnswer: 100_000, peerAnswer: 110_000)
        }
        let answers = observe(segments).quickestAnswers()
        let own = try XCTUnwrap(ResponseTiming.Floor(answers[host.rawValue]!)), theirs = try XCTUnwrap(ResponseTiming.Floor(answers[peer.rawValue]!))
        XCTAssertFalse(own.isClearlyQuicker(than: theirs))
        XCTAssertFalse(theirs.isClearlyQuicker(than: own))
        // Answers below the timestamps' resolution are alike too.
        XCTAssertFalse(ResponseTiming.Floor(Array(repeating: 0, count: 8))!.isClearlyQuicker(than: ResponseTiming.Floor(Array(repeating: 1_000, count: 8))!))
    }

    /// Fewer than eight timed connection directions on either side decide nothing, however clear.
    func testTooFewAnswersDecideNothing() {
        XCTAssertNil(ResponseTiming.Floor(Array(repeating: 20_000, count: ResponseTiming.Floor.minimumAnswers - 1)))
        XCTAssertNotNil(ResponseTiming.Floor(Array(repeating: 20_000, count: ResponseTiming.Floor.minimumAnswers)))
    }

    /// One stray quick answer is not the low end, and a quick tail whose bulk is the slower
    /// decides nothing.
    func testOneTailAloneIsNotClear() throws {
        let slow = try XCTUnwrap(ResponseTiming.Floor(Array(repeating: 100_000, count: 8)))
        let oneStray = try XCTUnwrap(ResponseTiming.Floor([5_000] + Array(repeating: 100_000, count: 7)))
        XCTAssertEqual(oneStray.nanoseconds, 100_000)
        XCTAssertFalse(oneStray.isClearlyQuicker(than: slow))
        let quickTail = try XCTUnwrap(ResponseTiming.Floor([20_000, 20_000, 20_000] + Array(repeating: 400_000, count: 7)))
        let even = try XCTUnwrap(ResponseTiming.Floor(Array(repeating: 90_000, count: 10)))
        XCTAssertFalse(quickTail.isClearlyQuicker(than: even))
        XCTAssertTrue(ResponseTiming.Floor(Array(repeating: 20_000, count: 10))!.isClearlyQuicker(than: even))
    }

    /// A retransmission is not timed: the peer's acknowledgment 10 µs after it answers the
    /// original, sent 260 µs before.
    func testARetransmissionIsNotTimed() {
        let segments = [
            Segment(time: 1_000_000_000, fromHost: true, port: 40_000, seq: 1_000, ack: 5, length: 100),
            Segment(time: 1_000_250_000, fromHost: true, port: 40_000, seq: 1_000, ack: 5, length: 100),
            Segment(time: 1_000_260_000, fromHost: false, port: 40_000, seq: 5, ack: 1_100, length: 0),
        ]
        XCTAssertEqual(observe(segments).quickestAnswers(), [peer.rawValue: [260_000]])
    }

    /// Only the first acknowledgment covering the latest segment answers it; one covering an
    /// earlier segment only is no answer.
    func testOnlyTheLatestSegmentIsTimed() {
        let segments = [
            Segment(time: 1_000_000_000, fromHost: true, port: 40_000, seq: 1_000, ack: 5, length: 100),
            Segment(time: 1_000_010_000, fromHost: true, port: 40_000, seq: 1_100, ack: 5, length: 100),
            Segment(time: 1_000_015_000, fromHost: false, port: 40_000, seq: 5, ack: 1_100, length: 0),
            Segment(time: 1_000_300_000, fromHost: false, port: 40_000, seq: 5, ack: 1_200, length: 0),
            Segment(time: 1_000_400_000, fromHost: false, port: 40_000, seq: 5, ack: 1_200, length: 0),
        ]
        XCTAssertEqual(observe(segments).quickestAnswers(), [peer.rawValue: [290_000]])
    }

    func testConnectionsAreBounded() {
        var r = ResponseTiming()
        for k in 0..<(ResponseTiming.maxConnections + 100) {
            let (f, mac) = frame(Segment(time: Int64(k) * 1_000, fromHost: true, port: UInt16(1_024 + k), seq: 1, ack: 1, length: 10))
            // The frame holds headers only; its wire length says how long the segment was.
            let d = f.bytes.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet, wireLength: f.wireLength) }
            r.observe(d, sourceMAC: mac.rawValue, time: Int64(k) * 1_000)
        }
        XCTAssertEqual(r.connections.count, ResponseTiming.maxConnections)
    }

    // MARK: One host's member files, no option

    /// Writes `segments` into eth0.pcap and eth1.pcap (a connection stays on one member; both
    /// MACs send on both, TTL 64, checksums right, no LACP, no handshake: nothing else tells).
    func write(_ segments: [Segment], to dir: String) throws -> [CaptureSpec] {
        let writers = try ["eth0", "eth1"].map {
            try CaptureWriter(path: "\(dir)/\($0).pcap", format: .pcap(nanoseconds: true), interfaces: [.init(name: $0, snapLength: 128)])
        }
        for s in segments.sorted(by: { ($0.time, $0.port) < ($1.time, $1.port) }) {
            let (f, _) = frame(s)
            writers[Int(s.port) % 2].write(timestamp: s.time, bytes: f.bytes, wireLength: f.wireLength)
        }
        for w in writers { w.close() }
        return ["eth0", "eth1"].map { CaptureSpec(path: "\(dir)/\($0).pcap") }
    }

    /// The report on `segments` written as one host's member files, analysed with no option.
    func analyzeAlone(_ segments: [Segment], _ name: String) throws -> AnalysisReport {
        let dir = try TestEnvironment.temporaryFolder(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try TeamAnalyzer(specs: try write(segments, to: dir), options: AnalysisOptions()).run()
    }

    /// `count` connections of four exchanges each, 50 ms apart.
    func connections(_ count: Int, hostAnswer: (Int) -> Int64, peerAnswer: (Int) -> Int64) -> [Segment] {
        (0..<count).flatMap { k in
            exchanges(port: UInt16(40_000 + k), start: 1_000_000_000 + Int64(k) * 50_000_000, rounds: 4, hostAnswer: hostAnswer(k), peerAnswer: peerAnswer(k))
        }
    }

    /// Only the answers' timing tells the host's MAC: decided, and the report says so.
    func testResponseTimingDecidesAHostCapturedAlone() throws {
        let report = try analyzeAlone(connections(8, hostAnswer: { _ in 15_000 }, peerAnswer: { _ in 120_000 }), "response-timing")
        let d = try XCTUnwrap(report.hosts.first?.direction)
        XCTAssertEqual(d.localMacs, [host.description], "\(String(describing: d.basis))")
        XCTAssertNil(d.hypotheses)
        guard case .captureSignals(_, let signals)? = d.basis else { return XCTFail("\(String(describing: d.basis))") }
        XCTAssertEqual(signals, [.responseTiming(nanoseconds: 15_000, answered: 8, otherNanoseconds: 120_000, otherAnswered: 8)])
        XCTAssertTrue(report.members.allSatisfy { $0.sent.packets > 0 && $0.received.packets > 0 })
        XCTAssertEqual(report.members.map(\.sent.packets).reduce(0, +), 8 * 4 * 2)
    }

    /// The host answers clearly sooner, but in seven connections only: too few, nothing decides.
    func testTooFewConnectionsLeaveTheDirectionUndecided() throws {
        let report = try analyzeAlone(connections(7, hostAnswer: { _ in 15_000 }, peerAnswer: { _ in 120_000 }), "response-few")
        let d = try XCTUnwrap(report.hosts.first?.direction)
        XCTAssertEqual(d.hypotheses?.count, 2, "\(String(describing: d.basis))")
        XCTAssertEqual(d.confidence, .low)
    }

    /// Both sides answer alike (a capture between them: each answer costs half a round trip):
    /// nothing decides, both hypotheses are judged.
    func testEvenTimingLeavesTheDirectionUndecided() throws {
        let report = try analyzeAlone(connections(8, hostAnswer: { 60_000 + Int64($0 % 3) * 5_000 }, peerAnswer: { 60_000 + Int64($0 % 2) * 7_000 }),
                                      "response-even")
        let d = try XCTUnwrap(report.hosts.first?.direction)
        XCTAssertEqual(d.hypotheses?.count, 2, "\(String(describing: d.basis))")
        XCTAssertEqual(d.confidence, .low)
    }

    /// Who answers data at once depends on who sends it, not on where the capture was taken: on
    /// veth pairs with offloads on the peer's round trip costs almost nothing, and the host's own
    /// answers to the peer's FINs come after an idle CPU wakes. Most connections send from the
    /// host, so a vote per connection would name the peer; the floors are alike: undecided, the
    /// host's hypothesis (whose quickest answers lean quicker) first.
    func testWhoSendsTheDataDoesNotDecide() throws {
        var segments: [Segment] = []
        for k in 0..<12 {
            // The host sends; the peer acknowledges in 18 µs; the peer's FIN, answered in 60 µs.
            let port = UInt16(40_000 + k), start = 1_000_000_000 + Int64(k) * 50_000_000
            var seq: UInt32 = 1_000
            for i in 0..<4 {
                segments.append(Segment(time: start + Int64(i) * 1_000_000, fromHost: true, port: port, seq: seq, ack: 7, length: 1_448))
                seq &+= 1_448
                segments.append(Segment(time: start + Int64(i) * 1_000_000 + 18_000, fromHost: false, port: port, seq: 7, ack: seq, length: 0))
            }
            segments.append(Segment(time: start + 10_000_000, fromHost: false, port: port, seq: 7, ack: seq, length: 0, flags: [.fin, .ack]))
            segments.append(Segment(time: start + 10_060_000, fromHost: true, port: port, seq: seq, ack: 8, length: 0))
        }
        for k in 0..<4 {
            // The peer sends; the host acknowledges in 14 µs.
            let port = UInt16(41_000 + k), start = 1_000_000_000 + Int64(k) * 50_000_000 + 25_000_000
            var seq: UInt32 = 5_000
            for i in 0..<4 {
                segments.append(Segment(time: start + Int64(i) * 1_000_000, fromHost: false, port: port, seq: seq, ack: 9, length: 1_448))
                seq &+= 1_448
                segments.append(Segment(time: start + Int64(i) * 1_000_000 + 14_000, fromHost: true, port: port, seq: 9, ack: seq, length: 0))
            }
        }
        let report = try analyzeAlone(segments, "response-senders")
        let d = try XCTUnwrap(report.hosts.first?.direction)
        XCTAssertEqual(d.hypotheses?.count, 2, "\(String(describing: d.basis))")
        guard case .hypotheses(let stations, _)? = d.basis else { return XCTFail("\(String(describing: d.basis))") }
        XCTAssertEqual(stations, [[host.description], [peer.description]])
    }
}
