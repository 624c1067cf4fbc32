import CaptureIO
@testable import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// The live view laid out for 80 and 160 columns: every line fits, and each member shows its
/// sent and received bars, rates and drops; the top flows carry their members and moves; the
/// latest link events are there.
final class LiveViewLayoutTests: XCTestCase {
    func report() throws -> AnalysisReport {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/"
        let options = AnalysisOptions()
        var r = try TeamAnalyzer(specs: ["eth0", "eth1"].map { CaptureSpec(path: root + "\($0).pcap", host: "A", member: "a-rather-long-member-name-\($0)") },
                                 options: options).run()
        XCTAssertFalse(r.flows.isEmpty)
        r.flows[0].moves = [MoveReportFixture.move(at: 1_000, "a-rather-long-member-name-eth0", "a-rather-long-member-name-eth1")]
        r.linkEvents = [LinkEvent(host: "A", member: "a-rather-long-member-name-eth1", timeNs: 1_700_000_000_000_000_000, event: .down),
                        LinkEvent(host: "A", member: "a-rather-long-member-name-eth1", timeNs: 1_700_000_003_600_000_000, event: .up)]
        return r
    }

    func lines(width: Int) throws -> [String] {
        var state = LiveView.State()
        let stats = ["a-rather-long-member-name-eth0": LiveStatistics(received: 10, kernelDrops: 3, interfaceDrops: 1)]
        return LiveView.body(try report(), statistics: stats, elapsedNs: 2_000_000_000, width: width, state: &state)
    }

    func check(width: Int) throws -> [String] {
        let l = try lines(width: width)
        for line in l { XCTAssertLessThanOrEqual(line.count, width - 1, "\(width) columns: \(line)") }
        let members = l.filter { $0.contains("sent ") && $0.contains("received ") }
        XCTAssertEqual(members.count, 2, l.joined(separator: "\n"))
        for m in members {
            XCTAssertTrue(m.contains("b/s"), "rates: \(m)")
            XCTAssertTrue(m.contains("drops"), "drops: \(m)")
            XCTAssertTrue(m.contains("█") || m.contains("·"), "bars: \(m)")
        }
        XCTAssertTrue(members[0].hasSuffix("drops 4"), members[0])
        XCTAssertTrue(members[1].hasSuffix("drops –"), members[1])
        XCTAssertTrue(l.contains { $0.contains("1 move") }, "moves of the top flow\n" + l.joined(separator: "\n"))
        XCTAssertTrue(l.contains { $0.hasSuffix("a-rather-long-member-name-eth1 up") }, "the latest link event")
        return l
    }

    func testEightyColumns() throws {
        let l = try check(width: 80)
        // Each member line uses the width: the bars take what the name, rates and drops leave.
        XCTAssertEqual(l[1].count, 79, l[1])
    }

    func testOneHundredSixtyColumns() throws {
        let l = try check(width: 160)
        let wide = l[1].filter { $0 == "█" || $0 == "·" || "▏▎▍▌▋▊▉".contains($0) }.count
        XCTAssertEqual(wide, 80, "two bars of 40 cells: \(l[1])")
    }

    func testWiderThanTwoHundredKeepsTheWidestLayout() throws {
        XCTAssertEqual(try lines(width: 300), try lines(width: 200))
    }
}
