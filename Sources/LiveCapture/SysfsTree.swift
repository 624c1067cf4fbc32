import CaptureIO
import Foundation

/// The sysfs tree the capture plan and the link watcher read (`/sys` on a live system; tests
/// give a folder of their own with the same layout): `class/net/NAME/operstate`, `address`,
/// `bonding/…`, `lower_*` (Documentation/ABI/testing/sysfs-class-net).
public struct SysfsTree: Sendable, Equatable {
    public var root: String
    public init(root: String = "/sys") { self.root = root }

    /// `ROOT/class/net`.
    public var net: String { root + "/class/net" }

    /// `ROOT/class/infiniband`: RDMA devices and their ports' counters.
    public var infiniband: String { root + "/class/infiniband" }

    /// A sysfs file's first line, trimmed; nil when it cannot be read.
    public func field(_ path: String) -> String? { BondConfiguration.field(path) }

    /// `operstate` of `name`; nil when the interface does not exist.
    public func operState(_ name: String) -> OperState? {
        BondConfiguration.operstate(name, root: net).map(OperState.init(sysfs:))
    }

    /// `name`'s link state as soon as the kernel knows it: `operstate`, corrected by `carrier`.
    /// The kernel updates `operstate` from its link-watch work, which runs at most once a second
    /// (net/core/link_watch.c), while `carrier` is the driver's word at once (and cannot be read
    /// while the interface is administratively down) — what the bonding driver's miimon reads.
    /// Nil when the interface does not exist.
    public func linkState(_ name: String) -> OperState? {
        guard let oper = operState(name) else { return nil }
        switch BondConfiguration.field("\(net)/\(name)/carrier") {
        case nil: return oper.isUsable ? .down : oper
        case "1"?: return oper.isUsable ? oper : .up
        default: return oper.isUsable ? .lowerLayerDown : oper
        }
    }

    /// Whether `name` exists (has a sysfs folder with an `operstate`).
    public func exists(_ name: String) -> Bool { operState(name) != nil }

    /// `name`'s MAC, when it has one.
    public func address(_ name: String) -> UInt64? { BondConfiguration.address(name, root: net) }

    /// The bond `name` as sysfs describes it; nil when it is not a bond.
    public func bond(_ name: String) -> BondConfiguration? { BondConfiguration.read(name, root: net) }

    /// A device's lower links (`lower_NAME` entries: a team's ports), sorted; nil when the device
    /// does not exist.
    public func lowerLinks(_ name: String) -> [String]? {
        guard let entries = SysfsTree.list(net + "/" + name) else { return nil }
        return entries.filter { $0.hasPrefix("lower_") }.map { String($0.dropFirst(6)) }.sorted()
    }

    static func list(_ path: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: path)
    }
}
