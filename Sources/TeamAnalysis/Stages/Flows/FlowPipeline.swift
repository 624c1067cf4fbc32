import CaptureIO
import FlowTracking
import PacketWire
import SMBSessions

/// Runs a `FlowStage` on a thread of its own, fed in batches by the counting pass, so that flow
/// tracking overlaps with reading, decoding, de-duplication and direction on the other core; with
/// `members`, each packet's traffic is counted at its member on that thread too (`StageMembers`). The
/// stage sees exactly the packets, in exactly the order, the counting thread would have given it
/// directly: the result is the same. Packets cross as the counting pass decoded them
/// (`FlowWork`); the stage's thread decodes none.
final class FlowPipeline {
    let stage: FlowStage
    /// The members' traffic counters this thread keeps; nil when the counting pass keeps them.
    let members: StageMembers?
    /// Members handed over so far (the next registered one's slot).
    private(set) var membersHandedOver: Int
    private let queue: BatchQueue<FlowBatch>
    private var current: FlowBatch
    private var worker: WorkerThread?
    // The current batch's storage as plain pointers: no reference counting per packet.
    private var work: UnsafeMutablePointer<FlowWork>
    private var count = 0
    private var arena: UnsafeMutableRawPointer
    private var used = 0
    private var capacity: Int

    /// Packets per hand-over and batches in flight: 1 MB of `FlowWork` per batch.
    static let batchPackets = 4096
    static let depth = 4

    /// Batches handed over and not yet back, oldest first, and the inputs whose pages must stay
    /// mapped for them (their bytes were not copied).
    private var inFlight: [FlowBatch] = []
    private let inputs: [(any PacketReader)?]

    /// Nil when no thread can be started: run the stage directly then. `inputs`: the readers
    /// of the pass by input index, told which pages the stage still reads. `members`: fresh
    /// counters of the members registered so far, when this thread is to count packets at their
    /// members.
    init?(stage: FlowStage, inputs: [(any PacketReader)?], members: [MemberState]? = nil) {
        self.inputs = inputs
        self.stage = stage
        let tally = members.map(StageMembers.init)
        self.members = tally
        membersHandedOver = members?.count ?? 0
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
                b.run(on: stage, members: tally)
                let end = b.end
                queue.recycle(b)
                if end { return }
            }
        }) else { return nil }
        worker = w
    }

    /// One packet for the stage, `d` decoded from `bytes`. `stable`: its bytes stay valid until
    /// the pass ends (a mapped file), so they are not copied. `direction`: its direction at its
    /// member (with `members`).
    @inline(__always)
    func submit(_ d: DecodedPacket, bytes: UnsafeRawBufferPointer, stable: Bool, recordOffset: Int, linkType: LinkType, time: Int64, wireLength: Int,
                host: Int32, member: Int32, sent: UInt8, input: Int32, frame: Int64,
                direction: Direction = .unknown) {
        // The packets whose payload the stage parses carry their whole decoded form, in the arena.
        let whole = FlowStage.needsDecodedForm(d)
        let form = whole ? Self.decodedBytes : 0
        // Where the stage's thread finds the bytes, and how many.
        let start: UnsafeRawPointer?, kept: Int
        if stable {
            if count >= Self.batchPackets || used + form > capacity { handOver(room: form) }
            current.hold(input: Int(input), offset: recordOffset)
            // Stable bytes outlive the pass: read where they are.
            start = bytes.baseAddress
            kept = bytes.count
        } else {
            // What the stage's thread reads of the bytes: the sampled frame's headers; all of an
            // SMB packet (reassembly) and of an ARP message (the member's traffic counters); a
            // RoCEv2 datagram's transport headers.
            let all = whole && d.isTCP || members != nil && MemberState.trafficReadsPayload(d)
            let reach = whole ? max(FlowBatch.headerBytes, d.payloadOffset, d.transportOffset + 60)
                              : SampledFrame.bytesRead(linkType: linkType, networkOffset: d.networkOffset)
            let keep = all ? bytes.count : min(bytes.count, reach)
            let room = ((keep + 15) & ~15) + form
            if count >= Self.batchPackets || used + room > capacity { handOver(room: room) }
            // SAFETY: handOver(room:) leaves used + room <= capacity; keep <= bytes.count.
            if keep > 0, let src = bytes.baseAddress { (arena + used).copyMemory(from: src, byteCount: keep) }
            start = UnsafeRawPointer(arena + used)
            kept = keep
            used += (keep + 15) & ~15
        }
        // SAFETY: count < batchPackets (handed over when full); the bytes are stable or copied into
        // this batch's arena, which has room for the decoded form after them.
        (work + count).initialize(to: FlowWork(packet: FlowPacket(d), time: time, wireLength: wireLength, bytes: start,
                                               decoded: whole ? keepDecoded(d) : nil, frame: frame,
                                               destinationMAC: d.destinationMAC, count: Int32(truncatingIfNeeded: kept),
                                               host: host, member: member, input: input, linkType: linkType, network: d.network,
                                               sent: sent, direction: direction))
        count += 1
    }

    /// Arena bytes a decoded form takes (a multiple of the arena's 16-byte steps). Computed: a
    /// stored static is a lazy global, a `swift_once` call per packet.
    static var decodedBytes: Int { (MemoryLayout<DecodedPacket>.stride + 15) & ~15 }

    /// `d` copied into the current batch's arena, which has room for it (`decodedBytes`).
    @inline(never)
    private func keepDecoded(_ d: DecodedPacket) -> UnsafePointer<DecodedPacket> {
        // SAFETY: the caller made room for decodedBytes at `used` (handOver(room:) when short);
        // the arena is 16-byte aligned and `used` a multiple of 16, beyond DecodedPacket's
        // alignment; bound here for the batch's life (plain values: nothing to deinitialise).
        let p = (arena + used).bindMemory(to: DecodedPacket.self, capacity: 1)
        p.initialize(to: d)
        used += Self.decodedBytes
        return UnsafePointer(p)
    }

    /// Members the counting pass registered since the last call (`registered`: all of them, by
    /// slot), fresh: counted from the next packet on.
    func addMembers(_ registered: [MemberState]) {
        guard members != nil, registered.count > membersHandedOver else { return }
        current.newMembers += registered[membersHandedOver...]
        membersHandedOver = registered.count
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
