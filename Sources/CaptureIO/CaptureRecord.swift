/// One packet as a capture file stored it. `bytes` is lent: valid only until the reader that
/// produced it moves on, never to be kept.
public struct CaptureRecord {
    /// Nanoseconds since the Unix epoch, with the interface's resolution and offset applied.
    public var timestamp: Int64
    /// Bytes captured (`caplen`); `bytes.count` equals it.
    public var capturedLength: Int
    /// Bytes the frame had on the wire (`len`), as the file recorded it: below
    /// `capturedLength` in a damaged or hand-made file, kept so (TShark's `frame.len` and
    /// capinfos' data size count it as written; `RecordAnomalies` notes such records).
    public var wireLength: Int
    /// Index into the reader's `interfaces`.
    public var interface: Int
    /// Where the record's block or header starts in the capture stream.
    public var offset: Int
    /// `epb_flags` (or the obsolete block's `pack_flags`); 0 when absent.
    public var flags: UInt32
    /// `epb_packetid`, when present: the same packet seen at several capture points shares it.
    public var packetID: UInt64?
    /// `epb_queue`, when present.
    public var queue: UInt32?
    /// `epb_dropcount` (or the obsolete block's drops count), when present.
    public var dropCount: UInt64?
    public var bytes: UnsafeRawBufferPointer

    public init(timestamp: Int64, capturedLength: Int, wireLength: Int, interface: Int, offset: Int,
                flags: UInt32 = 0, packetID: UInt64? = nil, queue: UInt32? = nil, dropCount: UInt64? = nil,
                bytes: UnsafeRawBufferPointer) {
        self.timestamp = timestamp
        self.capturedLength = capturedLength
        self.wireLength = wireLength
        self.interface = interface
        self.offset = offset
        self.flags = flags
        self.packetID = packetID
        self.queue = queue
        self.dropCount = dropCount
        self.bytes = bytes
    }

    /// Direction from `epb_flags` bits 0–1 (01 inbound, 10 outbound).
    @inline(__always)
    public var direction: CaptureDirection {
        switch flags & 3 {
        case 1: return .inbound
        case 2: return .outbound
        default: return .unknown
        }
    }
}
