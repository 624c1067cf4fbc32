/// An LACPDU (IEEE 802.1AX-2020 6.4.2.2, slow protocols subtype 1) read in place: the actor's
/// and the partner's information — system priority and MAC, key, port priority and number,
/// state — each from its TLV (type 1 and 2, length 20). A Marker PDU (subtype 2, 6.5.3) carries
/// no port information; `SlowProtocolSubtype` tells it and the other slow protocols apart.
public struct LACPDU: Sendable, Equatable {
    public struct Port: Sendable, Equatable {
        public var systemPriority: UInt16
        public var system: MACAddress
        public var key: UInt16
        public var portPriority: UInt16
        public var port: UInt16
        public var state: LACPState
    }

    public var actor: Port
    public var partner: Port

    /// The PDU at `offset` of `bytes` (the first byte after the EtherType 0x8809); nil when it
    /// is not an LACPDU or is cut short.
    public init?(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        guard offset >= 0, bytes.count >= offset + 42, bytes[offset] == 1,
              bytes[offset + 2] == 1, bytes[offset + 3] == 20, bytes[offset + 22] == 2, bytes[offset + 23] == 20 else { return nil }
        actor = Self.port(bytes, at: offset + 4)
        partner = Self.port(bytes, at: offset + 24)
    }

    /// The 18 bytes of one TLV's value: priority, system, key, port priority, port, state.
    static func port(_ b: UnsafeRawBufferPointer, at o: Int) -> Port {
        func u16(_ i: Int) -> UInt16 { UInt16(b[o + i]) << 8 | UInt16(b[o + i + 1]) }
        var system: UInt64 = 0
        for i in 2..<8 { system = system << 8 | UInt64(b[o + i]) }
        return Port(systemPriority: u16(0), system: MACAddress(rawValue: system), key: u16(8), portPriority: u16(10), port: u16(12),
                    state: LACPState(rawValue: b[o + 14]))
    }
}

/// The actor/partner state octet (IEEE 802.1AX-2020 6.4.2.3): bit 0 LACP_Activity, 1
/// LACP_Timeout (short), 2 Aggregation, 3 Synchronization, 4 Collecting, 5 Distributing,
/// 6 Defaulted, 7 Expired.
public struct LACPState: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Collecting and distributing both set: the port carries the aggregate's traffic
    /// (802.1AX-2020 6.4.15, the Mux machine's COLLECTING_DISTRIBUTING state).
    public var isDistributing: Bool { isSuperset(of: [.collecting, .distributing]) }

    public static let activity = LACPState(rawValue: 1 << 0)
    public static let timeout = LACPState(rawValue: 1 << 1)
    public static let aggregation = LACPState(rawValue: 1 << 2)
    public static let synchronization = LACPState(rawValue: 1 << 3)
    public static let collecting = LACPState(rawValue: 1 << 4)
    public static let distributing = LACPState(rawValue: 1 << 5)
    public static let defaulted = LACPState(rawValue: 1 << 6)
    public static let expired = LACPState(rawValue: 1 << 7)

    /// The names of the bits set, as the JSON writes them, in bit order.
    public var names: [String] {
        let all: [(LACPState, String)] = [(.activity, "activity"), (.timeout, "timeout"), (.aggregation, "aggregation"), (.synchronization, "synchronization"),
                                          (.collecting, "collecting"), (.distributing, "distributing"), (.defaulted, "defaulted"), (.expired, "expired")]
        return all.filter { contains($0.0) }.map(\.1)
    }
}
