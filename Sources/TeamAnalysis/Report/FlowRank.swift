/// A flow's place in the report's flow order, with its sort keys read out of the flow table once:
/// largest (as one host saw it) first, ties by first packet time, then by table position.
struct FlowRank {
    var bytes: Int
    var first: Int64
    var index: Int

    @inline(__always)
    func precedes(_ other: FlowRank) -> Bool {
        if bytes != other.bytes { return bytes > other.bytes }
        if first != other.first { return first < other.first }
        return index < other.index
    }

    /// Puts `ranks` in the report's order in place. No two ranks are equal (the table position
    /// breaks every tie), so any correct sort gives the one order `sort(by: precedes)` gives;
    /// this one (introsort: quicksort, insertion sort on short runs, heapsort past twice the
    /// expected depth) needs no buffer, where the standard library's stable sort takes one of
    /// half the array (12 MB more at the peak for a million flows).
    /// `depthLimit`: quicksort levels before heapsort takes over (tests; twice log2(count) else).
    static func sort(_ ranks: inout [FlowRank], depthLimit: Int? = nil) {
        guard ranks.count > 1 else { return }
        var depth = 0
        var n = ranks.count
        while n > 1 { depth += 2; n >>= 1 }
        if let depthLimit { depth = depthLimit }
        // SAFETY: the buffer is used inside the closure only; every index below stays in 0..<count.
        ranks.withUnsafeMutableBufferPointer { b in introsort(b, 0, b.count, depth: depth) }
    }

    private static func introsort(_ b: UnsafeMutableBufferPointer<FlowRank>, _ low: Int, _ high: Int, depth: Int) {
        var low = low, depth = depth
        while high - low > 16 {
            if depth == 0 {
                heapsort(b, low, high)
                return
            }
            depth -= 1
            let p = partition(b, low, high)
            // The shorter side recursively, the longer one in the loop: the stack stays logarithmic.
            if p - low < high - p - 1 {
                introsort(b, low, p, depth: depth)
                low = p + 1
            } else {
                introsort(b, p + 1, high, depth: depth)
                return introsort(b, low, p, depth: depth)
            }
        }
        insertionSort(b, low, high)
    }

    /// Partitions b[low..<high] around the median of its first, middle and last ranks; returns
    /// the pivot's final place (everything before it precedes it, everything after follows).
    private static func partition(_ b: UnsafeMutableBufferPointer<FlowRank>, _ low: Int, _ high: Int) -> Int {
        let mid = low + (high - low) / 2, last = high - 1
        if b[mid].precedes(b[low]) { b.swapAt(mid, low) }
        if b[last].precedes(b[low]) { b.swapAt(last, low) }
        if b[last].precedes(b[mid]) { b.swapAt(last, mid) }
        // The median goes last, the pivot of a Lomuto partition.
        b.swapAt(mid, last)
        let pivot = b[last]
        var i = low
        for j in low..<last where b[j].precedes(pivot) {
            b.swapAt(i, j)
            i += 1
        }
        b.swapAt(i, last)
        return i
    }

    private static func insertionSort(_ b: UnsafeMutableBufferPointer<FlowRank>, _ low: Int, _ high: Int) {
        guard high - low > 1 else { return }
        for i in (low + 1)..<high {
            let x = b[i]
            var j = i
            while j > low && x.precedes(b[j - 1]) {
                b[j] = b[j - 1]
                j -= 1
            }
            b[j] = x
        }
    }

    private static func heapsort(_ b: UnsafeMutableBufferPointer<FlowRank>, _ low: Int, _ high: Int) {
        let n = high - low
        // A heap whose root is the rank that comes last in the order.
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while true {
                var child = 2 * root + 1
                guard child < end else { return }
                if child + 1 < end && b[low + child].precedes(b[low + child + 1]) { child += 1 }
                guard b[low + root].precedes(b[low + child]) else { return }
                b.swapAt(low + root, low + child)
                root = child
            }
        }
        for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            b.swapAt(low, low + end)
            siftDown(0, end)
        }
    }
}
