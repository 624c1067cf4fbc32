/// How far the counting pass has come, handed to `TeamAnalyzer.onProgress` every 65,536
/// packets (and once at the end): the packets so far, and where reading stands in the inputs'
/// bytes (uncompressed; a gzip file's size is its trailer's ISIZE, RFC 1952 §2.3.1).
public struct AnalysisProgress: Sendable, Equatable {
    public var packets: Int
    /// Bytes of the inputs read so far, and in all (nil when some input's size is unknown: a
    /// pipe, or a gzip file over 4 GiB whose ISIZE wrapped).
    public var bytesRead: Int
    public var bytesTotal: Int?
    public var finished: Bool

    public init(packets: Int, bytesRead: Int, bytesTotal: Int?, finished: Bool) {
        self.packets = packets
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
        self.finished = finished
    }

    /// 0…1 when the total is known.
    public var fraction: Double? {
        guard let t = bytesTotal, t > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(t))
    }
}
