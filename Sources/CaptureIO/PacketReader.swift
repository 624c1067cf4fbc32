/// A reader that streams the packets of one capture file in file order.
public protocol PacketReader: AnyObject {
    var path: String { get }
    var format: CaptureFormat { get }
    /// Whether the file was gzip-compressed.
    var compressed: Bool { get }
    /// Interfaces declared so far (pcapng may declare more as reading goes on).
    var interfaces: [CaptureInterface] { get }
    /// Latest Interface Statistics Block per interface index (pcapng only).
    var statistics: [Int: InterfaceStatistics] { get }
    /// Blocks seen so far, by kind ("SHB", "IDB", "EPB", "SPB", "PB", "NRB", "ISB", "DSB", "CB", "DCB", "unknown").
    var blockCounts: [String: Int] { get }
    /// The next packet, nil at a clean end of file; throws at the first fault, after which it
    /// returns nil. The record's bytes are valid until the next call.
    func next() throws(CaptureError) -> CaptureRecord?
    /// Whether a record's bytes stay valid after the next call, as long as the reader lives (a
    /// memory-mapped file: they point into the mapping). False for streams, whose buffer is
    /// reused.
    var bytesOutliveRecord: Bool { get }
    /// Pages from `offset` on are not handed back to the kernel while reading goes on, because
    /// someone still reads the bytes of records there (nil: no such limit).
    func keepPages(from offset: Int?)
}

extension PacketReader {
    public var bytesOutliveRecord: Bool { false }
    public func keepPages(from offset: Int?) {}
}
