/// A reader whose records are handed to it one at a time (`push`) instead of read from a file:
/// how live packets enter the same stages as a file's. `next()` returns the pushed record
/// once, then nil until the next push. Interfaces may be added as members appear.
public final class PushedReader: PacketReader {
    public let path: String
    public var format: CaptureFormat { .live }
    public var compressed: Bool { false }
    public private(set) var interfaces: [CaptureInterface]
    public var statistics: [Int: InterfaceStatistics] { [:] }
    public var blockCounts: [String: Int] { [:] }
    private var pending: CaptureRecord?

    public init(path: String, interfaces: [CaptureInterface]) {
        self.path = path
        self.interfaces = interfaces
    }

    public func addInterface(_ interface: CaptureInterface) { interfaces.append(interface) }

    /// The record the next `next()` returns; its bytes must stay valid until that record has
    /// been consumed.
    public func push(_ record: CaptureRecord) { pending = record }

    public func next() throws(CaptureError) -> CaptureRecord? {
        defer { pending = nil }
        return pending
    }
}
