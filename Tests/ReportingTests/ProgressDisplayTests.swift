@testable import Reporting
import TeamAnalysis
import XCTest

final class ProgressDisplayTests: XCTestCase {
    func progress(_ packets: Int, _ read: Int, _ total: Int?, finished: Bool = false) -> AnalysisProgress {
        AnalysisProgress(packets: packets, bytesRead: read, bytesTotal: total, finished: finished)
    }

    func testNothingInTheFirstSecondThenAtMostFourTimesASecond() {
        var d = ProgressDisplay(startNs: 1_000)
        XCTAssertNil(d.update(progress(65_536, 10, 100), nowNs: 1_000 + 999_999_999))
        let first = d.update(progress(2_000_000, 40_000_000, 100_000_000), nowNs: 1_000 + 1_000_000_000)
        // 2M packets in 1 s; 40 % read in 1 s: 1.5 s left.
        XCTAssertEqual(first, "\r\u{1B}[Kreading 38.1 MiB of 95.4 MiB (40 %), 2.0M packets/s, about 2 s left")
        XCTAssertNil(d.update(progress(2_100_000, 41_000_000, 100_000_000), nowNs: 1_000 + 1_200_000_000))
        XCTAssertNotNil(d.update(progress(2_500_000, 50_000_000, 100_000_000), nowNs: 1_000 + 1_250_000_000))
        XCTAssertEqual(d.update(progress(0, 0, 0, finished: true), nowNs: 1_000 + 1_300_000_000), "\r\u{1B}[K", "the line is erased")
    }

    func testAShortReadWritesNothingAtAll() {
        var d = ProgressDisplay(startNs: 0)
        XCTAssertNil(d.update(progress(10, 10, 10), nowNs: 500_000_000))
        XCTAssertNil(d.update(progress(10, 10, 10, finished: true), nowNs: 600_000_000))
    }

    func testWithoutATotalNoTimeLeft() {
        XCTAssertEqual(Phrasebook.progress(progress(3_000_000, 300 << 20, nil), elapsedNs: 2_000_000_000),
                       "reading 300.0 MiB, 3,000,000 packets, 1.5M packets/s")
        // Ten minutes left reads in minutes.
        XCTAssertEqual(Phrasebook.progress(progress(1_000, 1 << 20, 11 << 20), elapsedNs: 60_000_000_000),
                       "reading 1.0 MiB of 11.0 MiB (9 %), 17 packets/s, about 10 min left")
    }
}

final class LiveViewTests: XCTestCase {
    func testBarsFillInEighths() {
        XCTAssertEqual(LiveView.bar(0, top: 10, width: 4), "····")
        XCTAssertEqual(LiveView.bar(10, top: 10, width: 4), "████")
        // Half of 4 cells: 2 full.
        XCTAssertEqual(LiveView.bar(5, top: 10, width: 4), "██··")
        // 1/16 of 4 cells = 2 eighths: one quarter block.
        XCTAssertEqual(LiveView.bar(0.625, top: 10, width: 4), "▎···")
        XCTAssertEqual(LiveView.bar(20, top: 10, width: 4), "████", "clamped")
    }

    func testBondLineSaysTheFit() {
        func bond(_ c: Int?, _ t: Int?, model: String? = "linux/layer3+4") -> BondReport {
            BondReport(name: "bond0", mode: "802.3ad", xmitHashPolicy: "layer3+4", members: ["vethA0", "vethA1"], active: nil, model: model, flowsConsistent: c, flowsTotal: t)
        }
        XCTAssertEqual(Phrasebook.bondLine(bond(33, 33)), "bond0: 802.3ad, xmit_hash_policy layer3+4, members vethA0, vethA1; the traffic is consistent with linux/layer3+4: 100% of 33 flows")
        XCTAssertEqual(Phrasebook.bondLine(bond(29, 30)), "bond0: 802.3ad, xmit_hash_policy layer3+4, members vethA0, vethA1; the traffic is not all consistent with linux/layer3+4: 29 of 30 flows (96.7%) — see the teaming model line")
        XCTAssertTrue(Phrasebook.bondLine(bond(nil, nil)).hasSuffix("could not be checked against linux/layer3+4 (no flow this host sent was judged)"))
        XCTAssertTrue(Phrasebook.bondLine(bond(nil, nil, model: nil)).hasSuffix("no traffic model to check (broadcast)"))
        var split = bond(33, 33)
        split.aggregator = 1
        split.aggregatorMembers = ["vethA0"]
        XCTAssertEqual(Phrasebook.bondLine(split), "bond0: 802.3ad, xmit_hash_policy layer3+4, members vethA0, vethA1, aggregator 1 holds vethA0; the traffic is consistent with linux/layer3+4: 100% of 33 flows")
    }
}
