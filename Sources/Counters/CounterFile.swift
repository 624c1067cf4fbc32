#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A counter file read whole (they are small: a day of one-second samples of two members is a
/// few MB) and handed to the reader its first bytes name: perfmon CSV or TeamScope's own log.
public enum CounterFile {
    /// Largest file read: far beyond any counter log, it keeps a wrong path from filling memory.
    public static let maximumSize = 1 << 30

    public static func read(path: String) throws(CounterError) -> [MemberCounters] {
        try parse(bytes: try load(path), file: path)
    }

    /// The members' series in `bytes`, the contents of `file`.
    public static func parse(bytes: [UInt8], file: String) throws(CounterError) -> [MemberCounters] {
        let text = CounterText(file: bytes)
        if PerfmonCSV.recognises(text) { return try PerfmonCSV.read(text, file: file) }
        if CounterLog.recognises(text) { return try CounterLog.read(text, file: file) }
        throw CounterError(file: file, offset: 0, expected: "a perfmon CSV log (\"(PDH-CSV 4.0) …\" from typeperf or relog -f csv) or a log of teamscope counters (\"# teamscope counters 1\")",
                           found: bytes.isEmpty ? "an empty file" : "\"\(String(decoding: bytes.prefix(24), as: UTF8.self))\"")
    }

    static func load(_ path: String) throws(CounterError) -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            // SAFETY: strerror returns a NUL-terminated message.
            throw CounterError(file: path, offset: 0, expected: "a readable file", found: String(cString: strerror(errno)))
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if out.count > maximumSize {
                throw CounterError(file: path, offset: maximumSize, expected: "a counter file of at most \(maximumSize >> 20) MB")
            }
            if n < chunk.count {
                if ferror(f) != 0 {
                    // SAFETY: strerror returns a NUL-terminated message.
                    throw CounterError(file: path, offset: out.count, expected: "more of the file", found: String(cString: strerror(errno)))
                }
                return out
            }
        }
    }
}
