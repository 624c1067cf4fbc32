import FlowTracking

/// The ports migration streams run on.
enum MigrationPort {
    /// Why a flow is a migration stream by its ports: Hyper-V live migration over TCP (6600),
    /// SMB (445), VMware vMotion (8000) and NFC/vMotion (902), libvirt/QEMU migration
    /// (49152–49215), or a `--migration-port` (`extra`). Nil when its ports say nothing.
    static func reason(_ key: FlowKey, extra: [UInt16]) -> MigrationReason? {
        for port in [key.aPort, key.bPort] {
            if extra.contains(port) { return .port(.given, port) }
        }
        guard key.ipProtocol == 6 else { return nil }
        for port in [key.aPort, key.bPort] {
            switch port {
            case 6600: return .port(.hyperV, port)
            case 445: return .port(.smb, port)
            case 8000: return .port(.vMotion, port)
            case 902: return .port(.vmwareNFC, port)
            case 49152...49215: return .port(.libvirt, port)
            default: continue
            }
        }
        return nil
    }
}
