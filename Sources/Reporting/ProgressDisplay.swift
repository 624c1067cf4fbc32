import TeamAnalysis

/// What a progress line shows and when: nothing in the first `delay` (a short read shows no
/// line at all), then at most one line per `interval`; at the end, the erasing of the line when
/// one was drawn. Pure: the caller gives the time and writes what comes back.
public struct ProgressDisplay: Sendable {
    public var delayNs: UInt64
    public var intervalNs: UInt64
    private let startNs: UInt64
    private var lastNs: UInt64?

    public init(startNs: UInt64, delayNs: UInt64 = 1_000_000_000, intervalNs: UInt64 = 250_000_000) {
        self.startNs = startNs
        self.delayNs = delayNs
        self.intervalNs = intervalNs
    }

    /// What to write to the terminal now (a carriage return, erase-line and the sentence; or
    /// at the end the erase alone), or nil.
    public mutating func update(_ p: AnalysisProgress, nowNs: UInt64) -> String? {
        if p.finished { return lastNs == nil ? nil : "\r\u{1B}[K" }
        let elapsed = nowNs &- startNs
        guard elapsed >= delayNs else { return nil }
        if let last = lastNs, nowNs &- last < intervalNs { return nil }
        lastNs = nowNs
        return "\r\u{1B}[K" + Phrasebook.progress(p, elapsedNs: Int64(elapsed))
    }
}
