import CaptureIO
import Foundation
import LiveCapture
import TeamAnalysis
import TestSupport
import XCTest

/// The engine driven with fake handles, links and clock, a turn at a time: whatever the handles
/// do — close and reopen, stall behind a backlog, stay silent, hand a record late, hold a
/// backlog at the end — what reaches the analysis and the file is in time order, and every
/// record is counted.
final class CaptureSessionTests: XCTestCase {
    let ms: Int64 = 1_000_000
    let t0: Int64 = 1_700_000_000_000_000_000

    struct Rig {
        let clock: FakeClock
        let opener: FakeOpener
        let links: FakeLinks
        let session: CaptureSession
        let file: String
    }

    func rig(_ members: [String] = ["m0", "m1"], down: Set<String> = [], readLimit: Int = 8192, analyzes: Bool = true) throws -> Rig {
        let clock = FakeClock(t0)
        let dir = try TestEnvironment.temporaryFolder("livecapture")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let opener = FakeOpener()
        opener.down = down
        let links = FakeLinks()
        for d in down { links.states[d] = .down }
        let session = try CaptureSession(plan: CapturePlan(host: "A", members: members), snapLength: 262_144, options: AnalysisOptions(),
                                         write: dir + "/cap.pcapng", opener: opener, links: links,
                                         sysfs: SysfsTree(root: dir + "/no-sysfs"), analyzes: analyzes, clock: { clock.now })
        session.readLimit = readLimit
        return Rig(clock: clock, opener: opener, links: links, session: session, file: dir + "/cap.pcapng")
    }

    /// The written file's records: interface and timestamp, in file order.
    func records(_ path: String) throws -> [(interface: Int, time: Int64)] {
        let r = try CaptureFile.open(path)
        var out: [(Int, Int64)] = []
        while let rec = try r.next() { out.append((rec.interface, rec.timestamp)) }
        return out
    }

    func assertInOrder(_ recs: [(interface: Int, time: Int64)], file: StaticString = #filePath, line: UInt = #line) {
        let back = zip(recs, recs.dropFirst()).filter { $1.time < $0.time }.count
        XCTAssertEqual(back, 0, "records going back in time", file: file, line: line)
    }

    func testAHandleClosingMidStreamAndReopening() throws {
        let r = try rig()
        var t = t0
        var written = [0, 0]
        // A turn every 200 ms (the link check's period); records stamped in the 200 ms before it,
        // at these offsets in ms, on m0's two handles and m1's sent handle.
        func turn(_ m0: [Int64], _ m1: [Int64]) {
            let from = t
            t += 200 * ms
            r.clock.now = t
            r.opener.latest("m0").sent.deliver(m0.map { from + $0 * ms })
            r.opener.latest("m0").received.deliver(m0.map { from + $0 * ms + 1 })
            if !m1.isEmpty { r.opener.latest("m1").sent.deliver(m1.map { from + $0 * ms }) }
            written[0] += 2 * m0.count
            written[1] += m1.count
            r.session.step()
        }
        turn([10, 50], [20, 60])
        // m1 goes down: its handles hand over what they hold, then fail; m0 goes on.
        let downAt = t + 150 * ms
        turn([30, 190], [140])
        for h in r.opener.opened["m1"]!.last! { h.failure = LiveCaptureError(device: "m1", kind: .down, message: "down") }
        r.opener.down = ["m1"]
        r.links.set("m1", .down, at: downAt)
        turn([50, 120], [])
        turn([10], [])
        XCTAssertEqual(r.opener.opened["m1"]?.count, 1)
        // Up again: reopened at the next link check; its records come after what was released.
        let upAt = t + 80 * ms
        r.opener.down = []
        r.links.set("m1", .up, at: upAt)
        turn([110], [])
        XCTAssertEqual(r.opener.opened["m1"]?.count, 2, "reopened once its link was up")
        turn([20, 60], [10, 70])
        turn([50], [20])
        let report = r.session.finish()

        let recs = try records(r.file)
        assertInOrder(recs)
        XCTAssertEqual(recs.count, written[0] + written[1], "every record written")
        XCTAssertEqual(report.packetsRead, recs.count)
        XCTAssertEqual(report.members.map(\.liveLate), [0, 0])
        XCTAssertEqual((report.linkEvents ?? []).map(\.event), [.down, .up])
        XCTAssertEqual((report.linkEvents ?? []).map(\.timeNs), [downAt, upAt])
        XCTAssertEqual(report.members.map(\.packets), written)
    }

    /// A member down when the capture starts: `down` at the start; opened and `up` when its link comes up.
    func testAMemberDownAtTheStart() throws {
        let r = try rig(down: ["m1"])
        r.clock.now = t0 + 100 * ms
        r.opener.latest("m0").sent.deliver([t0 + 10 * ms])
        r.session.step()
        XCTAssertNil(r.opener.opened["m1"])
        r.opener.down = []
        r.links.set("m1", .up, at: t0 + 150 * ms)
        r.clock.now = t0 + 400 * ms
        r.session.step()
        r.opener.latest("m1").received.deliver([t0 + 410 * ms])
        r.clock.now = t0 + 500 * ms
        let report = r.session.finish()
        XCTAssertEqual((report.linkEvents ?? []).map(\.event), [.down, .up])
        XCTAssertEqual((report.linkEvents ?? []).map(\.timeNs), [t0, t0 + 150 * ms])
        XCTAssertEqual(report.members.map(\.packets), [1, 1])
    }

