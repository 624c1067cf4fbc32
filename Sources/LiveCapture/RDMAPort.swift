/// An RDMA port and the network interface it belongs to, as sysfs links them
/// (`/sys/class/infiniband/DEVICE/ports/PORT/gid_attrs/ndevs/N` names the netdev of a RoCE
/// port's GIDs; Documentation/ABI/stable/sysfs-class-infiniband).
public struct RDMAPort: Sendable, Equatable {
    public var device: String
    public var port: String

    public init(device: String, port: String) {
        self.device = device
        self.port = port
    }

    /// `DEVICE/PORT`, as the counter log's `rdma_port` column writes it.
    public var name: String { "\(device)/\(port)" }

    /// Every RDMA port whose GIDs name one of `interfaces`, by interface (the first port found
    /// when several do). Devices and ports are visited in sorted order.
    public static func find(for interfaces: [String], sysfs: SysfsTree) -> [String: RDMAPort] {
        var out: [String: RDMAPort] = [:]
        let root = sysfs.infiniband
        for device in (SysfsTree.list(root) ?? []).sorted() {
            for port in (SysfsTree.list("\(root)/\(device)/ports") ?? []).sorted() {
                let ndevs = "\(root)/\(device)/ports/\(port)/gid_attrs/ndevs"
                var names: Set<String> = []
                for gid in SysfsTree.list(ndevs) ?? [] {
                    if let n = sysfs.field("\(ndevs)/\(gid)"), !n.isEmpty { names.insert(n) }
                }
                for i in interfaces where names.contains(i) && out[i] == nil { out[i] = RDMAPort(device: device, port: port) }
            }
        }
        return out
    }
}
