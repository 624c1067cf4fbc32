import PacketWire

/// Reads and decodes one capture on a thread of its own, a few batches ahead of the consumer, so
/// that reading, decompressing and decoding overlap with the analysis on another core (one file
/// per member is the common case: each gets a thread).
///
/// The consumer sees the records in the file's own order, exactly as the wrapped reader gives
/// them: the same timestamps, lengths, flags and bytes, and the same error at the same place.
/// A record's bytes and its decoded form live in the batch that carries it and stay valid until
/// the consumer asks for a record of the next batch. At most `depth` batches exist per reader,
/// so memory is bounded whatever the capture's size.
public final class PrefetchingReader: PacketReader {
    public let path: String
    public let format: CaptureFormat
    public let compressed: Bool

    private let channel: BatchChannel
    private var thread: WorkerThread?
    private var batch: RecordBatch?
    private var index = 0
    private var finished = false
    private var snapshotInterfaces: [CaptureInterface]
    private var snapshotStatistics: [Int: InterfaceStatistics] = [:]
    private var snapshotBlockCounts: [String: Int] = [:]

    /// Records per batch and batches in flight: small enough that a dozen inputs stay within a
    /// few MB, large enough that a hand-over costs nothing per packet.
    public static let batchRecords = 4096
    public static let batchBytes = 1 << 20
    public static let depth = 4

    /// Starts reading and decoding `reader` on a new thread (each record's decoded form is
    /// `decodedPointer`); nil when no thread can be started (read it directly then).
    public init?(_ reader: any PacketReader) {
        path = reader.path
        format = reader.format
        compressed = reader.compressed
        snapshotInterfaces = reader.interfaces
        let channel = BatchChannel(reader: reader, depth: Self.depth)
        self.channel = channel
        guard let t = WorkerThread({ channel.produce() }) else { return nil }
        thread = t
    }

    deinit {
        channel.queue.cancel()
        thread?.join()
    }

    public var interfaces: [CaptureInterface] { snapshotInterfaces }
    public var statistics: [Int: InterfaceStatistics] { snapshotStatistics }
    public var blockCounts: [String: Int] { snapshotBlockCounts }

    public func next() throws(CaptureError) -> CaptureRecord? {
        if index + 1 < count {
            index += 1
            decodedPointer = decodedBase + index
            return records[index]
        }
        return try nextBatch()
    }

    /// The decoded form of the record `next()` returned last (decoded on the reader's thread);
    /// valid as long as that record's bytes are.
    public private(set) var decodedPointer = UnsafePointer<DecodedPacket>(bitPattern: 16)!
    // The current batch's storage, held as plain pointers: no reference counting per packet.
    private var records = UnsafePointer<CaptureRecord>(bitPattern: 16)!
    private var decodedBase = UnsafePointer<DecodedPacket>(bitPattern: 16)!
    private var count = 0

    private func nextBatch() throws(CaptureError) -> CaptureRecord? {
        while !finished {
            if let old = batch { channel.queue.recycle(old) }
            batch = nil
            count = 0
            let b = channel.queue.receive()
            batch = b
            index = 0
            // SAFETY: the batch's storage lives while `batch` holds it; only index < count is read.
            records = UnsafePointer(b.records)
            decodedBase = UnsafePointer(b.decoded)
            count = b.count
            decodedPointer = decodedBase
            snapshotInterfaces = b.interfaces
            if b.end {
                snapshotStatistics = b.statistics
                snapshotBlockCounts = b.blockCounts
                finished = true
            }
            if count > 0 { return records[0] }
        }
        // The last batch's error comes after its records (if it had any).
        if let b = batch, let e = b.error {
            b.error = nil
            throw e
        }
        return nil
    }
}

/// One hand-over from a reader thread: records whose bytes live in the batch's own arena, their
/// decoded forms, and what the reader knew when the batch closed. Fixed-capacity storage, so
/// the consumer can hold plain pointers into it.
final class RecordBatch {
    let records: UnsafeMutablePointer<CaptureRecord>
    let decoded: UnsafeMutablePointer<DecodedPacket>
    private(set) var count = 0
    private(set) var decodedCount = 0
    private(set) var arena: UnsafeMutableRawPointer
    private(set) var capacity: Int
    var used = 0
    var interfaces: [CaptureInterface] = []
    var statistics: [Int: InterfaceStatistics] = [:]
    var blockCounts: [String: Int] = [:]
    var end = false
    var error: CaptureError?

