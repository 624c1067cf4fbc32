/// One host's count of the migration streams it carried, as the flow section adds them up:
/// pinned to a member (by member name) or split, and the first split streams in the report's
/// order (`TopRanks`), for its examples.
struct StreamTally {
    /// How one host carried one stream (`ReportBuilder.streamVerdict`): pinned to `member` or
    /// split, the member shares from the stream's report when it is listed, else the view
    /// (`viewHost`) whose member counts decided, in the direction the host sent most of.
    typealias Verdict = (pinned: Bool, member: String?, reportShares: [String: Double]?, viewHost: Int32, direction: FlowDirection)

    var pinned = 0
    var split = 0
    var byMember: [String: Int] = [:]
    var examples: TopRanks

    init(examples: TopRanks) { self.examples = examples }

    /// Counts a stream by its verdict (nil: the host did not carry it); a split stream's `rank`
    /// joins the examples kept. Returns whether the stream was split.
    @discardableResult
    mutating func add(_ verdict: Verdict?, rank: FlowRank?) -> Bool {
        guard let verdict else { return false }
        if verdict.pinned, let m = verdict.member {
            pinned += 1
            byMember[m, default: 0] += 1
            return false
        }
        split += 1
        if let rank { examples.insert(rank) }
        return true
    }

    /// Takes back what `add` counted for a stream of that verdict (its rank stays among the
    /// examples: the caller passes over it).
    mutating func remove(_ verdict: Verdict?) {
        guard let verdict else { return }
        if verdict.pinned, let m = verdict.member {
            pinned -= 1
            let left = (byMember[m] ?? 0) - 1
            byMember[m] = left > 0 ? left : nil
            return
        }
        split -= 1
    }
}
