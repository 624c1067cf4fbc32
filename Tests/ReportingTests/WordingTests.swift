import Foundation
@testable import Reporting
import TeamAnalysis
import TeamingModels
import TestSupport
import XCTest

/// Sentences issue 23 found wrong, pinned as corrected (item 8).
final class WordingTests: XCTestCase {
    func sample(_ name: String) throws -> AnalysisReport {
        try JSONReport.parse(try String(contentsOfFile: "\(TestEnvironment.repositoryRoot)/Reports/\(name).json", encoding: .utf8)).report
    }

    /// A member's quiet stretch: "its flows failed over" only when a flow the report lists moved
    /// off that member during the stretch; otherwise its traffic went quiet.
    func testCaptureGapSaysFailedOverOnlyWhenFlowsMoved() throws {
        var r = try sample("lacp-l34")
        let start: Int64 = 1_795_000_000_000_000_000, end = start + 2_800_000_000
        r.findings = [Finding(kind: .captureGap, cause: .quietStretch, severity: .warning, host: "A", members: ["eth1"],
                              figures: .quietStretch(.init(startNs: start, endNs: end, seconds: 2.8, teammatesBytes: 1_048_576), lacp: nil))]
        let quiet = Phrasebook.worded(r).findings[0].advice
        XCTAssertEqual(quiet, "no packet on eth1 for 2.8 s while its teammates carried 1.0 MiB: the link went down (or the capture stalled) and its traffic went quiet (no flow the report lists moved to a teammate)")
        // A move on another host, or before the stretch, changes nothing.
        r.flows[0].moves = [MoveReport(time: start - 1, host: "A", direction: .forward, from: "eth1", to: "eth0", idleBeforeNs: 0),
                            MoveReport(time: start + 1, host: "B", direction: .forward, from: "eth1", to: "eth0", idleBeforeNs: 0)]
        XCTAssertEqual(Phrasebook.worded(r).findings[0].advice, quiet)
        r.flows[0].moves.append(MoveReport(time: start + 5_000_000, host: "A", direction: .forward, from: "eth1", to: "eth0", idleBeforeNs: 0))
        XCTAssertEqual(Phrasebook.worded(r).findings[0].advice,
                       "no packet on eth1 for 2.8 s while its teammates carried 1.0 MiB: the link went down (or the capture stalled) and its flows failed over to the teammates")
    }

    /// A live report (`capture`, which takes no --local-mac) advises what capture takes.
    func testLiveReportsAdviseWhatCaptureTakes() {
        XCTAssertEqual(Phrasebook.decider(.inbound, live: true), "the host's inbound too (capture the peer host as well and analyze both -w files together)")
        XCTAssertEqual(Phrasebook.decider(.inbound), "the host's inbound too (capture both hosts, or give --local-mac)")
        for basis in [DirectionBasis.noEvidence, .onlyMACOnEveryMember(mac: "02:00:00:00:0a:01"), .sharedSegment(macs: ["02:00:00:00:0a:01", "02:00:00:00:0b:01"]), .noSourceMAC] {
            let live = Phrasebook.direction(basis, host: "lab", live: true)
            XCTAssertFalse(live.contains("give --local-mac"), live)
            XCTAssertTrue(live.contains("-w file"), live)
        }
        XCTAssertEqual(Phrasebook.direction(.noEvidence, host: "lab", live: true),
                       "direction unknown: no MAC sends on every member of lab and no other evidence was found; capture with --with-master (the bond's copies tell sent from received), or analyze the -w file with --local-mac lab=MAC")
        XCTAssertTrue(Phrasebook.direction(.noEvidence, host: "lab").hasSuffix("give --local-mac lab=MAC or --local-ip lab=IP"))
    }

    /// A direction taken from how quickly each side answered says so, with both sides' figures.
    func testDirectionFromResponseTimingSaysSo() {
        let basis = DirectionBasis.captureSignals(macs: ["02:00:00:00:0a:01"],
                                                  signals: [.responseTiming(nanoseconds: 36_400, answered: 9, otherNanoseconds: 97_000, otherAnswered: 9)])
        XCTAssertEqual(Phrasebook.direction(basis, host: "A"),
                       "02:00:00:00:0a:01 is A's own: response timing: they answer the other side's TCP segments within 36 µs (the quickest tenth of 9 connection directions), the other side no sooner than 97 µs (of 9): the capturing host's own stack, against a round trip to the peer; to be sure, give --local-mac A=MAC")
    }

    /// The chance of a lucky fit is said as a chance; a certainty as too few flows.
    func testLuckyFitIsAChance() {
        XCTAssertEqual(Phrasebook.decider(.moreFlows(chance: 1)), "more flows with distinct addresses and ports (too few to tell: any model would fit them)")
        XCTAssertEqual(Phrasebook.decider(.moreFlows(chance: 0.0625)), "more flows with distinct addresses and ports (a wrong hash would fit today's by luck 6.3% of the time)")
    }
}
