import Counters
import Foundation
import XCTest

/// PDH CSV time stamps and the header's bias (UTC = local time + bias minutes).
final class PerfmonTimeTests: XCTestCase {
    /// Seconds since the epoch of a UTC "yyyy-MM-dd HH:mm:ss", by Foundation (the oracle).
    static func epochSeconds(_ text: String) -> Int {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return Int(f.date(from: text)!.timeIntervalSince1970)
    }

    func testBiasFromTheHeader() {
        XCTAssertEqual(PerfmonTime.bias(header: "(PDH-CSV 4.0) (GMT Standard Time)(-60)"), -60)
        XCTAssertEqual(PerfmonTime.bias(header: "(PDH-CSV 4.0) (Pacific Standard Time)(480)"), 480)
        XCTAssertNil(PerfmonTime.bias(header: "(PDH-CSV 4.0)"))
        XCTAssertNil(PerfmonTime.bias(header: "Time"))
    }

    func testTimesAgreeWithFoundation() {
        for (local, bias, utc) in [("10/29/2017 01:59:44.562", -60, "2017-10-29 00:59:44"), ("02/29/2024 23:00:00.000", 0, "2024-02-29 23:00:00"),
                                   ("01/01/2000 00:00:00.999", 300, "2000-01-01 05:00:00")] {
            let ns = PerfmonTime.nanoseconds(local, biasMinutes: bias)
            let ms = Int64(local.suffix(3))!
            XCTAssertEqual(ns, Int64(Self.epochSeconds(utc)) * 1_000_000_000 + ms * 1_000_000, local)
        }
        XCTAssertNil(PerfmonTime.nanoseconds("13/01/2020 00:00:00.000", biasMinutes: 0))
        XCTAssertNil(PerfmonTime.nanoseconds("01/01/2020 0:00:00.000", biasMinutes: 0))
        XCTAssertNil(PerfmonTime.nanoseconds("01/01/2020 00:00:00.", biasMinutes: 0))
    }
}
