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
        while let top = heap.first {
            let s = streams[top.input]
            if !body(s) { return }
            s.advance()
            if let time = s.current?.timestamp {
                heap[0].time = time
                siftDown(0)
            } else {
                let last = heap.removeLast()
                if !heap.isEmpty {
                    heap[0] = last
                    siftDown(0)
                }
            }
        }
    }

    @inline(__always)
    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.time < b.time || (a.time == b.time && a.input < b.input)
    }

    private mutating func push(_ i: Int) {
        heap.append(Entry(time: streams[i].current!.timestamp, input: i))
        var c = heap.count - 1
        while c > 0 {
            let parent = (c - 1) / 2
            guard less(heap[c], heap[parent]) else { break }
            heap.swapAt(c, parent)
            c = parent
        }
    }

    @inline(__always)
    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && less(heap[l], heap[m]) { m = l }
            if r < n && less(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
