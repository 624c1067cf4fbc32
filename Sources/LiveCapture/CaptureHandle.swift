import CaptureIO
import PacketWire

/// One capture handle on one interface: a Linux packet ring, libpcap's live handle, or a test's fake. Records come
/// out in the order the kernel queued them, each with its timestamp.
public protocol CaptureHandle: AnyObject {
    /// What the handle sees: `.outbound` or `.inbound` only, or `.unknown`: both directions
    /// (each record then carries its own direction, or none).
    var direction: CaptureDirection { get }
    var linkType: LinkType { get }
    /// A descriptor to wait on for readability; nil when there is none (fakes).
    var pollDescriptor: Int32? { get }
    /// Appends at most `limit` of the records waiting now to `queue` (timestamp ns, length on the
    /// wire, the captured bytes) and returns how many; fewer than `limit` means the handle held
    /// no more. Throws when the interface failed (down or away), after appending what it held.
    func read(limit: Int, into queue: inout RecordQueue) throws(LiveCaptureError) -> Int
    /// What the kernel counted for the handle since it opened; nil when unknown.
    func statistics() -> LiveStatistics?
    /// Whether `statistics().received` counts this handle's direction only (the kernel drops
    /// the other before the handle's ring), rather than every packet of the interface.
    var countsOwnDirection: Bool { get }
    /// How long after its time stamp a record may still be waiting in the kernel for the handle
    /// to be able to read it, beyond the merge's slack: a packet ring's block timeout; 0 for a
    /// handle that gets each packet at once (libpcap's immediate mode, fakes).
    var deliveryDelayNs: Int64 { get }
    func close()
}

extension CaptureHandle {
    public var deliveryDelayNs: Int64 { 0 }
}

/// Opens an interface's handles: packet rings, libpcap's, or a test's fakes.
public protocol HandleOpener: AnyObject {
    /// The handles of one interface (one per direction where the kernel says each packet's
    /// direction, else one). Throws `.down` when the interface is down.
    func open(_ interface: String) throws(LiveCaptureError) -> [any CaptureHandle]
    /// Whether the handles opened so far carry the kernel's direction.
    var kernelDirection: Bool { get }
}

extension LiveSource: CaptureHandle {
    public var direction: CaptureDirection { settings.direction }
    public var pollDescriptor: Int32? { fileDescriptor }
    public var countsOwnDirection: Bool { kernelFiltersDirection }
    public func read(limit: Int, into queue: inout RecordQueue) throws(LiveCaptureError) -> Int {
        try dispatch(limit: Int32(clamping: limit), into: &queue)
    }
}

#if os(Linux)
/// One socket for both directions: each record carries its own (`.unknown` for the handle).
extension PacketRing: CaptureHandle {
    public var direction: CaptureDirection { .unknown }
    public var pollDescriptor: Int32? { fileDescriptor >= 0 ? fileDescriptor : nil }
    /// `received` counts what passed the filter: every record of the handle.
    public var countsOwnDirection: Bool { true }
    /// The kernel hands a block over when it is full or once its retire timeout
    /// (`retireMilliseconds`) has passed since it began (af_packet.c: prb_open_block arms the
    /// retire timer): a packet waits in a block for up to that long.
    public var deliveryDelayNs: Int64 { Int64(retireMilliseconds) * 1_000_000 }
}
#endif

/// libpcap's handles: two per interface, one for what it sends and one for what it receives
/// (`pcap_setdirection`), where the platform can; one for both elsewhere (decided on the first
/// interface opened, then kept for all, so that every member counts alike).
public final class PcapOpener: HandleOpener {
    public let settings: LiveSource.Settings
    public private(set) var kernelDirection = true
    private var decided = false

    public init(settings: LiveSource.Settings) { self.settings = settings }

    public func open(_ interface: String) throws(LiveCaptureError) -> [any CaptureHandle] {
        do throws(LiveCaptureError) {
            let handles = try open(interface, directional: kernelDirection)
            decided = true
            return handles
        } catch {
            guard error.kind == .direction, kernelDirection, !decided else { throw error }
            kernelDirection = false
            decided = true
            return try open(interface, directional: false)
        }
    }

    private func open(_ name: String, directional: Bool) throws(LiveCaptureError) -> [any CaptureHandle] {
        guard directional else { return [try LiveSource(device: name, settings: settings)] }
        var out = settings, back = settings
        out.direction = .outbound
        back.direction = .inbound
        let sent = try LiveSource(device: name, settings: out)
        return [sent, try LiveSource(device: name, settings: back)]
    }
}
