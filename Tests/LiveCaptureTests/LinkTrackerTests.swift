import LiveCapture
import TeamAnalysis
import XCTest

/// The link-state machine on every order of observations.
final class LinkTrackerTests: XCTestCase {
    func kinds(_ start: OperState?, _ steps: [OperState?]) -> [LinkEvent.Kind] {
        var t = LinkTracker()
        t.begin("m", state: start, at: 0)
        for (i, s) in steps.enumerated() { t.observe(LinkObservation(member: "m", state: s, timeNs: Int64(i + 1))) }
        return t.events.map(\.kind)
    }

    func testDownThenUp() {
        XCTAssertEqual(kinds(.up, [.down, .up]), [.down, .up])
    }

    func testDownAtTheStartThenUp() {
        XCTAssertEqual(kinds(.down, [.up]), [.down, .up])
        XCTAssertEqual(kinds(.lowerLayerDown, [.up]), [.down, .up])
    }

    func testFlappingTwice() {
        XCTAssertEqual(kinds(.up, [.down, .up, .lowerLayerDown, .up]), [.down, .up, .down, .up])
    }

    func testRemovedThenAddedThenUp() {
        XCTAssertEqual(kinds(.up, [nil, .down, .up]), [.removed, .added, .up])
        XCTAssertEqual(kinds(.up, [.down, nil, .up]), [.down, .removed, .added])
    }

    func testChangesWithinDownOrWithinUsableMakeNoEvent() {
        XCTAssertEqual(kinds(.up, [.unknown, .up]), [])
        XCTAssertEqual(kinds(.down, [.lowerLayerDown, .dormant]), [.down])
        XCTAssertEqual(kinds(.up, [.up, .up]), [])
    }

    func testAnInterfaceNotThereAtTheStartIsAddedWhenItAppears() {
        XCTAssertEqual(kinds(nil, [.up]), [.added])
        XCTAssertEqual(kinds(nil, [.down, .up]), [.added, .up])
    }

    func testEventsKeepTheirTimesAndTheUsableState() {
        var t = LinkTracker()
        t.begin("a", state: .up, at: 10)
        XCTAssertTrue(t.isUsable("a"))
        XCTAssertEqual(t.observe(LinkObservation(member: "a", state: .down, timeNs: 25)), .down)
        XCTAssertFalse(t.isUsable("a"))
        XCTAssertEqual(t.events.map(\.timeNs), [25])
        XCTAssertEqual(OperState(sysfs: "LowerLayerDown"), .lowerLayerDown)
        XCTAssertEqual(OperState(sysfs: "something-new"), .unknown)
    }

    /// JSON keeps the words: the kinds' raw values.
    func testKindsEncodeAsTheirWords() throws {
        let e = LinkEvent(host: "A", member: "eth0", timeNs: 5, event: .removed)
        let json = String(decoding: try JSONEncoder().encode(e), as: UTF8.self)
        XCTAssertTrue(json.contains("\"event\":\"removed\""), json)
        XCTAssertEqual(LinkEvent.Kind.allCases.map(\.rawValue), ["down", "up", "removed", "added"])
    }
}
