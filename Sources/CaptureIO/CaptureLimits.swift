/// Bounds that keep a bogus length from turning into a huge allocation or a long stall.
public enum CaptureLimits {
    /// Largest packet a pcap record may claim to have captured. libpcap's own ceiling is
    /// 262 144 (MAXIMUM_SNAPLEN); transmit-offload traces reach 64 KiB, so this leaves room.
    public static let maxRecordLength = 262_144
    /// Largest pcapng block accepted; Wireshark's reader stops at 16 MiB for the same reason.
    public static let maxBlockLength = 16 << 20
}