    init(bytes: Int) {
        capacity = bytes
        arena = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        records = .allocate(capacity: PrefetchingReader.batchRecords)
        decoded = .allocate(capacity: PrefetchingReader.batchRecords)
    }

    deinit {
        reset()
        records.deallocate()
        decoded.deallocate()
        arena.deallocate()
    }

    var isFull: Bool { count >= PrefetchingReader.batchRecords }

    func reset() {
        // SAFETY: records 0..<count and decoded forms 0..<decodedCount were initialised by append and decodeLast.
        records.deinitialize(count: count)
        decoded.deinitialize(count: decodedCount)
        count = 0
        decodedCount = 0
        used = 0
        end = false
        error = nil
    }

    /// Room for `n` more bytes; an empty batch grows to hold a record larger than its arena.
    func fits(_ n: Int) -> Bool {
        if used + n <= capacity { return true }
        guard count == 0 else { return false }
        arena.deallocate()
        capacity = n
        arena = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 16)
        return true
    }

    /// Copies `record`'s bytes into the arena and keeps the record pointing at the copy.
    @inline(__always)
    func append(_ record: CaptureRecord) {
        let n = record.bytes.count
        // SAFETY: fits(n + 15) held, so used + n + 15 <= capacity; count < batchRecords (isFull).
        let dst = arena + used
        if n > 0, let src = record.bytes.baseAddress { dst.copyMemory(from: src, byteCount: n) }
        used += (n + 15) & ~15
        var r = record
        r.bytes = UnsafeRawBufferPointer(start: dst, count: n)
        (records + count).initialize(to: r)
        count += 1
    }

    /// Decodes the record just appended in place.
    @inline(__always)
    func decodeLast(linkType: LinkType, wireLength: Int) {
        // SAFETY: decodeLast follows each append once: decodedCount < count <= batchRecords.
        let slot = decoded + decodedCount
        slot.initialize(to: DecodedPacket())
        PacketDecoder.decode(records[count - 1].bytes, linkType: linkType, wireLength: wireLength, into: &slot.pointee)
        decodedCount += 1
    }
}

/// The producer side of a `PrefetchingReader`: reads and decodes into batches of `queue`.
final class BatchChannel: @unchecked Sendable {
    // Touched only by the producer thread.
    private let reader: any PacketReader
    /// A record read when its batch had no room left: its bytes copied here, it opens the next.
    private var carry: (record: CaptureRecord, bytes: [UInt8])?
    let queue: BatchQueue<RecordBatch>

    init(reader: any PacketReader, depth: Int) {
        self.reader = reader
        queue = BatchQueue(depth: depth) { RecordBatch(bytes: PrefetchingReader.batchBytes) }
    }

    /// The producer's loop: fill batches until the file ends, fails, or the consumer goes.
    func produce() {
        while let b = queue.empty() {
            b.reset()
            fill(b)
            queue.send(b)
            if b.end { return }
        }
    }

    private func fill(_ b: RecordBatch) {
        var linkTypes = reader.interfaces.map(\.linkType)
        if let c = carry {
            carry = nil
            _ = b.fits(c.bytes.count + 15)
            // SAFETY: add() copies the carried bytes into the arena before returning.
            c.bytes.withUnsafeBytes { raw in
                var r = c.record
                r.bytes = raw
                add(r, to: b, linkTypes: &linkTypes)
            }
        }
        while !b.isFull {
            let record: CaptureRecord?
            do {
                record = try reader.next()
            } catch {
                b.error = error
                b.end = true
                break
            }
            guard let record else { b.end = true; break }
            guard b.fits(record.bytes.count + 15) else {
                // Its bytes are valid only until the next read: keep a copy for the next batch.
                carry = (record, Array(record.bytes))
                break
            }
            add(record, to: b, linkTypes: &linkTypes)
        }
        b.interfaces = reader.interfaces
        if b.end {
            b.statistics = reader.statistics
            b.blockCounts = reader.blockCounts
        }
    }

    @inline(__always)
    private func add(_ record: CaptureRecord, to b: RecordBatch, linkTypes: inout [LinkType]) {
        b.append(record)
        if record.interface >= linkTypes.count { linkTypes = reader.interfaces.map(\.linkType) }
        let link = record.interface < linkTypes.count ? linkTypes[record.interface] : LinkType(rawValue: 0xFFFF)
        b.decodeLast(linkType: link, wireLength: record.wireLength)
    }
}
