/// Records of one capture file whose lengths no capture of a real frame gives, counted (never
/// logged per packet) with where the first of each kind sits. Both are counted as TShark counts
/// them (`frame.len`, capinfos' data size: the wire length as recorded) and reported.
public struct RecordAnomalies: Sendable, Equatable {
    /// Records that captured more bytes than the frame had on the wire (caplen > len).
    public var capturedBeyondWire = 0
    public var firstCapturedBeyondWireOffset: Int?
    /// Records that captured no byte at all (caplen 0).
    public var empty = 0
    public var firstEmptyOffset: Int?

    public init() {}

    public var isEmpty: Bool { capturedBeyondWire == 0 && empty == 0 }

    @inline(__always)
    public mutating func observe(_ record: CaptureRecord) {
        if record.capturedLength == 0 {
            if empty == 0 { firstEmptyOffset = record.offset }
            empty += 1
        } else if record.capturedLength > record.wireLength {
            if capturedBeyondWire == 0 { firstCapturedBeyondWireOffset = record.offset }
            capturedBeyondWire += 1
        }
    }
}
