import Counters

/// A perfmon CSV log written as `typeperf -f CSV` writes it: the quoted PDH-CSV 4.0 header with
/// the zone and its bias, one quoted counter path per column, rows of a quoted local time and
/// quoted values with 15 decimals, `" "` for a value PDH could not give, CRLF line ends, in
/// the ANSI code page (Windows-1252) — here for a German Windows, whose counter names are
/// localised (`Netzwerkschnittstelle`, `Gesendete Bytes/s`, `RDMA-Aktivität`).
struct PerfmonLog {
    struct Column {
        var path: String
        /// Bytes per second at each sample (nil: written blank).
        var values: [Double?]
    }

    var zone = "W. Europe Standard Time"
    var bias = -60
    /// Sample times, local, as typeperf writes them.
    var times: [String]
    var columns: [Column]

    static func format(_ v: Double) -> String {
        let whole = Int(v)
        let fraction = Int(((v - Double(whole)) * 1e15).rounded())
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: 15 - digits.count) + digits
    }

    var text: String {
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
    var ansi: [UInt8] {
        text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }
}
