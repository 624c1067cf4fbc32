import CPrefetch

/// The recent arrivals of RFC 4737 reordering (`ReorderingMetrics`): every flow direction's ring
/// in one arena, named by a 32-bit handle. A ring starts at 4 arrivals and grows by half its
/// size or a third (4, 6, 8, 12 ... 48, 64) up to `ReorderingMetrics.maxTracked` (64) as its
/// direction carries more data segments, so a short flow keeps only what it used (a quarter of
/// a ring free on average where doubling left a third); blocks of each size come from chunks of their own and a freed
/// block (a ring that grew, a flow retired) serves the next ring of its size. Against an array
/// per direction this saves the array's header and the allocator's overhead on every flow, and
/// reaching a ring is arithmetic, not a reference count: the flow stage can prefetch it.
///
/// An arrival's time is 32 bits, an offset from the base of its flow's `FlowClock` as the
/// record's own times are: a time the offset cannot hold (`FlowClock.compact`) goes in full to
/// one of the arena's cells, which the arrival names, so every time reads back exactly. A cell
/// belongs to one ring slot: the arrival that overwrites the slot takes it over or frees it, and
/// a released ring frees its cells, so cells, like rings, grow with flows, never with packets.
public final class ArrivalRings {
    /// One arrival: 8 bytes (12 while the time was kept whole), so a full ring of 64 takes 512.
    struct Arrival: Sendable {
        var seq: UInt32
        /// Below `FlowTime.cellBit`: the time as the flow's clock keeps it; else the arena's
        /// cell that holds it (`cellBit` | the cell's index).
        var time: FlowTime
    }

    /// Size classes: 4 << (c / 2) arrivals for even c, 6 << (c / 2) for odd c, c in 0..<9
    /// (4, 6, 8, 12, 16, 24, 32, 48, 64).
    static let classes = 9
    /// A handle: the size class above `indexBits`, the block's index + 1 below (0: no ring).
    static let indexBits: UInt32 = 28
    static let indexMask: UInt32 = (1 << indexBits) - 1
    /// Blocks per chunk (a chunk of full rings takes 512 KiB).
    static let chunkShift = 10
    static let chunkBlocks = 1 << chunkShift

    /// Per size class: its chunks, how many blocks were handed out, and the freed ones.
    private var chunks: [[UnsafeMutablePointer<Arrival>]] = Array(repeating: [], count: classes)
    private var used = [Int](repeating: 0, count: classes)
    private var free: [[UInt32]] = Array(repeating: [], count: classes)
    /// The times the arrivals' 32 bits cannot hold, and the cells free for reuse.
    private var cells: [Int64] = []
    private var freeCells: [UInt32] = []

    public init() {}

    deinit {
        for c in chunks { for chunk in c { chunk.deallocate() } }
    }

    /// Frees every ring and cell at once: the end of the capture (`FlowTable.finish`), after
    /// which the report reads no arrival and no packet comes, so that the memory of the rings
    /// (a fifth of the flows' at a million flows) is not held while the report is built. The
    /// handles the flows keep name nothing after it.
    func removeAll() {
        for c in chunks { for chunk in c { chunk.deallocate() } }
        chunks = Array(repeating: [], count: Self.classes)
        used = [Int](repeating: 0, count: Self.classes)
        free = Array(repeating: [], count: Self.classes)
        cells = []
        freeCells = []
        // The pages just freed go back to the system (glibc keeps a thread arena's freed chunks
        // otherwise, and the report's allocations would come on top); not at deinit, where
        // nothing comes after.
        teamscope_release_free_memory()
    }

    /// Arrivals a ring of `handle` holds (0 for no ring).
    @inline(__always)
    static func capacity(_ handle: UInt32) -> Int { handle == 0 ? 0 : size(Int(handle >> indexBits)) }

    /// Arrivals a ring of size class `c` holds.
    @inline(__always)
    static func size(_ c: Int) -> Int { (4 + 2 * (c & 1)) << (c >> 1) }

    /// The ring's first arrival.
    @inline(__always)
    private func base(_ handle: UInt32) -> UnsafeMutablePointer<Arrival> {
        let c = Int(handle >> Self.indexBits), block = Int(handle & Self.indexMask) - 1
        // SAFETY: the handle came from `allocate`, so its chunk exists and the block lies inside it.
        return chunks[c][block >> Self.chunkShift] + (block & (Self.chunkBlocks - 1)) * Self.size(c)
    }

    private func allocate(sizeClass c: Int) -> UInt32 {
        if let h = free[c].popLast() { return h }
        let block = used[c]
        precondition(block < Int(Self.indexMask), "arrival ring arena full")
        if block >> Self.chunkShift == chunks[c].count {
            chunks[c].append(.allocate(capacity: Self.chunkBlocks * Self.size(c)))
        }
        used[c] += 1
        return UInt32(c) << Self.indexBits | UInt32(block + 1)
    }

