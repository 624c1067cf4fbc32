/// The reader of a live input: it reads nothing itself (the live path sets each record on the
/// input stream in time order, `LiveAnalysis.add`) and holds the interfaces, which are added as
/// members appear. `next()` is always nil.
public final class PushedReader: PacketReader {
    public let path: String
    public var format: CaptureFormat { .live }
    public var compressed: Bool { false }
    public private(set) var interfaces: [CaptureInterface]
    public var statistics: [Int: InterfaceStatistics] { [:] }
    public var blockCounts: [String: Int] { [:] }

    public init(path: String, interfaces: [CaptureInterface]) {
        self.path = path
        self.interfaces = interfaces
    }

    public func addInterface(_ interface: CaptureInterface) { interfaces.append(interface) }

    public func next() throws(CaptureError) -> CaptureRecord? { nil }
}
