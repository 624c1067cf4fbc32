/// The first `keep` of the ranks given, in the report's flow order (`FlowRank.precedes`),
/// without putting them all in order: a heap of those kept so far whose root is the last of
/// them, so that a rank that comes later is turned away with one comparison. The flow section
/// lists the largest flows and the first migration streams this way; sorting a million ranks
/// to list twenty was a quarter of the report's time.
struct TopRanks {
    let keep: Int
    private var heap: [FlowRank] = []

    init(keep: Int) { self.keep = max(0, keep) }

    mutating func insert(_ rank: FlowRank) {
        guard keep > 0 else { return }
        if heap.count < keep {
            heap.append(rank)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard heap[parent].precedes(heap[i]) else { break }
                heap.swapAt(parent, i)
                i = parent
            }
            return
        }
        guard rank.precedes(heap[0]) else { return }
        heap[0] = rank
        var i = 0
        while true {
            let left = 2 * i + 1, right = left + 1
            var last = i
            if left < heap.count && heap[last].precedes(heap[left]) { last = left }
            if right < heap.count && heap[last].precedes(heap[right]) { last = right }
            if last == i { break }
            heap.swapAt(i, last)
            i = last
        }
    }

    /// The ranks kept, in the report's order.
    func sorted() -> [FlowRank] {
        var ranks = heap
        FlowRank.sort(&ranks)
        return ranks
    }
}
