import PacketWire

/// A capture that can be read only once (a pipe, a FIFO, standard input) read twice: the first
/// records are kept as they are read (at most `budget` bytes of them), and after `rewind()` they
/// come again, followed by the rest of the stream — so a bounded first look (the evidence pass)
/// and the full pass see the same packets without the stream being opened twice.
///
/// While recording, the reader reports the end once the budget is spent (it never reads past
/// what it can replay). An error met while recording comes again at the same place on replay.
public final class ReplayableReader: PacketReader {
    private let inner: any PacketReader
    public var path: String { inner.path }
    public var format: CaptureFormat { inner.format }
    public var compressed: Bool { inner.compressed }
    public var interfaces: [CaptureInterface] { inner.interfaces }
    public var statistics: [Int: InterfaceStatistics] { inner.statistics }
    public var blockCounts: [String: Int] { inner.blockCounts }

    private struct Kept {
        var record: CaptureRecord
        var bytes: [UInt8]
    }
    private var kept: [Kept] = []
    private var keptBytes = 0
    private var keptError: CaptureError?
    private let budget: Int
    private var recording = true
    private var replayIndex = 0
    /// The bytes of the record handed out last during replay (valid until the next call).
    private var current: [UInt8] = []

    /// Bytes of records kept for replay at the most (default 16 MiB).
    public init(_ inner: any PacketReader, budget: Int = 16 << 20) {
        self.inner = inner
        self.budget = budget
    }

    public func next() throws(CaptureError) -> CaptureRecord? {
        if recording {
            guard keptError == nil, keptBytes < budget else { return nil }
            let r: CaptureRecord?
            do {
                r = try inner.next()
            } catch {
                keptError = error
                throw error
            }
            guard let r else { return nil }
            kept.append(Kept(record: r, bytes: Array(r.bytes)))
            keptBytes += r.bytes.count + 64
            return r
        }
        if replayIndex < kept.count {
            let k = kept[replayIndex]
            replayIndex += 1
            if replayIndex == kept.count { kept.removeAll(); replayIndex = 0 } else { kept[replayIndex - 1].bytes = [] }
            current = k.bytes
            var r = k.record
            // SAFETY: `current` is not touched until the next call.
            r.bytes = current.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
            return r
        }
        if let e = keptError {
            keptError = nil
            exhausted = true
            throw e
        }
        if exhausted { return nil }
        return try inner.next()
    }

    private var exhausted = false

    /// From now on: the kept records again, then the rest of the stream.
    public func rewind() {
        recording = false
        replayIndex = 0
    }
}
