import CaptureIO

/// The capture's handles where the kernel says each packet's direction in one: on Linux a packet
/// ring per Ethernet interface (`PacketRing`, one socket for both directions); libpcap's
/// handles (`PcapOpener`, one per direction) for an interface the ring cannot take — not Linux,
/// not Ethernet (the loopback), or a socket the kernel refuses — and for every interface when
/// `ringsAllowed` is false (`TEAMSCOPE_LIBPCAP_HANDLES=1`, to compare the two).
public final class PacketRingOpener: HandleOpener {
    public let settings: LiveSource.Settings
    public let ringsAllowed: Bool
    private let fallback: PcapOpener
    /// The interfaces opened with libpcap's handles, with why the ring could not take them.
    public private(set) var libpcapInterfaces: [String: LiveCaptureError.Kind] = [:]

    public init(settings: LiveSource.Settings, ringsAllowed: Bool = true) {
        self.settings = settings
        self.ringsAllowed = ringsAllowed
        fallback = PcapOpener(settings: settings)
    }

    /// Every handle carries the kernel's direction, unless libpcap's could not (then none is
    /// taken to, as `PcapOpener` decides).
    public var kernelDirection: Bool { fallback.kernelDirection }

    public func open(_ interface: String) throws(LiveCaptureError) -> [any CaptureHandle] {
        #if os(Linux)
        if ringsAllowed {
            do throws(LiveCaptureError) {
                return [try PacketRing(device: interface, settings: settings)]
            } catch {
                switch error.kind {
                // What libpcap's handles would say too.
                case .down, .noSuchDevice, .filter: throw error
                case .linkType, .permission, .direction, .other: libpcapInterfaces[interface] = error.kind
                }
            }
        }
        #endif
        return try fallback.open(interface)
    }
}
