/// An interface's operational state as sysfs `operstate` gives it (RFC 2863 ifOperStatus, as
/// Linux spells it in Documentation/networking/operstates.rst). Read once at the sysfs boundary;
/// nothing below compares the text.
public enum OperState: String, Sendable, Hashable, CaseIterable {
    case up
    case down
    case lowerLayerDown = "lowerlayerdown"
    case dormant
    case testing
    case notPresent = "notpresent"
    /// The driver does not report a state (loopback, tun, some virtual devices): it carries traffic.
    case unknown

    /// `operstate`'s text; an unrecognised word counts as `unknown` (the kernel may add states).
    public init(sysfs text: String) {
        self = OperState(rawValue: text.lowercased()) ?? .unknown
    }

    /// Whether the link carries traffic: `up`, or `unknown` for interfaces without carrier state.
    public var isUsable: Bool { self == .up || self == .unknown }
}
