@testable import Reporting
import XCTest

/// The chart geometry, against values worked out by hand.
final class ChartScaleTests: XCTestCase {
    func testNiceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        XCTAssertEqual(ChartScale.niceStep(0.7), 1)
        XCTAssertEqual(ChartScale.niceStep(1), 1)
        XCTAssertEqual(ChartScale.niceStep(1.2), 2)
        XCTAssertEqual(ChartScale.niceStep(3), 5)
        XCTAssertEqual(ChartScale.niceStep(7), 10)
        XCTAssertEqual(ChartScale.niceStep(180e6), 200e6)
        XCTAssertEqual(ChartScale.niceStep(0.03), 0.05, accuracy: 1e-12)
    }

    func testRateScaleTopsAtTheFirstTickAboveThePeak() {
        // 941 Mb/s over five ticks: raw step 188.2 Mb/s → 200 Mb/s; top 1 Gb/s.
        let s = ChartScale(maximum: 941e6, low: 196, high: 12)
        XCTAssertEqual(s.step, 200e6)
        XCTAssertEqual(s.top, 1e9)
        XCTAssertEqual(s.ticks, [0, 200e6, 400e6, 600e6, 800e6, 1e9])
        // y of 0 is the bottom, of the top the top, of 500 Mb/s half way: 196 - 184/2 = 104.
        XCTAssertEqual(s.position(0), 196)
        XCTAssertEqual(s.position(1e9), 12)
        XCTAssertEqual(s.position(500e6), 104)
        // Out of the domain: clamped.
        XCTAssertEqual(s.position(2e9), 12)
        XCTAssertEqual(s.position(-5), 196)
    }

    func testAnEmptySeriesStillHasAnAxis() {
        let s = ChartScale(maximum: 0, low: 100, high: 0)
        XCTAssertEqual(s.top, 1)
        XCTAssertEqual(s.position(0), 100)
    }

    func testRateLabelsUseDecimalUnits() {
        XCTAssertEqual(ChartScale.rateLabel(0), "0")
        XCTAssertEqual(ChartScale.rateLabel(500), "500 b/s")
        XCTAssertEqual(ChartScale.rateLabel(250e3), "250 kb/s")
        XCTAssertEqual(ChartScale.rateLabel(200e6), "200 Mb/s")
        XCTAssertEqual(ChartScale.rateLabel(1e9), "1 Gb/s")
        XCTAssertEqual(ChartScale.rateLabel(1.5e9), "1.5 Gb/s")
        XCTAssertEqual(ChartScale.rateLabel(25e9), "25 Gb/s")
    }

    func testTimeAxisTicksAndLabels() {
        // 1.275 s over 860 px: step 1.275/6 = 0.2125 → 0.5 s; ticks 0, 0.5, 1.
        let a = TimeAxis(startNs: 1_000_000_000, endNs: 2_275_000_000, left: 78, right: 938)
        XCTAssertEqual(a.step, 0.5)
        XCTAssertEqual(a.ticks, [0, 0.5, 1])
        XCTAssertEqual(a.x(1_000_000_000), 78)
        XCTAssertEqual(a.x(2_275_000_000), 938)
        // 0.6375 s in: half way.
        XCTAssertEqual(a.x(1_637_500_000), 508, accuracy: 1e-9)
        XCTAssertEqual(ChartScale.timeLabel(0.5, step: 0.5), "500 ms")
        XCTAssertEqual(ChartScale.timeLabel(1, step: 0.5), "1 s")
        XCTAssertEqual(ChartScale.timeLabel(1.5, step: 0.5), "1.5 s")
        XCTAssertEqual(ChartScale.timeLabel(20, step: 10), "20 s")
        XCTAssertEqual(ChartScale.timeLabel(120, step: 60), "2 min")
        // An instant: one millisecond wide.
        XCTAssertEqual(TimeAxis(startNs: 5, endNs: 5, left: 0, right: 100).spanNs, 1_000_000)
        // An hour: step 3600/6 = 600 s → 1000 s? No: 600 → 1000 is the next nice step.
        XCTAssertEqual(TimeAxis(startNs: 0, endNs: 3_600_000_000_000, left: 0, right: 100).step, 1000)
    }

    func testResamplingAveragesMergedBins() {
        XCTAssertEqual(ThroughputChart.resample([1, 2, 3, 4, 5], factor: 1), [1, 2, 3, 4, 5])
        // (1+2)/2, (3+4)/2, 5/2 (the partial group spread over a whole group's time).
        XCTAssertEqual(ThroughputChart.resample([1, 2, 3, 4, 5], factor: 2), [1.5, 3.5, 2.5])
        let chart = ThroughputChart(title: "t", binWidthNs: 100, series: [.init(member: "a", slot: 0, startNs: 0, bitsPerSecond: Array(repeating: 1, count: 1000))],
                                    marks: [], axis: TimeAxis(startNs: 0, endNs: 100_000, left: 0, right: 1))
        // 1000 bins over at most 480 steps: 3 bins a step.
        XCTAssertEqual(chart.factor, 3)
    }

    func testShareBarsSplitTheWidthByBytes() {
        let bar = ShareBars.Bar(label: "sent", parts: [("eth0", 0, 300), ("eth1", 1, 100), ("eth2", 2, 0)])
        let g = ShareBars.layout(bar)
        // 834 px (90…924): 3/4 and 1/4.
        XCTAssertEqual(g[0].x, 90)
        XCTAssertEqual(g[0].width, 625.5)
        XCTAssertEqual(g[1].x, 715.5)
        XCTAssertEqual(g[1].width, 208.5)
        XCTAssertEqual(g[2].width, 0)
    }

    func testTimelineSegmentsFollowTheMoves() {
        let moves = [MoveReportFixture.move(at: 40, "eth0", "eth1"), MoveReportFixture.move(at: 70, "eth1", "eth0")]
        let s = FlowTimeline.segments(fromNs: 10, toNs: 100, moves: moves, slot: { $0 == "eth0" ? 0 : 1 })
        XCTAssertEqual(s, [.init(fromNs: 10, toNs: 40, slot: 0, member: "eth0"), .init(fromNs: 40, toNs: 70, slot: 1, member: "eth1"),
                           .init(fromNs: 70, toNs: 100, slot: 0, member: "eth0")])
        XCTAssertEqual(FlowTimeline.segments(fromNs: 0, toNs: 1, moves: [], slot: { _ in 0 }), [])
    }

    func testHeatIntensityIsRelativeToTheLargestCell() {
        XCTAssertEqual(MatrixHeatMap.intensity(50, largest: 200), 0.25)
        XCTAssertEqual(MatrixHeatMap.intensity(0, largest: 0), 0)
    }

    func testSparklinesShareAScaleAndNeverDrawTrafficAsNone() {
        // 1/8 · 7 = 0.875 → 1; 4/8 · 7 = 3.5 → 4 (▅); 8 → 7.
        XCTAssertEqual(Sparkline.render([0, 1, 4, 8], width: 10), "▁▂▅█")
        // Peak 100 for both: 8 of 100 is still a visible mark.
        XCTAssertEqual(Sparkline.render([8, 100], width: 10, peak: 100), "▂█")
        // Merged: 6 bins into 3 cells, each the mean of two.
        XCTAssertEqual(Sparkline.cellMeans([0, 2, 4, 4, 8, 8], width: 3), [1, 4, 8])
        XCTAssertEqual(Sparkline.render([], width: 5), "")
    }

    func testSVGNumbersAreShortAndStable() {
        XCTAssertEqual(SVGCanvas.n(12), "12")
        XCTAssertEqual(SVGCanvas.n(12.5), "12.5")
        XCTAssertEqual(SVGCanvas.n(1.0 / 3.0), "0.33")
        XCTAssertEqual(SVGCanvas.n(-0.001), "0")
    }
}
