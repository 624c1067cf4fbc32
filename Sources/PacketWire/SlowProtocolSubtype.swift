/// The first octet of a Slow Protocols frame (EtherType 0x8809), which says which slow protocol
/// it carries (IEEE 802.3-2022 Annex 57A, Table 57A-3). Open: unknown values survive.
public struct SlowProtocolSubtype: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// LACP (IEEE 802.1AX-2020 6.4.2.2).
    public static let lacp = SlowProtocolSubtype(rawValue: 1)
    /// The Marker protocol (IEEE 802.1AX-2020 6.5.3).
    public static let marker = SlowProtocolSubtype(rawValue: 2)
    /// Ethernet OAM (IEEE 802.3 clause 57, formerly 802.3ah): not link aggregation.
    public static let oam = SlowProtocolSubtype(rawValue: 3)
    /// The Organization Specific Slow Protocol (IEEE 802.3 Annex 57B, e.g. ITU-T G.8264 ESMC):
    /// not link aggregation.
    public static let organizationSpecific = SlowProtocolSubtype(rawValue: 10)

    /// The subtype of the Slow Protocols PDU at `offset` of `bytes` (the first byte after the
    /// EtherType); nil when the frame ends before it.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset >= 0, bytes.count > offset else { return nil }
        rawValue = bytes[offset]
    }
}
