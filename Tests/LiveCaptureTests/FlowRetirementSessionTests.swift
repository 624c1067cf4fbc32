import CaptureIO
import Foundation
import LiveCapture
import TeamAnalysis
import TestSupport
import XCTest

/// `--flow-idle` in the engine: a capture that runs past the idle time keeps the active flows
/// only, and its report still counts every flow, with what the retired ones carried per member.
final class FlowRetirementSessionTests: XCTestCase {
    let s: Int64 = 1_000_000_000
    let t0: Int64 = 1_700_000_000_000_000_000

    func testFlowsIdleLongerThanFlowIdleAreRetiredIntoTheReport() throws {
        let clock = FakeClock(t0)
        let dir = try TestEnvironment.temporaryFolder("flowidle")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let opener = FakeOpener()
        var options = AnalysisOptions()
        options.flowIdle = 300 * s
        options.parallel = false
        let session = try CaptureSession(plan: CapturePlan(host: "A", members: ["m0", "m1"]), snapLength: 262_144, options: options,
                                         opener: opener, links: FakeLinks(), sysfs: SysfsTree(root: dir + "/no-sysfs"), clock: { clock.now })
        // 400 datagrams (each its own flow: its own source port) sent on m0 in the first second,
        // 100 received on m1; then six minutes later 30 more sent on m0.
        opener.latest("m0").sent.deliver((0..<400).map { t0 + Int64($0) * 1_000_000 })
        opener.latest("m1").received.deliver((0..<100).map { t0 + 500_000_000 + Int64($0) * 1_000_000 })
        clock.now = t0 + s
        session.step()
        clock.now = t0 + 2 * s
        session.step()
        XCTAssertEqual(session.retiredFlows, 0, "nothing is idle yet")
        let later = t0 + 360 * s
        opener.latest("m0").sent.deliver((0..<30).map { later + Int64($0) * 1_000_000 })
        clock.now = later + s
        session.step()
        clock.now = later + 2 * s
        session.step()
        XCTAssertEqual(session.retiredFlows, 500)
        let report = session.finish()
        let summary = try XCTUnwrap(Optional(report.flowSummary))
        XCTAssertEqual(summary.flows, 530, "retired flows are still counted")
        let retired = try XCTUnwrap(summary.retired)
        XCTAssertEqual(retired.flows, 500)
        XCTAssertEqual(retired.udp, 500)
        XCTAssertEqual(retired.idleNs, 300 * s)
        let frame = Int(Frames.udp(sent: true, sequence: 0).count)
        XCTAssertEqual(retired.members.map(\.member), ["m0", "m1"])
        XCTAssertEqual(retired.members.map(\.flows), [400, 100])
        XCTAssertEqual(retired.members.map(\.bytes), [400 * frame, 100 * frame])
        XCTAssertEqual(retired.members.map(\.sentBytes), [400 * frame, 0])
        // The member counters never depended on the flows.
        XCTAssertEqual(report.members.first { $0.name == "m0" }?.sent.bytes, 430 * frame)
        XCTAssertEqual(report.flows.count, 20, "the list still holds the largest flows, retired ones among them")
    }

    /// A capture that outlives its traffic by more than `--flow-idle` (bondvm waits minutes for
    /// a re-aggregation that never comes under balance-xor): the verdict still weighs every
    /// flow the host sent, retired ones too, not only the one still open.
    func testTheModelsWeighRetiredFlows() throws {
        let clock = FakeClock(t0)
        let dir = try TestEnvironment.temporaryFolder("flowidle-models")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let opener = FakeOpener()
        var options = AnalysisOptions()
        options.flowIdle = 300 * s
        options.parallel = false
        let session = try CaptureSession(plan: CapturePlan(host: "A", members: ["m0", "m1"]), snapLength: 262_144, options: options,
                                         opener: opener, links: FakeLinks(), sysfs: SysfsTree(root: dir + "/no-sysfs"), clock: { clock.now })
        // 200 flows sent on m0, 200 others on m1, in the first second; one more six minutes later.
        opener.latest("m0").sent.waiting += (0..<200).map { (t0 + Int64($0) * 1_000_000, Frames.udp(sent: true, sequence: $0)) }
        opener.latest("m1").sent.waiting += (0..<200).map { (t0 + Int64($0) * 1_000_000 + 1, Frames.udp(sent: true, sequence: 1000 + $0)) }
        clock.now = t0 + 2 * s
        session.step()
        let later = t0 + 360 * s
        opener.latest("m0").sent.waiting.append((later, Frames.udp(sent: true, sequence: 5000)))
        clock.now = later + s
        session.step()
        clock.now = later + 2 * s
        session.step()
        XCTAssertEqual(session.retiredFlows, 400)
        let report = session.finish()
        let best = try XCTUnwrap(report.inference.first { $0.rank == 1 }, "models were weighed")
        XCTAssertEqual(best.flowsTotal, 401, "every flow A sent, the 400 retired among them")
    }
}
