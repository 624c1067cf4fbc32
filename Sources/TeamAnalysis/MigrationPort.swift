import FlowTracking

/// The ports migration streams run on.
enum MigrationPort {
    /// Why a flow is a migration stream by its ports: Hyper-V live migration over TCP (6600),
    /// SMB (445), VMware vMotion (8000) and NFC/vMotion (902), libvirt/QEMU migration
    /// (49152–49215), or a `--migration-port` (`extra`). Nil when its ports say nothing.
    static func reason(_ key: FlowKey, extra: [UInt16]) -> String? {
        for port in [key.aPort, key.bPort] {
            if extra.contains(port) { return "--migration-port \(port)" }
        }
        guard key.ipProtocol == 6 else { return nil }
        for port in [key.aPort, key.bPort] {
            switch port {
            case 6600: return "Hyper-V live migration (TCP 6600)"
            case 445: return "SMB (TCP 445)"
            case 8000: return "VMware vMotion (TCP 8000)"
            case 902: return "VMware NFC/vMotion (TCP 902)"
            case 49152...49215: return "libvirt/QEMU migration (TCP \(port))"
            default: continue
            }
        }
        return nil
    }
}
