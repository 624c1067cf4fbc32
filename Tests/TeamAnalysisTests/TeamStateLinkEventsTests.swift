@testable import TeamAnalysis
import TeamingModels
import XCTest

/// A member's usable timeline from its LACPDUs and a live capture's link events, for every
/// order of the two: under LACP a link coming up does not make the member usable before its
/// LACPDUs say distributing again.
final class TeamStateLinkEventsTests: XCTestCase {
    typealias T = TeamState.Transition

    func event(_ kind: LinkEvent.Kind, _ time: Int64) -> LinkEvent { LinkEvent(host: "A", member: "eth1", timeNs: time, event: kind) }

    func usable(_ timeline: [T], at times: [Int64]) -> [Bool] {
        let state = TeamState(members: [timeline])
        return times.map { state.usable(at: $0)[0] }
    }

    func testWithoutLACPDownThenUp() {
        let t = TeamState.memberTimeline(lacp: [], events: [event(.down, 100), event(.up, 200)])
        XCTAssertEqual(usable(t, at: [50, 150, 250]), [true, false, true])
    }

    func testWithoutLACPDownAtTheStartThenUpAndFlappingTwice() {
        let t = TeamState.memberTimeline(lacp: [], events: [event(.down, 100), event(.up, 200), event(.down, 300), event(.up, 400)])
        XCTAssertEqual(usable(t, at: [150, 250, 350, 450]), [false, true, false, true])
    }

    func testRemovedAndAddedCountAsDownAndUp() {
        let t = TeamState.memberTimeline(lacp: [], events: [event(.removed, 100), event(.added, 200)])
        XCTAssertEqual(usable(t, at: [150, 250]), [false, true])
    }

    /// LACPDUs distributing until 100, silent until 400 (a stop inferred at 100), the link down
    /// at 180 and up at 300: usable until the down, not from the last LACPDU on; without the
    /// event, from the last LACPDU.
    func testALinkDownAfterTheLastLACPDUIsWhenTheMemberStopped() {
        let lacp = [T(time: 10, distributing: true), T(time: 100, distributing: false, fromSilence: true), T(time: 400, distributing: true)]
        let t = TeamState.memberTimeline(lacp: lacp, events: [event(.down, 180), event(.up, 300)])
        XCTAssertEqual(usable(t, at: [150, 200, 350, 450]), [true, false, false, true])
        XCTAssertEqual(usable(TeamState.memberTimeline(lacp: lacp, events: []), at: [150, 450]), [false, true])
        // A stop the LACPDUs said (not distributing) stays where they said it.
        let said = [T(time: 10, distributing: true), T(time: 100, distributing: false), T(time: 400, distributing: true)]
        XCTAssertEqual(usable(TeamState.memberTimeline(lacp: said, events: [event(.down, 180), event(.up, 300)]), at: [150]), [false])
    }

    /// LACP distributing, the link down, up at 200, the LACPDUs distributing again at 260: out
    /// from 100 to 260, not back at 200.
    func testUnderLACPDistributingAfterTheLinksUp() {
        let lacp = [T(time: 10, distributing: true), T(time: 230, distributing: false), T(time: 260, distributing: true)]
        let t = TeamState.memberTimeline(lacp: lacp, events: [event(.down, 100), event(.up, 200)])
        XCTAssertEqual(usable(t, at: [50, 150, 210, 240, 270]), [true, false, false, false, true])
    }

    /// The same with the LACPDUs saying distributing only (the first LACPDU after the up already distributes).
    func testUnderLACPTheFirstLACPDUAfterTheUpDistributes() {
        let lacp = [T(time: 10, distributing: true), T(time: 260, distributing: true)]
        let t = TeamState.memberTimeline(lacp: lacp, events: [event(.down, 100), event(.up, 200)])
        XCTAssertEqual(usable(t, at: [150, 210, 270]), [false, false, true])
    }

    /// LACPDUs that stop before the up (the capture ended, or the partner went quiet): the up counts.
    func testUnderLACPAnUpWithNoLACPDUAfterItCounts() {
        let lacp = [T(time: 10, distributing: true)]
        let t = TeamState.memberTimeline(lacp: lacp, events: [event(.down, 100), event(.up, 200)])
        XCTAssertEqual(usable(t, at: [150, 250]), [false, true])
    }

    /// The link down after its LACPDUs already stopped distributing, then up and distributing.
    func testUnderLACPNotDistributingBeforeTheDown() {
        let lacp = [T(time: 10, distributing: true), T(time: 90, distributing: false), T(time: 300, distributing: true)]
        let t = TeamState.memberTimeline(lacp: lacp, events: [event(.down, 100), event(.up, 200)])
        XCTAssertEqual(usable(t, at: [95, 150, 250, 310]), [false, false, false, true])
    }

    func testNoEventsLeavesTheLACPTimeline() {
        let lacp = [T(time: 10, distributing: true)]
        XCTAssertEqual(TeamState.memberTimeline(lacp: lacp, events: []), lacp)
    }
}
