/// Reads a perfmon CSV log as `typeperf -f CSV` and `relog -f csv` write it (the PDH CSV
/// format): the first row `"(PDH-CSV 4.0) (ZONE)(BIAS)"` then one counter path per column; every
/// later row a sample's local time then one value per column, `" "` (a blank) where a counter
/// had no value. Columns of the Network Interface / Network Adapter objects' `Bytes Sent/sec`
/// and `Bytes Received/sec` and RDMA Activity's `RDMA Outbound/Inbound Bytes/sec` become one
/// `MemberCounters` per machine and adapter; other columns are passed over.
public enum PerfmonCSV {
    /// Whether `text` starts like a PDH CSV log.
    public static func recognises(_ text: CounterText) -> Bool {
        let prefix = Array("\"(PDH-CSV".utf8)
        return text.bytes.count - text.start >= prefix.count && Array(text.bytes[text.start..<text.start + prefix.count]) == prefix
    }

    public static func read(_ text: CounterText, file: String) throws(CounterError) -> [MemberCounters] {
        let mapped = text
        var rows = CSVRows(bytes: text.bytes, file: file, start: text.start, fileOffset: { mapped.fileOffset($0) })
        guard let header = try rows.next() else {
            throw CounterError(file: file, offset: text.fileOffset(text.start), expected: "a PDH CSV header \"(PDH-CSV 4.0) (time zone)(bias)\"", found: "an empty file")
        }
        guard header[0].text.hasPrefix("(PDH-CSV"), let bias = PerfmonTime.bias(header: header[0].text) else {
            throw CounterError(file: file, offset: header[0].offset, expected: "a PDH CSV header \"(PDH-CSV 4.0) (time zone)(bias)\"",
                               found: "\"\(header[0].text.prefix(40))\"")
        }
        // Columns → (series index, quantity); the first column for a series and quantity wins.
        struct Key: Hashable { var machine: String; var instance: String }
        var keys: [Key] = []
        var names: [Key: String] = [:]
        var index: [Key: Int] = [:]
        var columns: [(series: Int, quantity: CounterQuantity)?] = Array(repeating: nil, count: header.count)
        var taken: Set<[Int]> = []
        var unknownByteRates: [String] = []
        for (c, field) in header.enumerated().dropFirst() {
            guard let path = CounterPath(field.text), let instance = path.instance else { continue }
            guard let object = PerfmonVocabulary.object(path.object) else {
                if PerfmonVocabulary.looksLikeByteRate(path.counter) { unknownByteRates.append(field.text) }
                continue
            }
            guard let quantity = PerfmonVocabulary.quantity(object: object, counter: path.counter) else {
                if PerfmonVocabulary.looksLikeByteRate(path.counter) { unknownByteRates.append(field.text) }
                continue
            }
            let instanceKey = CounterPath.instanceKey(instance)
            if instanceKey == "_Total" || instanceKey == "*" { continue }
            let key = Key(machine: path.machine, instance: instanceKey)
            let series: Int
            if let i = index[key] { series = i } else {
                series = keys.count
                index[key] = series
                keys.append(key)
            }
            // The adapter's name as the Network Interface object spells it, else as RDMA Activity does.
            if object == .network || names[key] == nil { names[key] = instance }
            guard taken.insert([series, quantity.rawValue]).inserted else { continue }
            columns[c] = (series, quantity)
        }
        guard !keys.isEmpty else {
            let hint = unknownByteRates.first.map { "a column TeamScope does not know: \($0) (a localised name? rename the columns to the English names, or record with typeperf on an English display language)" }
            throw CounterError(file: file, offset: header.count > 1 ? header[1].offset : header[0].offset,
                               expected: "a column such as \\\\HOST\\Network Interface(NAME)\\Bytes Sent/sec, \\\\HOST\\Network Interface(NAME)\\Bytes Received/sec or \\\\HOST\\RDMA Activity(NAME)\\RDMA Inbound Bytes/sec",
                               found: hint ?? "none of them")
        }
        var times: [Int64] = []
        var values: [[CounterQuantity: [Double?]]] = Array(repeating: [:], count: keys.count)
        for c in columns.indices { if let (s, q) = columns[c] { values[s][q] = [] } }
        var lastTime = Int64.min
        while let row = try rows.next() {
            guard row.count == header.count else {
                // A row cut short: point at its end (the next field expected), or at the field too many.
                let at = row.count < header.count ? rows.offset(rows.position) : row[header.count].offset
                throw CounterError(file: file, offset: at, expected: "\(header.count) fields in the row at byte \(row[0].offset) (a time and \(header.count - 1) values)",
                                   found: "\(row.count)")
            }
            guard let t = PerfmonTime.nanoseconds(row[0].text, biasMinutes: bias) else {
                throw CounterError(file: file, offset: row[0].offset, expected: "a sample time MM/DD/YYYY HH:MM:SS.mmm", found: "\"\(row[0].text.prefix(40))\"")
            }
            // Samples out of order (a log across a daylight-saving change, or logs joined) are left out.
            guard t > lastTime else { continue }
            lastTime = t
            times.append(t)
            for (c, field) in row.enumerated() {
                guard let (s, q) = columns[c] else { continue }
                let v: Double?
                let trimmed = field.text.filter { $0 != " " }
                if trimmed.isEmpty {
                    v = nil
                } else if let number = Self.number(trimmed) {
                    // typeperf writes -1 for a counter it could not read.
                    v = number >= 0 ? number : nil
                } else {
                    throw CounterError(file: file, offset: field.offset, expected: "a number or a blank (\" \") for a missing value", found: "\"\(field.text.prefix(40))\"")
                }
                values[s][q]!.append(v)
            }
        }
        let interval = MemberCounters.medianInterval(times)
        return keys.enumerated().map { i, key in
            MemberCounters(machine: key.machine, instance: names[key] ?? key.instance, format: .perfmon, file: file,
                           timesNs: times, intervalNs: interval, rates: values[i])
        }
    }

    /// A value as typeperf writes it: `1234.5678`, or with a decimal comma on some locales.
    static func number(_ text: String) -> Double? {
        if let d = Double(text), d.isFinite { return d }
        if !text.contains("."), text.filter({ $0 == "," }).count == 1, let d = Double(text.replacingComma()), d.isFinite { return d }
        return nil
    }
}

extension String {
    fileprivate func replacingComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}
