import FlowTracking

/// The ports migration streams run on.
enum MigrationPort {
    /// Why a flow is a migration stream by its ports: Hyper-V live migration over TCP (6600),
    /// SMB (445), SMB Direct over iWARP (5445), VMware vMotion (8000) and NFC/vMotion (902),
    /// libvirt/QEMU migration
    /// (49152–49215), or a `--migration-port` (`extra`). Nil when its ports say nothing.
    ///
    /// The label comes from the server's port: `server` when the SYN showed which end it is;
    /// else a fixed well-known port (6600, 445, 5445, 8000, 902) on either end before the libvirt
    /// range, which lies inside the ephemeral range (49152–65535) that Windows clients use — a
    /// client's port 49200 must not make a TCP 6600 live migration a libvirt one.
    static func reason(_ key: FlowKey, server: UInt16? = nil, extra: [UInt16]) -> MigrationReason? {
        // Called for every packet of a small flow until it is known: no array is built here.
        if extra.contains(key.aPort) { return .port(.given, key.aPort) }
        if extra.contains(key.bPort) { return .port(.given, key.bPort) }
        guard key.ipProtocol == 6 else { return nil }
        if let server { return wellKnown(server) ?? libvirt(server) }
        return wellKnown(key.aPort) ?? wellKnown(key.bPort) ?? libvirt(key.aPort) ?? libvirt(key.bPort)
    }

    private static func wellKnown(_ port: UInt16) -> MigrationReason? {
        switch port {
        case 6600: return .port(.hyperV, port)
        case 445: return .port(.smb, port)
        case 5445: return .port(.smbDirect, port)
        case 8000: return .port(.vMotion, port)
        case 902: return .port(.vmwareNFC, port)
        default: return nil
        }
    }

    private static func libvirt(_ port: UInt16) -> MigrationReason? { (49152...49215).contains(port) ? .port(.libvirt, port) : nil }
}
