import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions

/// Runs a `FlowStage` on a thread of its own, fed in batches by the counting pass, so that flow
/// tracking overlaps with reading, de-duplication and member counting on the other core. The
/// stage sees exactly the packets, in exactly the order, the counting thread would have given it
/// directly: the result is the same.
final class FlowPipeline {
    let stage: FlowStage
    private let queue: BatchQueue<FlowBatch>
    private var current: FlowBatch
    private var worker: WorkerThread?
    // The current batch's storage as plain pointers: no reference counting per packet.
    private var work: UnsafeMutablePointer<FlowWork>
    private var count = 0
    private var arena: UnsafeMutableRawPointer
    private var used = 0
    private var capacity: Int

    /// Packets per hand-over and batches in flight.
    static let batchPackets = 8192
    static let depth = 4
    /// Bytes kept of a packet for the stage: its headers (the sampled frame is at most this
    /// long); packets to or from SMB's ports keep everything captured, for reassembly.
    static let headerBytes = SampledFrame.maxLength

    /// Batches handed over and not yet back, oldest first, and the inputs whose pages must stay
    /// mapped for them (their bytes were not copied).
    private var inFlight: [FlowBatch] = []
    private let inputs: [(any PacketReader)?]

    /// Nil when no thread can be started: run the stage directly then. `inputs`: the readers
    /// of the pass by input index, told which pages the stage still reads.
    init?(stage: FlowStage, inputs: [(any PacketReader)?]) {
        self.inputs = inputs
        self.stage = stage
        let queue = BatchQueue<FlowBatch>(depth: Self.depth) { FlowBatch() }
        self.queue = queue
        let first = queue.empty()!
        first.prepare(inputs: inputs.count)
        current = first
        work = first.work
        arena = first.arena
        capacity = first.capacity
        guard let w = WorkerThread({
            while true {
                let b = queue.receive()
                b.run(on: stage)
                let end = b.end
                queue.recycle(b)
                if end { return }
            }
        }) else { return nil }
        worker = w
    }

    /// One packet for the stage. `stable`: its bytes stay valid until the pass ends (a mapped
    /// file), so they are not copied.
    @inline(__always)
    func submit(_ d: DecodedPacket, bytes: UnsafeRawBufferPointer, stable: Bool, recordOffset: Int, linkType: LinkType, time: Int64, wireLength: Int,
                host: Int32, member: Int32, sent: Bool, input: Int32, frame: Int64) {
        if stable {
            if count >= Self.batchPackets { handOver(room: 0) }
            current.hold(input: Int(input), offset: recordOffset)
            // SAFETY: count < batchPackets (handed over when full); stable bytes outlive the pass.
            (work + count).initialize(to: FlowWork(time: time, wireLength: wireLength, host: host, member: member, sent: sent,
                                                   linkType: linkType, input: input, frame: frame, bytes: bytes.baseAddress,
                                                   offset: 0, count: bytes.count))
            count += 1
            return
        }
        let smb = d.isTCP && (SMBTracker.isSMBPort(d.destinationPort) || SMBTracker.isSMBPort(d.sourcePort))
        // Every header the decoder read, so the stage's own decode of the copy finds the same.
        let keep = smb ? bytes.count : min(bytes.count, max(Self.headerBytes, d.payloadOffset, d.transportOffset + 60))
        if count >= Self.batchPackets || used + keep > capacity { handOver(room: keep) }
        // SAFETY: handOver(room: keep) leaves used + keep <= capacity; keep <= bytes.count.
        if keep > 0, let src = bytes.baseAddress { (arena + used).copyMemory(from: src, byteCount: keep) }
        (work + count).initialize(to: FlowWork(time: time, wireLength: wireLength, host: host, member: member, sent: sent,
                                               linkType: linkType, input: input, frame: frame, bytes: nil, offset: used, count: keep))
        count += 1
        used += (keep + 15) & ~15
    }

