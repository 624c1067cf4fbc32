import Foundation

/// A perfmon CSV log written as `typeperf -f CSV` writes it: the quoted PDH-CSV 4.0 header with
/// the zone and its bias, one quoted counter path per column, rows of a quoted local time and
/// quoted values with 15 decimals, `" "` for a value PDH could not give, CRLF line ends, in
/// the ANSI code page (Windows-1252) — here for a German Windows, whose counter names are
/// localised (`Netzwerkschnittstelle`, `Gesendete Bytes/s`, `RDMA-Aktivität`).
public struct PerfmonLog {
    public struct Column {
        public var path: String
        /// Bytes per second at each sample (nil: written blank).
        public var values: [Double?]
        public init(path: String, values: [Double?]) {
            self.path = path
            self.values = values
        }
    }

    public var zone: String
    public var bias: Int
    /// Sample times, local, as typeperf writes them.
    public var times: [String]
    public var columns: [Column]

    public init(zone: String = "W. Europe Standard Time", bias: Int = -60, times: [String], columns: [Column]) {
        self.zone = zone
        self.bias = bias
        self.times = times
        self.columns = columns
    }

    public static func format(_ v: Double) -> String {
        let whole = Int(v)
        let fraction = Int(((v - Double(whole)) * 1e15).rounded())
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 15 - digits.count) + digits
    }

    public var text: String {
        var out = "\"(PDH-CSV 4.0) (\(zone))(\(bias))\""
        for c in columns { out += ",\"\(c.path)\"" }
        out += "\r\n"
        for (i, t) in times.enumerated() {
            out += "\"\(t)\""
            for c in columns { out += ",\"" + (c.values[i].map(Self.format) ?? " ") + "\"" }
            out += "\r\n"
        }
        return out
    }

    /// `text` in Windows-1252 (every character of these logs is in Latin-1).
    public var ansi: [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }
}

extension PerfmonLog {
    /// A sample time as typeperf writes it: the logging machine's local time (UTC minus the
    /// bias), `MM/DD/YYYY HH:MM:SS.mmm`.
    public static func localTime(ns: Int64, bias: Int) -> String {
        let local = ns - Int64(bias) * 60_000_000_000
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "MM/dd/yyyy HH:mm:ss.SSS"
        return f.string(from: Date(timeIntervalSince1970: Double(local) / 1e9))
    }
}
