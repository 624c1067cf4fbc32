@testable import TeamAnalysis
import XCTest

/// A throughput series holds the bins of its own span: a flow that begins an hour into a live
/// capture holds its seconds, not the hour before it (the soak's memory grew with the clock
/// while 512 migration streams each held every 100 ms bin since the capture began).
final class TimeBinsTests: XCTestCase {
    let second: Int64 = 1_000_000_000
    let width: Int64 = 100_000_000

    func testAFlowAnHourInHoldsOnlyItsOwnBins() {
        var bins = TimeBins(origin: 0, width: width)
        for t in stride(from: 3600 * second, to: 3601 * second, by: 10_000_000) { bins.add(t, bytes: 100) }
        XCTAssertEqual(bins.heldBins, 10)
        let series = bins.bitsPerSecond(count: 36_010, factor: 1)
        XCTAssertEqual(series.count, 36_010)
        XCTAssertEqual(series[35_999], 0)
        XCTAssertEqual(Array(series[36_000..<36_010]), Array(repeating: 10 * 100 * 8 * 10, count: 10))
        XCTAssertEqual(bins.peakBitsPerSecond, 80_000)
    }

    func testARecordBeforeTheRunGrowsItAtTheFront() {
        var bins = TimeBins(origin: 0, width: width)
        bins.add(50 * second, bytes: 1000)
        bins.add(50 * second + 1, bytes: 1000)
        bins.add(49 * second, bytes: 500)
        bins.add(50 * second + 2, bytes: 1000)
        XCTAssertEqual(bins.heldBins, 11)
        let series = bins.bitsPerSecond(count: 501, factor: 10)
        XCTAssertEqual(series[49], 500 * 8)
        XCTAssertEqual(series[50], 3000 * 8)
        XCTAssertEqual(series.reduce(0, +), 3500 * 8)
    }
}
