/// Why no capture plan could be made; the command words it.
public enum CapturePlanError: Error, Sendable, Equatable {
    /// `--bond NAME`: `SYSFS/class/net/NAME/bonding` does not exist.
    case notABond(name: String, path: String)
    /// `--bond NAME`: its `bonding/slaves` is empty.
    case bondWithoutMembers(name: String, path: String)
    /// `--team NAME`: neither teamdctl nor the device's `lower_*` links name a port.
    case teamWithoutPorts(name: String, net: String)
    /// `-i NAME`: `SYSFS/class/net/NAME` does not exist.
    case noSuchInterface(name: String, path: String)
}
