/// Why an interface could not be captured on, or stopped: the interface, the kind and libpcap's
/// own words.
public struct LiveCaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// CAP_NET_RAW/CAP_NET_ADMIN missing (PCAP_ERROR_PERM_DENIED).
        case permission
        /// No such interface (PCAP_ERROR_NO_SUCH_DEVICE), or it went away.
        case noSuchDevice
        /// The interface is down (PCAP_ERROR_IFACE_NOT_UP, ENETDOWN).
        case down
        /// The filter expression does not compile for this interface's link type.
        case filter
        /// The platform cannot capture one direction only (`pcap_setdirection`).
        case direction
        /// The interface's link type is not one the handle captures (a packet ring takes Ethernet).
        case linkType
        case other
    }

    public var device: String
    public var kind: Kind
    public var message: String

    public init(device: String, kind: Kind, message: String) {
        self.device = device
        self.kind = kind
        self.message = message
    }

    public var description: String {
        switch kind {
        case .permission:
            return "\(device): capturing needs CAP_NET_RAW and CAP_NET_ADMIN: run as root or give the binary cap_net_raw (setcap cap_net_raw,cap_net_admin=eip teamscope) (\(message))"
        case .noSuchDevice: return "\(device): no such interface (\(message))"
        case .down: return "\(device): the interface is down (\(message))"
        case .filter: return "\(device): the filter does not compile: \(message)"
        case .direction: return "\(device): cannot capture one direction only (\(message))"
        case .linkType: return "\(device): not a link type this handle captures (\(message))"
        case .other: return "\(device): \(message)"
        }
    }
}
