/// Streams the records of several inputs in timestamp order (a k-way merge over a binary heap;
/// ties go to the earlier input so the order is deterministic). Each input's own order is kept.
/// The heap holds each input's current timestamp beside its index: comparing reads no stream.
struct MemberMerge {
    private var streams: [InputStream]
    private var heap: [Entry] = []

    private struct Entry {
        var time: Int64
        var input: Int
    }

    init(_ streams: [InputStream]) {
        self.streams = streams
        for (i, s) in streams.enumerated() {
            s.advance()
            if s.current != nil { push(i) }
        }
    }

    /// Calls `body` for each record in merged order until it returns false or every input ends.
    /// The record's bytes are valid only during the call.
    mutating func forEach(_ body: (InputStream) -> Bool) {
        if streams.count == 1 {
            let s = streams[0]
            while s.current != nil {
                if !body(s) { return }
                s.advance()
            }
            return
        }
        // The heap in place and the streams unretained: no reference counting or copy-on-write
        // check per record.
        // SAFETY: unretained; `streams`, which this merge holds, keeps every stream alive.
        let refs = streams.map { Unmanaged.passUnretained($0) }
        var n = heap.count
        // SAFETY: `h` is used only inside the closure, indices below n <= heap.count.
        heap.withUnsafeMutableBufferPointer { h in
            while n > 0 {
                // SAFETY: n <= h.count, and h[0] is the heap's top while n > 0.
                let goOn = refs[h[0].input]._withUnsafeGuaranteedRef { s -> Bool in
                    if !body(s) { return false }
                    s.advance()
                    if let time = s.current?.timestamp {
                        h[0].time = time
                    } else {
                        n -= 1
                        h[0] = h[n]
                    }
                    return true
                }
                if !goOn { break }
                Self.siftDown(h, count: n)
            }
        }
        heap.removeLast(heap.count - n)
    }

    @inline(__always)
    private static func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.input < b.input)
    }

    private mutating func push(_ i: Int) {
        heap.append(Entry(time: streams[i].current!.timestamp, input: i))
        var c = heap.count - 1
        while c > 0 {
            let parent = (c - 1) / 2
            guard Self.less(heap[c], heap[parent]) else { break }
            heap.swapAt(c, parent)
            c = parent
        }
    }

    /// Restores the heap order of `h[0..<count]` after its top changed.
    @inline(__always)
    private static func siftDown(_ h: UnsafeMutableBufferPointer<Entry>, count n: Int) {
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            // SAFETY (below): l, r and m < n <= h.count.
            if l < n && less(h[l], h[m]) { m = l }
            if r < n && less(h[r], h[m]) { m = r }
            if m == i { return }
            h.swapAt(i, m)
            i = m
        }
    }
}