    /// One handle behind a backlog (more than one read takes): the others' later records wait
    /// until it has been read past them.
    func testAStalledHandleHoldsTheOthersBack() throws {
        let r = try rig(readLimit: 4)
        let backlog = (0..<20).map { t0 + Int64($0) * 5 * ms }
        r.opener.latest("m0").sent.deliver(backlog)
        r.opener.latest("m1").sent.deliver([t0 + 2 * ms, t0 + 48 * ms, t0 + 96 * ms])
        var released: [Int] = []
        for i in 1...6 {
            r.clock.now = t0 + 100 * ms + Int64(i) * ms
            r.session.step()
            released.append(r.session.captured)
        }
        // Released a little at a time, never past what m0 has been read to.
        // Turn 1: m0 read to 15 ms, so m1's record at 2 ms and m0's first four; m1's at 48 ms
        // waits for turn 3, its 96 ms for turn 6 (m0 read to its end).
        XCTAssertEqual(released, [5, 9, 14, 18, 22, 23])
        let report = r.session.finish()
        let recs = try records(r.file)
        assertInOrder(recs)
        XCTAssertEqual(recs.count, 23)
        XCTAssertEqual(report.members.map(\.liveLate), [0, 0])
    }

    /// A record older than one already released (the platform stamped it out of order): counted
    /// late for its member and placed at the time reached, never written going back.
    func testALateRecord() throws {
        let r = try rig()
        r.clock.now = t0 + 100 * ms
        r.opener.latest("m0").sent.deliver([t0 + 10 * ms, t0 + 60 * ms])
        r.session.step()
        XCTAssertEqual(r.session.captured, 2)
        r.clock.now = t0 + 200 * ms
        r.opener.latest("m1").received.deliver([t0 + 30 * ms, t0 + 150 * ms])
        r.session.step()
        let report = r.session.finish()
        let recs = try records(r.file)
        assertInOrder(recs)
        XCTAssertEqual(recs.map(\.time), [t0 + 10 * ms, t0 + 60 * ms, t0 + 60 * ms, t0 + 150 * ms])
        XCTAssertEqual(report.members.map(\.liveLate), [0, 1])
        XCTAssertEqual(report.packetsRead, 4)
    }

    /// The end: every handle read to its end before anything still queued is released, so a
    /// backlog on several handles comes out in order.
    func testTheEndOfCaptureDrainsEveryHandleInOrder() throws {
        let r = try rig(readLimit: 3)
        r.clock.now = t0 + 500 * ms
        r.opener.latest("m0").sent.deliver((0..<10).map { t0 + Int64($0) * 10 * ms })
        r.opener.latest("m1").received.deliver((0..<10).map { t0 + 5 * ms + Int64($0) * 10 * ms })
        r.opener.latest("m1").sent.deliver((0..<7).map { t0 + 1 * ms + Int64($0) * 13 * ms })
        let report = r.session.finish()
        let recs = try records(r.file)
        assertInOrder(recs)
        XCTAssertEqual(recs.count, 27)
        XCTAssertEqual(report.members.map(\.packets), [10, 17])
        XCTAssertEqual(report.members.map(\.liveLate), [0, 0])
        // Each handle counts its own direction (the kernel filters the other out of its ring):
        // a member's received figure is their sum, not the larger one.
        XCTAssertEqual(report.members.map { $0.liveDrops?.received }, [10, 17])
    }

    /// A member whose handles stay silent throughout holds nothing back: the others' records
    /// are released turn by turn.
    func testASilentHandleHoldsNothingBack() throws {
        let r = try rig()
        for i in 1...3 {
            r.clock.now = t0 + Int64(i) * 100 * ms
            r.opener.latest("m0").sent.deliver([r.clock.now - 50 * ms])
            r.session.step()
            XCTAssertEqual(r.session.captured, i, "released at turn \(i)")
        }
        let report = r.session.finish()
        XCTAssertEqual(report.members.map(\.packets), [3, 0])
        assertInOrder(try records(r.file))
    }

    /// Without the analysis (`capture --no-analysis`): the same merge into the file, every record
    /// in time order with the direction its handle's kernel filter gave; the analysis sees none.
    func testWithoutAnalysisTheFileHoldsEveryRecordInOrderWithItsHandlesDirection() throws {
        let r = try rig(readLimit: 4, analyzes: false)
        r.clock.now = t0 + 500 * ms
        r.opener.latest("m0").sent.deliver((0..<10).map { t0 + Int64($0) * 10 * ms })
        r.opener.latest("m1").received.deliver((0..<10).map { t0 + 5 * ms + Int64($0) * 10 * ms })
        r.session.step()
        let report = r.session.finish()
        XCTAssertEqual(r.session.captured, 20)
        XCTAssertEqual(report.packetsRead, 0)
        let file = try CaptureFile.open(r.file)
        var recs: [(interface: Int, time: Int64)] = []
        while let rec = try file.next() {
            recs.append((rec.interface, rec.timestamp))
            XCTAssertEqual(rec.flags & 3, rec.interface == 0 ? 2 : 1, "outbound on m0's sent handle, inbound on m1's received one")
        }
        assertInOrder(recs)
        XCTAssertEqual(recs.count, 20)
        XCTAssertEqual(r.session.memberStatistics.map(\.statistics.received), [10, 10])
    }
}
