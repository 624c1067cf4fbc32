import CPrefetch

/// The recent arrivals of RFC 4737 reordering (`ReorderingMetrics`): every flow direction's ring
/// in one arena, named by a 32-bit handle. A ring starts at 4 arrivals and doubles up to
/// `ReorderingMetrics.maxTracked` (64) as its direction carries more data segments, so a short
/// flow keeps only what it used; blocks of each size come from chunks of their own and a freed
/// block (a ring that grew, a flow retired) serves the next ring of its size. Against an array
/// per direction this saves the array's header and the allocator's overhead on every flow, and
/// reaching a ring is arithmetic, not a reference count: the flow stage can prefetch it.
public final class ArrivalRings {
    /// One arrival: 12 bytes (the time in two halves), so a full ring of 64 takes 768.
    struct Arrival: Sendable {
        var seq: UInt32
        var timeLow: UInt32
        var timeHigh: Int32
        init(seq: UInt32, time: Int64) {
            self.seq = seq
            timeLow = UInt32(truncatingIfNeeded: time)
            timeHigh = Int32(truncatingIfNeeded: time >> 32)
        }
        var time: Int64 { Int64(timeHigh) << 32 | Int64(timeLow) }
    }

    /// Size classes: 4 << c arrivals for c in 0..<5 (4 ... 64).
    static let classes = 5
    static let smallest = 4
    /// A handle: the size class above `indexBits`, the block's index + 1 below (0: no ring).
    static let indexBits: UInt32 = 28
    static let indexMask: UInt32 = (1 << indexBits) - 1
    /// Blocks per chunk (a chunk of full rings takes 768 KiB).
    static let chunkShift = 10
    static let chunkBlocks = 1 << chunkShift

    /// Per size class: its chunks, how many blocks were handed out, and the freed ones.
    private var chunks: [[UnsafeMutablePointer<Arrival>]] = Array(repeating: [], count: classes)
    private var used = [Int](repeating: 0, count: classes)
    private var free: [[UInt32]] = Array(repeating: [], count: classes)

    public init() {}

    deinit {
        for c in chunks { for chunk in c { chunk.deallocate() } }
    }

    /// Arrivals a ring of `handle` holds (0 for no ring).
    @inline(__always)
    static func capacity(_ handle: UInt32) -> Int { handle == 0 ? 0 : smallest << Int(handle >> indexBits) }

    /// The ring's first arrival.
    @inline(__always)
    private func base(_ handle: UInt32) -> UnsafeMutablePointer<Arrival> {
        let c = Int(handle >> Self.indexBits), block = Int(handle & Self.indexMask) - 1
        // SAFETY: the handle came from `allocate`, so its chunk exists and the block lies inside it.
        return chunks[c][block >> Self.chunkShift] + (block & (Self.chunkBlocks - 1)) * (Self.smallest << c)
    }

    private func allocate(sizeClass c: Int) -> UInt32 {
        if let h = free[c].popLast() { return h }
        let block = used[c]
        precondition(block < Int(Self.indexMask), "arrival ring arena full")
        if block >> Self.chunkShift == chunks[c].count {
            chunks[c].append(.allocate(capacity: Self.chunkBlocks * (Self.smallest << c)))
        }
        used[c] += 1
        return UInt32(c) << Self.indexBits | UInt32(block + 1)
    }

    /// Returns a ring's block for reuse and clears the handle.
    func release(_ handle: inout UInt32) {
        guard handle != 0 else { return }
        free[Int(handle >> Self.indexBits)].append(handle)
        handle = 0
    }

    /// The arrival at `position` (< the ring's capacity, < the arrivals stored so far).
    @inline(__always)
    func arrival(_ handle: UInt32, at position: Int) -> Arrival {
        // SAFETY: position < capacity(handle), inside the block; stored before it is read.
        base(handle)[position]
    }

    /// Stores the arrival after `count` earlier ones: at `count` while the ring has not wrapped
    /// (growing it to the next size, copied over, when it is full), else over the oldest.
    @inline(__always)
    func append(_ handle: inout UInt32, count: Int, _ a: Arrival) {
        let max = ReorderingMetrics.maxTracked
        if count >= max {
            // SAFETY: a full-size ring holds `maxTracked` arrivals; the position is below that.
            base(handle)[count & (max - 1)] = a
            return
        }
        if count == Self.capacity(handle) { grow(&handle, count: count) }
        // SAFETY: count < capacity(handle) after growing.
        base(handle)[count] = a
    }

    private func grow(_ handle: inout UInt32, count: Int) {
        let next = handle == 0 ? 0 : Int(handle >> Self.indexBits) + 1
        let bigger = allocate(sizeClass: next)
        if handle != 0 {
            // SAFETY: the old ring holds `count` arrivals, the new one twice as many.
            base(bigger).initialize(from: base(handle), count: count)
            release(&handle)
        }
        handle = bigger
    }

    /// Starts fetching the place where the arrival after `count` earlier ones goes.
    @inline(__always)
    func prefetch(_ handle: UInt32, count: Int) {
        guard handle != 0 else { return }
        let position = count < Self.capacity(handle) ? count : count & (ReorderingMetrics.maxTracked - 1)
        // SAFETY: a prefetch is a hint that never faults; the address lies inside the ring's
        // block, or just past it when it is about to grow.
        teamscope_prefetch(UnsafeRawPointer(base(handle) + min(position, Self.capacity(handle) - 1)))
    }

    /// Bytes held by the arena's chunks (what the rings cost in all, free blocks included).
    public var allocatedBytes: Int { (0..<Self.classes).reduce(0) { $0 + allocatedBytes(sizeClass: $1) } }

    /// Bytes held by the chunks of one size class.
    func allocatedBytes(sizeClass c: Int) -> Int {
        chunks[c].count * Self.chunkBlocks * (Self.smallest << c) * MemoryLayout<Arrival>.stride
    }
}
