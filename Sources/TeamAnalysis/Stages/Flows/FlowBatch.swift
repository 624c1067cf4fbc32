import FlowTracking
import PacketWire

/// Packets handed to the flow stage's thread at once: each one's facts and how it was counted
/// (`FlowWork`), with its bytes where the capture holds them or copied into an arena of
/// the batch's own; and the members the counting pass met since the batch before.
final class FlowBatch {
    let work: UnsafeMutablePointer<FlowWork>
    var count = 0
    private(set) var arena: UnsafeMutableRawPointer
    private(set) var capacity: Int
    var end = false
    /// Per input, the offset of its first packet in this batch whose bytes were not copied.
    private(set) var firstOffsets: [Int] = []
    /// Members registered since the batch before, fresh (for `StageMembers`).
    var newMembers: [MemberState] = []

    /// Bytes copied of a packet at most, but for SMB's: the sampled frame's reach.
    static let headerBytes = SampledFrame.bytesRead(linkType: .linuxSLL2, networkOffset: 0)
    static let arenaBytes = FlowPipeline.batchPackets * ((headerBytes + 15) & ~15)

    /// How many packets ahead of the stage `run` prefetches, and the ring of their probes (a
    /// power of two above `ahead`).
    static let ahead = 16
    static let ringMask = 31
    private let probes: UnsafeMutablePointer<FlowProbe>

    init() {
        capacity = Self.arenaBytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        work = .allocate(capacity: FlowPipeline.batchPackets)
        probes = .allocate(capacity: Self.ringMask + 1)
        // SAFETY: ringMask + 1 slots were just allocated; plain values, overwritten in place.
        probes.initialize(repeating: FlowProbe(DecodedPacket()), count: Self.ringMask + 1)
    }

    deinit {
        reset()
        work.deallocate()
        arena.deallocate()
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
        newMembers.removeAll(keepingCapacity: true)
    }

    /// An arena of at least `bytes` (one large SMB packet may need more than the usual).
    func reserve(bytes: Int) {
        guard bytes > capacity else { return }
        arena.deallocate()
        capacity = bytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
    }

    /// From how many tracked flows on the look-ahead pays: below it the records (about 400 bytes
    /// each) fit a core's L2 cache and prefetching them is pure overhead.
    static let prefetchFromFlows = 1 << 10

    /// Packet `i`, whose probe is worked out already, counted at its member (when `members`
    /// counts them) and given to the stage.
    @inline(__always)
    private func observe(_ i: Int, probe: FlowProbe, on stage: FlowStage, members: StageMembers?) {
        // SAFETY: i < count: `work[i]` was initialised by the pipeline, its bytes and decoded form
        // in this arena or in pages the input keeps mapped.
        let w = UnsafePointer(work + i)
        let bytes = UnsafeRawBufferPointer(start: w.pointee.bytes, count: Int(w.pointee.count))
        members?.record(w, bytes: bytes)
        stage.observe(w.pointee.packet, probe: probe, decoded: w.pointee.decoded, bytes: bytes, linkType: w.pointee.linkType,
                      time: w.pointee.time, wireLength: w.pointee.wireLength, host: w.pointee.host, member: w.pointee.member,
                      sent: w.pointee.sent, input: w.pointee.input, frame: w.pointee.frame)
    }

    func run(on stage: FlowStage, members: StageMembers?) {
        if !newMembers.isEmpty { members?.append(newMembers) }
        let n = count
        if stage.table.count < Self.prefetchFromFlows {
            for i in 0..<n {
                // SAFETY: i < count: `work[i]` was initialised by the pipeline.
                observe(i, probe: FlowProbe(work[i].packet), on: stage, members: members)
            }
            return
        }
        // Each packet's probe is worked out `Self.ahead` packets before the stage
        // observes it and its index slot prefetched; half-way there its record is prefetched (the
        // slot has arrived by then), a quarter of the way its ring of recent arrivals (the record
        // has): with many flows, the table's cache misses overlap instead of adding up. What the
        // stage sees, and in what order, is unchanged.
        func prepare(_ j: Int) {
            // SAFETY: j < count: `work[j]` was initialised by the pipeline; the ring slot
            // j & ringMask was initialised in init.
            let probe = FlowProbe(work[j].packet)
            probes[j & Self.ringMask] = probe
            if work[j].packet.hasTransport { stage.table.prefetchSlot(probe) }
        }
        for j in 0..<min(n, Self.ahead) { prepare(j) }
        for i in 0..<n {
            if i + Self.ahead < n { prepare(i + Self.ahead) }
            // SAFETY (below): half, near < n were prepared (ring slots hold i ..< i + ahead + 1,
            // ahead < ring) and their work initialised by the pipeline.
            let half = i + Self.ahead / 2
            if half < n && work[half].packet.hasTransport { stage.table.prefetchRecord(probes[half & Self.ringMask]) }
            let near = i + Self.ahead / 4
            if near < n && work[near].packet.payloadLength > 0 && work[near].packet.isTCP {
                stage.table.prefetchHistory(probes[near & Self.ringMask])
            }
            observe(i, probe: probes[i & Self.ringMask], on: stage, members: members)
        }
    }
}