    /// Returns the ring of a direction that stored `count` arrivals, and the cells its arrivals
    /// hold, for reuse; clears the handle.
    func release(_ handle: inout UInt32, count: Int) {
        guard handle != 0 else { return }
        let block = base(handle)
        for position in 0..<min(count, Self.capacity(handle)) {
            // SAFETY: position < the arrivals stored and < capacity(handle): written, inside the block.
            let raw = block[position].time.raw
            if raw >= FlowTime.cellBit { freeCells.append(raw & ~FlowTime.cellBit) }
        }
        recycle(&handle)
    }

    /// Returns a ring's block (not its cells) for reuse and clears the handle.
    private func recycle(_ handle: inout UInt32) {
        free[Int(handle >> Self.indexBits)].append(handle)
        handle = 0
    }

    /// The arrival at `position` (< the ring's capacity, < the arrivals stored so far).
    @inline(__always)
    func arrival(_ handle: UInt32, at position: Int) -> Arrival {
        // SAFETY: position < capacity(handle), inside the block; stored before it is read.
        base(handle)[position]
    }

    /// The time of `a`, an arrival stored with `clock` (its flow's).
    @inline(__always)
    func time(_ a: Arrival, clock: FlowClock) -> Int64 {
        guard a.time.raw >= FlowTime.cellBit else { return clock.time(a.time, FlowTimeCells()) }
        return cells[Int(a.time.raw & ~FlowTime.cellBit)]
    }

    /// Stores the arrival (`seq` at `time`, kept by `clock`) after `count` earlier ones: at
    /// `count` while the ring has not wrapped (growing it to the next size, copied over, when it
    /// is full), else over the oldest, whose cell it takes over or frees.
    @inline(__always)
    func append(_ handle: inout UInt32, count: Int, seq: UInt32, time: Int64, clock: FlowClock) {
        let max = ReorderingMetrics.maxTracked
        let raw = clock.raw(time)
        if count >= max {
            // SAFETY: a full-size ring holds `maxTracked` arrivals; the position is below that,
            // and was written `maxTracked` arrivals ago.
            let slot = base(handle) + (count & (max - 1))
            if let raw, slot.pointee.time.raw < FlowTime.cellBit {
                slot.pointee = Arrival(seq: seq, time: FlowTime(raw: raw))
            } else {
                overwrite(slot, seq: seq, time: time, raw: raw)
            }
            return
        }
        if count == Self.capacity(handle) { grow(&handle, count: count) }
        // SAFETY: count < capacity(handle) after growing; the slot holds no arrival of this ring yet.
        base(handle)[count] = Arrival(seq: seq, time: raw.map { FlowTime(raw: $0) } ?? inCell(time))
    }

    /// Overwrites an arrival when either it or the new one is in a cell: out of line, off the
    /// per-packet path of every flow whose times fit the clock.
    @inline(never)
    private func overwrite(_ slot: UnsafeMutablePointer<Arrival>, seq: UInt32, time: Int64, raw: UInt32?) {
        // SAFETY: the caller's slot, inside a ring's block, written `maxTracked` arrivals ago.
        let old = slot.pointee.time.raw
        let t: FlowTime
        if old >= FlowTime.cellBit {
            if let raw {
                freeCells.append(old & ~FlowTime.cellBit)
                t = FlowTime(raw: raw)
            } else {
                cells[Int(old & ~FlowTime.cellBit)] = time
                t = FlowTime(raw: old)
            }
        } else {
            t = inCell(time)
        }
        // SAFETY: the caller's slot, inside a ring's block.
        slot.pointee = Arrival(seq: seq, time: t)
    }

    /// A new cell holding `time`.
    @inline(never)
    private func inCell(_ time: Int64) -> FlowTime {
        if let c = freeCells.popLast() {
            cells[Int(c)] = time
            return FlowTime(raw: FlowTime.cellBit | c)
        }
        precondition(cells.count < Int(FlowTime.cellBit), "arrival cells full")
        cells.append(time)
        return FlowTime(raw: FlowTime.cellBit | UInt32(cells.count - 1))
    }

    /// Cells in use (the arrivals whose times the clock's 32 bits cannot hold).
    var cellsInUse: Int { cells.count - freeCells.count }

    private func grow(_ handle: inout UInt32, count: Int) {
        let next = handle == 0 ? 0 : Int(handle >> Self.indexBits) + 1
        let bigger = allocate(sizeClass: next)
        if handle != 0 {
            // SAFETY: the old ring holds `count` arrivals, the new one twice as many.
            // The cells go with the arrivals that name them.
            base(bigger).initialize(from: base(handle), count: count)
            recycle(&handle)
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

    /// Bytes held by the arena's chunks and cells (what the rings cost in all, free blocks and
    /// cells included).
    public var allocatedBytes: Int {
        (0..<Self.classes).reduce(0) { $0 + allocatedBytes(sizeClass: $1) } + cells.count * MemoryLayout<Int64>.stride
    }

    /// Bytes held by the chunks of one size class.
    func allocatedBytes(sizeClass c: Int) -> Int {
        chunks[c].count * Self.chunkBlocks * Self.size(c) * MemoryLayout<Arrival>.stride
    }
}