    /// Sends the current batch and starts the next, with room for `room` bytes.
    private func handOver(room: Int) {
        current.count = count
        queue.send(current)
        inFlight.append(current)
        let b = queue.empty()!
        // Batches come back in the order they went: every one up to `b` is done.
        if let done = inFlight.firstIndex(where: { $0 === b }) { inFlight.removeFirst(done + 1) }
        b.reset()
        b.prepare(inputs: inputs.count)
        b.reserve(bytes: room)
        for (i, reader) in inputs.enumerated() where reader?.bytesOutliveRecord == true {
            reader?.keepPages(from: inFlight.lazy.map { $0.firstOffsets[i] }.min().flatMap { $0 == Int.max ? nil : $0 })
        }
        current = b
        work = b.work
        arena = b.arena
        capacity = b.capacity
        count = 0
        used = 0
    }

    /// Hands over what is waiting and returns once the stage has seen every packet submitted so
    /// far; the stage is idle until the next `submit`, so its tables may be read.
    func catchUp() {
        if count > 0 { handOver(room: 0) }
        queue.waitUntilDrained()
    }

    /// Hands over what is left and waits for the stage to finish every packet.
    func finish() {
        current.count = count
        current.end = true
        queue.send(current)
        count = 0
        worker?.join()
        worker = nil
        stage.finish()
    }
}

/// One packet for the flow stage: its headers travel as bytes and are decoded again on the
/// stage's thread, which costs less than carrying the decoded form across cores.
struct FlowWork {
    var time: Int64
    var wireLength: Int
    var host: Int32
    var member: Int32
    var sent: Bool
    var linkType: LinkType
    var input: Int32
    var frame: Int64
    /// Its bytes where the capture holds them, or nil: at `offset` in the batch's arena.
    var bytes: UnsafeRawPointer?
    var offset: Int
    var count: Int
}

/// Packets handed to the flow stage at once, their bytes in an arena of the batch's own.
final class FlowBatch {
    let work: UnsafeMutablePointer<FlowWork>
    var count = 0
    private(set) var arena: UnsafeMutableRawPointer
    private(set) var capacity: Int
    var end = false
    /// Per input, the offset of its first packet in this batch whose bytes were not copied.
    private(set) var firstOffsets: [Int] = []

    static let arenaBytes = FlowPipeline.batchPackets * FlowPipeline.headerBytes
    /// How many packets ahead of the stage `run` decodes (and prefetches), and the ring of
    /// decoded packets and probes that holds them (a power of two above `ahead`).
    static let ahead = 16
    static let ringMask = 31
    private let decoded: UnsafeMutablePointer<DecodedPacket>
    private let probes: UnsafeMutablePointer<FlowProbe>

    init() {
        capacity = Self.arenaBytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        work = .allocate(capacity: FlowPipeline.batchPackets)
        decoded = .allocate(capacity: Self.ringMask + 1)
        // SAFETY: ringMask + 1 slots were just allocated; plain values, overwritten in place.
        decoded.initialize(repeating: DecodedPacket(), count: Self.ringMask + 1)
        probes = .allocate(capacity: Self.ringMask + 1)
        // SAFETY: as above.
        probes.initialize(repeating: FlowProbe(DecodedPacket()), count: Self.ringMask + 1)
    }

    deinit {
        reset()
        work.deallocate()
        arena.deallocate()
        decoded.deallocate()
        probes.deallocate()
    }

    func prepare(inputs: Int) {
        if firstOffsets.count != inputs { firstOffsets = Array(repeating: .max, count: inputs) }
        else { for i in firstOffsets.indices { firstOffsets[i] = .max } }
    }

    @inline(__always)
    func hold(input: Int, offset: Int) {
        if firstOffsets[input] == .max { firstOffsets[input] = offset }
    }

    func reset() {
        // SAFETY: work[0..<count] was initialised by submit.
        work.deinitialize(count: count)
        count = 0
        end = false
    }

    /// An arena of at least `bytes` (one large SMB packet may need more than the usual).
    func reserve(bytes: Int) {
        guard bytes > capacity else { return }
        arena.deallocate()
        capacity = bytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
    }

