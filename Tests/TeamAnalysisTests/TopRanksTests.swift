@testable import TeamAnalysis
import XCTest

/// `TopRanks` keeps exactly the first ranks of the report's order (`FlowRank.sort`'s prefix),
/// whatever the order they come in and however many are kept.
final class TopRanksTests: XCTestCase {
    /// `count` ranks with bytes and first times from small ranges (many ties), in table order.
    private func ranks(count: Int, seed: UInt64) -> [FlowRank] {
        var x = seed
        func next() -> UInt64 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return x >> 33
        }
        return (0..<count).map { FlowRank(bytes: Int(next() % 40) * 1514, first: Int64(next() % 5), index: $0) }
    }

    func testKeepsTheFirstRanksInOrder() {
        for (count, seed) in [(0, 1), (1, 2), (7, 3), (1_000, 4), (20_000, 5)] as [(Int, UInt64)] {
            let input = ranks(count: count, seed: seed)
            var all = input
            FlowRank.sort(&all)
            for keep in [0, 1, 4, 20, 200, count + 5] {
                for (label, order) in [("table order", input), ("in order", all), ("reversed", Array(all.reversed()))] {
                    var top = TopRanks(keep: keep)
                    for r in order { top.insert(r) }
                    XCTAssertEqual(top.sorted().map(\.index), all.prefix(keep).map(\.index), "\(count) ranks, keep \(keep), \(label)")
                }
            }
        }
    }

    /// Taking back a stream leaves the tallies as if it had not been counted (no member with 0).
    func testStreamTallyRemoveUndoesAdd() {
        var t = StreamTally(examples: TopRanks(keep: 4))
        let pinned = (pinned: true, member: Optional("eth0"), reportShares: [String: Double]?.none, viewHost: Int32(0),
                      direction: FlowDirection.forward)
        let split = (pinned: false, member: String?.none, reportShares: [String: Double]?.none, viewHost: Int32(0),
                     direction: FlowDirection.reverse)
        XCTAssertFalse(t.add(pinned, rank: FlowRank(bytes: 1, first: 0, index: 0)))
        XCTAssertTrue(t.add(split, rank: FlowRank(bytes: 2, first: 0, index: 1)))
        t.remove(pinned)
        t.remove(split)
        XCTAssertEqual(t.pinned, 0)
        XCTAssertEqual(t.split, 0)
        XCTAssertEqual(t.byMember, [:])
        XCTAssertFalse(t.add(nil, rank: nil), "a host that did not carry the stream")
    }
}
