import Foundation
import PacketWire
import TeamAnalysis

/// Number and time formatting shared by the terminal renderers.
enum TextFormat {
    /// 1234567 → "1,234,567".
    static func count(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Bytes with a binary unit: "1.5 MiB".
    static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }

    /// Bits per second with a decimal unit: "941.2 Mb/s".
    static func rate(_ bps: Double) -> String {
        let units = ["b/s", "kb/s", "Mb/s", "Gb/s", "Tb/s"]
        var v = bps
        var u = 0
        while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? String(format: "%.0f %@", v, units[u]) : String(format: "%.1f %@", v, units[u])
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        return String(format: "%.1f%%", share * 100)
    }

    /// Nanoseconds since the epoch as UTC "2026-11-21 18:00:00.123456".
    static func time(_ ns: Int64) -> String {
        var seconds = time_t(ns / 1_000_000_000)
        let micros = (ns % 1_000_000_000) / 1000
        var tm = tm()
        gmtime_r(&seconds, &tm)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%06d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, Int(micros))
    }

    /// "1 flow", "2 flows".
    static func plural(_ n: Int, _ noun: String) -> String {
        "\(count(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// `x` with `digits` decimals.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", x)
    }

    /// Text from a capture or a claims file made safe for a terminal or an XML file: control
    /// characters (terminal escapes among them) are shown as `\u{1B}`, never passed through.
    static func visible(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A flow's ends as people write them: IPv6 addresses in brackets before a port, ICMP echo
    /// identifiers as ids (not ports).
    static func endpoints(_ f: FlowDocument) -> String {
        func end(_ a: String, _ port: Int) -> String { a.contains(":") ? "[\(a)]:\(port)" : "\(a):\(port)" }
        if f.protocol == .icmp || f.protocol == .icmpv6 {
            return "\(f.protocol) \(f.src) → \(f.dst)" + (f.srcPort != 0 ? " (echo id \(f.srcPort))" : "")
        }
        if f.protocol.hasPorts {
            return "\(f.protocol) \(end(f.src, f.srcPort)) → \(end(f.dst, f.dstPort))"
        }
        return "\(f.protocol) \(f.src) → \(f.dst)"
    }

    /// Who carried one direction of a flow at its host: its member when pinned, else each
    /// member's share in name order, "eth0 50.0% + eth1 50.0%".
    static func carriers(_ d: FlowDirectionReport, separator: String = " + ") -> String {
        d.pinned ? (d.member ?? "?") : d.memberShares.sorted { $0.key < $1.key }.map { "\($0.key) \(percent($0.value))" }.joined(separator: separator)
    }

    /// What the host did with a direction: "sent", "received", or "seen" when it cannot tell.
    static func verb(_ d: FlowDirectionReport) -> String {
        d.sentByHost == true ? "sent" : (d.sentByHost == false ? "received" : "seen")
    }

    /// A bin width in its own unit: "100 ms", "1 s", "250 µs".
    static func span(_ ns: Int64) -> String {
        if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000) s" }
        if ns % 1_000_000 == 0 { return "\(ns / 1_000_000) ms" }
        if ns % 1_000 == 0 { return "\(ns / 1_000) µs" }
        return "\(ns) ns"
    }

    /// A short interval: "0.5 ms", "12 ms".
    static func milliseconds(_ ns: Int64) -> String {
        let ms = Double(ns) / 1e6
        return ms >= 10 ? "\(Int(ms.rounded())) ms" : "\((ms * 10).rounded() / 10) ms"
    }

    static func duration(_ ns: Int64) -> String {
        String(format: "%.3f s", Double(ns) / 1e9)
    }

    /// Lays out rows as columns; the first row is the header. Numeric-looking cells align right.
    static func table(_ rows: [[String]], indent: String = "  ") -> String {
        guard let first = rows.first else { return "" }
        var widths = [Int](repeating: 0, count: first.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for (ri, r) in rows.enumerated() {
            var line = indent
            for (i, c) in r.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                let numeric = ri > 0 && i > 0 && (c.first.map { $0.isNumber || $0 == "–" } ?? false)
                line += (numeric ? pad + c : c + pad) + (i == r.count - 1 ? "" : "  ")
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
