import CSV
import Foundation
import TeamAnalysis

/// `--format csv`: the report as RFC 4180 tables, one per file, each with a header row:
/// `members.csv` (one row per member), `flows.csv` (one row per flow direction at a host),
/// `throughput.csv` (one row per member and bin). Written by CSV.swift's `CSVWriter`; text
/// from a capture has its control characters made visible, and a cell that a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR: OWASP "CSV injection") is
/// prefixed with `'`. Numbers are plain (no thousands separators, bytes not scaled).
public enum CSVReport {
    public enum Table: String, CaseIterable, Sendable {
        case members, flows, throughput
        public var fileName: String { rawValue + ".csv" }
    }

    /// A text cell as a spreadsheet shows it: inert.
    static func text(_ s: String) -> String {
        let v = TextFormat.visible(s)
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { return "'" + v }
        return v
    }

    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6g", x)
    }

    public static func render(_ report: AnalysisReport, table: Table) throws -> String {
        let r = Phrasebook.worded(report)
        let stream = OutputStream(toMemory: ())
        let csv = try CSVWriter(stream: stream, newline: .crlf)
        switch table {
        case .members:
            try csv.write(row: ["host", "member", "sent_packets", "sent_bytes", "sent_share", "sent_avg_bps", "sent_peak_bps",
                                "received_packets", "received_bytes", "received_share", "received_avg_bps", "received_peak_bps",
                                "unknown_packets", "unknown_bytes", "direction_source", "drops", "link_speed_bps"])
            for m in r.members {
                try csv.write(row: [text(m.host), text(m.name), String(m.sent.packets), String(m.sent.bytes), number(m.sent.share),
                                    number(m.sent.averageBitsPerSecond), number(m.sent.peakBitsPerSecond),
                                    String(m.received.packets), String(m.received.bytes), number(m.received.share),
                                    number(m.received.averageBitsPerSecond), number(m.received.peakBitsPerSecond),
                                    String(m.unknownDirection.packets), String(m.unknownDirection.bytes), text(m.directionSource.name),
                                    m.drops.map { String($0) } ?? "", number(m.linkSpeed)])
            }
        case .flows:
            try csv.write(row: ["protocol", "src", "src_port", "dst", "dst_port", "first_ns", "last_ns", "host", "direction", "sent_by_host",
                                "packets", "bytes", "pinned", "member", "member_shares", "moves", "retransmissions", "out_of_order",
                                "reordered_ratio", "migration"])
            for f in r.flows {
                for d in f.directions {
                    let shares = d.memberShares.sorted { $0.key < $1.key }.map { "\($0.key)=\(number($0.value))" }.joined(separator: ";")
                    try csv.write(row: [f.protocol.description, text(f.src), String(f.srcPort), text(f.dst), String(f.dstPort), String(f.firstNs), String(f.lastNs),
                                        text(d.host), d.direction.rawValue, d.sentByHost.map { $0 ? "true" : "false" } ?? "", String(d.packets), String(d.bytes),
                                        d.pinned ? "true" : "false", text(d.member ?? ""), text(shares), String(d.moves.count), String(d.retransmissions),
                                        String(d.outOfOrder), number(d.reordering.ratio), text(f.migrationReason ?? "")])
                }
            }
        case .throughput:
            try csv.write(row: ["host", "member", "bin_start_ns", "bin_width_ns", "sent_bps", "received_bps", "unknown_bps"])
            for m in r.members {
                let t = m.throughput
                for i in 0..<max(t.sentBitsPerSecond.count, t.receivedBitsPerSecond.count, t.unknownBitsPerSecond.count) {
                    func at(_ a: [UInt64]) -> String { i < a.count ? String(a[i]) : "0" }
                    try csv.write(row: [text(m.host), text(m.name), String(t.startNs + Int64(i) * t.binWidthNs), String(t.binWidthNs),
                                        at(t.sentBitsPerSecond), at(t.receivedBitsPerSecond), at(t.unknownBitsPerSecond)])
                }
            }
        }
        csv.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        // RFC 4180: CRLF between records; the file ends with one too.
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }
}
