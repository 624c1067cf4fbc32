/// Reads the log `teamscope counters` writes (`CounterLogRow`): `#` lines first (`# teamscope
/// counters 1`, `# host=NAME`, `# interval_ns=N`), the column row, then one row per member and
/// sample with cumulative counters. Rates are the differences between a member's consecutive
/// samples over the time between them; a counter that went down (a reset, a driver reload) or
/// is missing on either side leaves that interval missing.
public enum CounterLog {
    static let magic = "# teamscope counters "
    /// 2100-01-01 in ns: later times are no sample's (and their differences would not fit).
    static let latest: Int64 = 4_102_444_800_000_000_000

    /// Whether `text` starts like a TeamScope counter log.
    public static func recognises(_ text: CounterText) -> Bool {
        let prefix = Array(magic.utf8)
        return text.bytes.count - text.start >= prefix.count && Array(text.bytes[text.start..<text.start + prefix.count]) == prefix
    }

    public static func read(_ text: CounterText, file: String) throws(CounterError) -> [MemberCounters] {
        var position = text.start
        var host = "host"
        var version: Int?
        // The comment lines.
        while position < text.bytes.count, text.bytes[position] == UInt8(ascii: "#") {
            let start = position
            while position < text.bytes.count, text.bytes[position] != 0x0A { position += 1 }
            let line = String(decoding: text.bytes[start..<position], as: UTF8.self).filter { $0 != "\r" }
            if position < text.bytes.count { position += 1 }
            if line.hasPrefix(magic) {
                guard let v = Int(line.dropFirst(magic.count)) else {
                    throw CounterError(file: file, offset: text.fileOffset(start + magic.count), expected: "the log's version number", found: "\"\(line.dropFirst(magic.count).prefix(20))\"")
                }
                guard v == 1 else {
                    throw CounterError(file: file, offset: text.fileOffset(start + magic.count), expected: "version 1 of the counter log (a later TeamScope wrote this one)", found: "version \(v)")
                }
                version = v
            } else if line.hasPrefix("# host=") {
                host = String(line.dropFirst(7))
            }
        }
        guard version != nil else {
            throw CounterError(file: file, offset: text.fileOffset(text.start), expected: "\"# teamscope counters 1\" as the first line")
        }
        let mapped = text
        var rows = CSVRows(bytes: text.bytes, file: file, start: position, fileOffset: { mapped.fileOffset($0) })
        guard let header = try rows.next() else {
            throw CounterError(file: file, offset: text.fileOffset(position), expected: "the column row (\(CounterLogRow.columns.joined(separator: ",")))", found: "the end of the file")
        }
        var column: [String: Int] = [:]
        for (i, f) in header.enumerated() { column[f.text] = i }
        for required in ["time_ns", "member", "tx_bytes", "rx_bytes"] where column[required] == nil {
            throw CounterError(file: file, offset: header[0].offset, expected: "a column \(required) in the column row", found: header.map(\.text).joined(separator: ","))
        }
        struct Sample { var time: Int64; var values: [UInt64?] }
        let read: [(String, CounterQuantity?)] = [("tx_bytes", .sent), ("rx_bytes", .received), ("rdma_tx_bytes", .rdmaSent), ("rdma_rx_bytes", .rdmaReceived),
                                                  ("tx_dropped", nil), ("rx_dropped", nil)]
        // The NIC's own drops (its ring or FIFO full), from the `statistics` pairs when present.
        let missed = ["rx_missed_errors", "rx_fifo_errors"]
        var order: [String] = []
        var samples: [String: [Sample]] = [:]
        while let row = try rows.next() {
            guard row.count == header.count else {
                let at = row.count < header.count ? rows.offset(rows.position) : row[header.count].offset
                throw CounterError(file: file, offset: at, expected: "\(header.count) fields in the row at byte \(row[0].offset)", found: "\(row.count)")
            }
            let timeField = row[column["time_ns"]!]
            guard let t = Int64(timeField.text), (0..<latest).contains(t) else {
                throw CounterError(file: file, offset: timeField.offset, expected: "a time in ns since the epoch (before 2100)", found: "\"\(timeField.text.prefix(30))\"")
            }
            let member = row[column["member"]!].text
            guard !member.isEmpty else {
                throw CounterError(file: file, offset: row[column["member"]!].offset, expected: "a member name", found: "an empty field")
            }
            var values: [UInt64?] = []
            var pairs: [Substring: UInt64] = [:]
            if let c = column["statistics"] {
                for pair in row[c].text.split(separator: " ") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let v = UInt64(parts[1]) { pairs[parts[0]] = v }
                }
            }
            for (name, _) in read {
                guard let c = column[name] else { values.append(nil); continue }
                let f = row[c]
                if f.text.isEmpty { values.append(nil); continue }
                guard let v = UInt64(f.text) else {
                    throw CounterError(file: file, offset: f.offset, expected: "a counter value (an unsigned integer) or an empty field for \(name)", found: "\"\(f.text.prefix(30))\"")
                }
                values.append(v)
            }
            for name in missed { values.append(pairs[Substring(name)]) }
            if samples[member] == nil { order.append(member) }
            if let last = samples[member]?.last, t <= last.time {
                throw CounterError(file: file, offset: timeField.offset, expected: "a time after \(last.time) for \(member)", found: "\(t)")
            }
            samples[member, default: []].append(Sample(time: t, values: values))
        }
        return order.map { member in
            let s = samples[member]!
            // The first row is where counting starts: the series are the intervals after it.
            let times = Array(s.map(\.time).dropFirst())
            var rates: [CounterQuantity: [Double?]] = [:]
            for (k, (_, quantity)) in read.enumerated() {
                guard let quantity, s.contains(where: { $0.values[k] != nil }) else { continue }
                rates[quantity] = s.indices.dropFirst().map { i -> Double? in
                    guard let a = s[i - 1].values[k], let b = s[i].values[k], b >= a else { return nil }
                    return Double(b - a) * 1e9 / Double(s[i].time - s[i - 1].time)
                }
            }
            // Drops over the log: the growth of tx_dropped, rx_dropped, rx_missed_errors and
            // rx_fifo_errors from the first to the last sample having each.
            var dropped: UInt64?
            for k in 4..<(read.count + missed.count) {
                let present = s.compactMap { $0.values[k] }
                if let first = present.first, let last = present.last, last >= first { dropped = (dropped ?? 0) + (last - first) }
            }
            return MemberCounters(machine: host, instance: member, format: .teamscope, file: file, timesNs: times,
                                  intervalNs: MemberCounters.medianInterval(s.map(\.time)), rates: rates,
                                  firstIntervalStartNs: s.first?.time, droppedPackets: dropped)
        }
    }
}