    /// From how many tracked flows on the look-ahead pays: below it the records (about 400 bytes
    /// each) fit a core's L2 cache and prefetching them is pure overhead. Measured over 2M
    /// packets: 256 flows 0.72 s with it, 0.58 s without; 10,000 flows 1.10 s with, 1.25 s without.
    static let prefetchFromFlows = 1 << 10

    /// A packet's bytes: in the input's mapped pages, or copied into this arena.
    @inline(__always)
    private func bytes(of w: UnsafeMutablePointer<FlowWork>) -> UnsafeRawBufferPointer {
        // SAFETY: `w` is one of `work[0..<count]`, initialised by the pipeline, its `offset`/`count`
        // inside this arena (or its bytes in pages the input keeps mapped).
        UnsafeRawBufferPointer(start: w.pointee.bytes ?? UnsafeRawPointer(arena + w.pointee.offset), count: w.pointee.count)
    }

    func run(on stage: FlowStage) {
        let n = count
        if stage.table.count < Self.prefetchFromFlows {
            for i in 0..<n {
                // SAFETY: i < count: `work[i]` was initialised by the pipeline, its `offset`/`count`
                // inside this arena.
                let w = work + i
                let bytes = bytes(of: w)
                var d = DecodedPacket()
                PacketDecoder.decode(bytes, linkType: w.pointee.linkType, wireLength: w.pointee.wireLength, into: &d)
                stage.observe(d, probe: FlowProbe(d), bytes: bytes, linkType: w.pointee.linkType, time: w.pointee.time,
                              wireLength: w.pointee.wireLength, host: w.pointee.host, member: w.pointee.member,
                              sent: w.pointee.sent, input: w.pointee.input, frame: w.pointee.frame)
            }
            return
        }
        // Each packet is decoded `Self.ahead` packets before the stage observes it, its flow
        // probe worked out and its index slot prefetched; half-way there its record is prefetched
        // (the slot has arrived by then), a quarter of the way its ring of recent arrivals (the
        // record has): with many flows, the table's cache misses overlap instead of adding up.
        // What the stage sees, and in what order, is unchanged.
        func prepare(_ j: Int) {
            // SAFETY: j < count: `work[j]` was initialised by the pipeline, its `offset`/`count`
            // inside this arena; the ring slot j & ringMask was initialised in init.
            let w = work + j
            let bytes = bytes(of: w)
            let d = decoded + (j & Self.ringMask)
            d.pointee = DecodedPacket()
            PacketDecoder.decode(bytes, linkType: w.pointee.linkType, wireLength: w.pointee.wireLength, into: &d.pointee)
            (probes + (j & Self.ringMask)).pointee = FlowProbe(d.pointee)
            if d.pointee.hasTransport { stage.table.prefetchSlot(probes[j & Self.ringMask]) }
        }
        for j in 0..<min(n, Self.ahead) { prepare(j) }
        for i in 0..<n {
            if i + Self.ahead < n { prepare(i + Self.ahead) }
            let half = i + Self.ahead / 2
            // SAFETY: half < n was prepared (ring slots hold i ..< i + ahead + 1, ahead < ring).
            if half < n && decoded[half & Self.ringMask].hasTransport { stage.table.prefetchRecord(probes[half & Self.ringMask]) }
            // Close to its turn, the ring of recent arrivals the record points to.
            let near = i + Self.ahead / 4
            // SAFETY: as above, near < n was prepared.
            if near < n && decoded[near & Self.ringMask].payloadLength > 0 && decoded[near & Self.ringMask].isTCP {
                stage.table.prefetchHistory(probes[near & Self.ringMask])
            }
            // SAFETY: as in prepare; packet i was prepared and its ring slot not yet reused.
            let w = work + i
            let bytes = bytes(of: w)
            let r = i & Self.ringMask
            stage.observe(decoded[r], probe: probes[r], bytes: bytes, linkType: w.pointee.linkType, time: w.pointee.time,
                          wireLength: w.pointee.wireLength, host: w.pointee.host, member: w.pointee.member,
                          sent: w.pointee.sent, input: w.pointee.input, frame: w.pointee.frame)
        }
    }
}
