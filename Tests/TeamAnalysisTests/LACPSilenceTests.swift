import PacketWire
@testable import TeamAnalysis
import TeamingModels
import XCTest

/// When a member whose LACPDUs fell silent stopped (IEEE 802.1AX-2020 6.4.4: a port sends at
/// least once per period, every second at the fast rate): its link went down within three
/// periods of its last LACPDU, and no earlier than the last frame it sent after it.
final class LACPSilenceTests: XCTestCase {
    typealias T = TeamState.Transition
    static let second: Int64 = 1_000_000_000

    /// A fast-rate LACPDU the host sent, distributing (actor state 0x3f: the timeout bit, 0x02, asks for the short period).
    static func sent(_ link: inout LACPLink, at time: Int64) {
        let bytes = LACPLinkTests.lacpdu(source: LACPLinkTests.hostPorts[0], actor: LACPLinkTests.bond, actorKey: 9, port: 1, state: 0x3F,
                                         partner: LACPLinkTests.peerSystem, partnerKey: 13)
        // SAFETY: the bytes are read only inside the closure.
        let pdu = bytes.withUnsafeBytes { LACPDU($0, at: 14) }
        link.observe(pdu!, sent: true, time: time)
    }

    /// LACPDUs each second from 1 to 5 s: the link carried data until `lastData`, and LACPDUs
    /// again from 12 s.
    func link(lastData: Int64?, resumed: Bool = true) -> LACPLink {
        var link = LACPLink()
        for s in 1...5 { Self.sent(&link, at: Int64(s) * Self.second) }
        if let lastData {
            link.noteSent(5 * Self.second + 200_000_000)
            link.noteSent(lastData)
        }
        if resumed { Self.sent(&link, at: 12 * Self.second) }
        return link
    }

    func testTheStopIsTheLastFrameSentAfterTheLastLACPDU() {
        let l = link(lastData: 5 * Self.second + 800_000_000)
        XCTAssertEqual(l.localTimeline, [T(time: Self.second, distributing: true),
                                         T(time: 5 * Self.second + 800_000_000, distributing: false, fromSilence: true),
                                         T(time: 12 * Self.second, distributing: true)])
    }

    func testWithNothingSentAfterItTheStopIsTheLastLACPDU() {
        XCTAssertEqual(link(lastData: nil).localTimeline[1], T(time: 5 * Self.second, distributing: false, fromSilence: true))
    }

    /// A frame after the three periods went out on a link come back (before its first LACPDU):
    /// the stop is no later than the three periods' end.
    func testAFrameAfterThreePeriodsDoesNotDelayTheStop() {
        XCTAssertEqual(link(lastData: 10 * Self.second).localTimeline[1], T(time: 8 * Self.second, distributing: false, fromSilence: true))
    }

    /// A silence the capture ended in: out from the last frame sent, when the member carried
    /// nothing after the three periods while the capture went on.
    func testASilenceAtTheEndOfTheCapture() {
        let l = link(lastData: 5 * Self.second + 800_000_000, resumed: false)
        XCTAssertEqual(l.localTimeline, [T(time: Self.second, distributing: true)])
        let end = l.timeline(memberEndNs: 5 * Self.second + 800_000_000, captureEndNs: 20 * Self.second)
        XCTAssertEqual(end, [T(time: Self.second, distributing: true), T(time: 5 * Self.second + 800_000_000, distributing: false, fromSilence: true)])
        let state = TeamState(members: [end])
        XCTAssertEqual([3, 6, 15].map { state.usable(at: Int64($0) * Self.second)[0] }, [true, false, false])
        // The member still carried frames (received) at 19 s: its link was up; no stop.
        XCTAssertEqual(l.timeline(memberEndNs: 19 * Self.second, captureEndNs: 20 * Self.second), l.localTimeline)
        // The capture ended within the three periods: nothing to tell.
        XCTAssertEqual(l.timeline(memberEndNs: 5 * Self.second + 800_000_000, captureEndNs: 7 * Self.second), l.localTimeline)
        // A silence that ended (LACPDUs again) is not the capture's.
        let resumed = link(lastData: nil)
        XCTAssertEqual(resumed.timeline(memberEndNs: 12 * Self.second, captureEndNs: 30 * Self.second).count, resumed.localTimeline.count + 1,
                       "the LACPDUs stopped again after 12 s")
        XCTAssertEqual(resumed.timeline(memberEndNs: 30 * Self.second, captureEndNs: 30 * Self.second), resumed.localTimeline)
    }
}
