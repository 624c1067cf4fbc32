/// The counters of a pcapng Interface Statistics Block ([pcapng] 4.6); the latest block per
/// interface wins, as each one holds totals since the capture started.
public struct InterfaceStatistics: Sendable, Hashable {
    public var interface: Int
    /// `isb_ifrecv`: packets the interface received.
    public var received: UInt64?
    /// `isb_ifdrop`: packets the interface dropped.
    public var interfaceDropped: UInt64?
    /// `isb_filteraccept`.
    public var filterAccepted: UInt64?
    /// `isb_osdrop`: packets the operating system dropped.
    public var osDropped: UInt64?
    /// `isb_usrdeliv`.
    public var userDelivered: UInt64?

    public init(interface: Int) { self.interface = interface }

    /// Every drop the statistics admit to.
    public var dropped: UInt64 { (interfaceDropped ?? 0) + (osDropped ?? 0) }
}
