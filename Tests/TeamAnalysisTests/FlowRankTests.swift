@testable import TeamAnalysis
import XCTest

/// `FlowRank.sort`, the report's flow order sorted in place, gives exactly the order of the
/// standard library's sort by `precedes`: on ties of bytes and of first times (the table
/// position decides), on runs already in order or reversed, and when heapsort takes over.
final class FlowRankTests: XCTestCase {
    /// `count` ranks with bytes and first times from small ranges (many ties), in table order.
    private func ranks(count: Int, seed: UInt64, bytes: UInt64 = 50, firsts: UInt64 = 7) -> [FlowRank] {
        var x = seed
        func next() -> UInt64 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return x >> 33
        }
        return (0..<count).map { FlowRank(bytes: Int(next() % bytes) * 1514, first: Int64(next() % firsts), index: $0) }
    }

    private func assertSortsLikeTheStandardLibrary(_ input: [FlowRank], depthLimit: Int? = nil, _ label: String) {
        var sorted = input
        FlowRank.sort(&sorted, depthLimit: depthLimit)
        let expected = input.sorted { $0.precedes($1) }
        XCTAssertEqual(sorted.map(\.index), expected.map(\.index), label)
    }

    func testSameOrderAsTheStandardSort() {
        for (count, seed) in [(0, 1), (1, 2), (2, 3), (16, 4), (17, 5), (1_000, 6), (40_000, 7)] as [(Int, UInt64)] {
            let input = ranks(count: count, seed: seed)
            assertSortsLikeTheStandardLibrary(input, "\(count) ranks")
            assertSortsLikeTheStandardLibrary(input.sorted { $0.precedes($1) }, "\(count) ranks in order")
            assertSortsLikeTheStandardLibrary(input.sorted { $1.precedes($0) }, "\(count) ranks reversed")
            assertSortsLikeTheStandardLibrary(ranks(count: count, seed: seed, bytes: 1, firsts: 1), "\(count) ranks, all tied")
        }
    }

    func testHeapsortFallbackGivesTheSameOrder() {
        for depth in [0, 1, 3] {
            assertSortsLikeTheStandardLibrary(ranks(count: 5_000, seed: 9), depthLimit: depth, "depth limit \(depth)")
        }
    }
}
