/// PDH CSV time stamps: `MM/DD/YYYY HH:MM:SS.mmm` in the logging machine's local time, and the
/// header's bias (`(PDH-CSV 4.0) (GMT Standard Time)(-60)`: minutes to add to local time for
/// UTC, as Windows' TIME_ZONE_INFORMATION.Bias counts them; written once, so a log across a
/// daylight-saving change is an hour off on one side of it).
public enum PerfmonTime {
    /// The bias in the header's first field, nil when it has none.
    public static func bias(header: String) -> Int? {
        guard header.hasPrefix("(PDH-"), let close = header.lastIndex(of: ")"),
              let open = header[..<close].lastIndex(of: "(") else { return nil }
        return Int(header[header.index(after: open)..<close]).flatMap { abs($0) <= 24 * 60 ? $0 : nil }
    }

    /// `text` as ns since the epoch (UTC), nil when it is not `MM/DD/YYYY HH:MM:SS[.fff]` of a
    /// year 1970…2200 (so that every difference of two sample times fits in 64 bits).
    public static func nanoseconds(_ text: String, biasMinutes: Int) -> Int64? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard date.count == 3, time.count == 3,
              let month = Int(date[0]), let day = Int(date[1]), let year = Int(date[2]),
              let hour = Int(time[0]), let minute = Int(time[1]),
              (1...12).contains(month), (1...31).contains(day), (1970...2200).contains(year),
              (0...23).contains(hour), (0...59).contains(minute), date[0].count == 2, date[1].count == 2, date[2].count == 4,
              time[0].count == 2, time[1].count == 2 else { return nil }
        let secondParts = time[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let second = Int(secondParts[0]), (0...60).contains(second), secondParts[0].count == 2 else { return nil }
        var fractionNs: Int64 = 0
        if secondParts.count == 2 {
            let digits = secondParts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isNumber), let f = Int64(digits) else { return nil }
            var scale: Int64 = 1
            for _ in digits.count..<9 { scale *= 10 }
            fractionNs = f * scale
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        // A bias beyond a day is no time zone's.
        guard abs(biasMinutes) <= 24 * 60 else { return nil }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) + Int64(biasMinutes) * 60
        return seconds * 1_000_000_000 + fractionNs
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
