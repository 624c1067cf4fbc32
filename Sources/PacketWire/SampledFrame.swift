/// The headers of one captured frame rewritten as an Ethernet II frame, whatever link type it was
/// captured on, so that a transmit hash written against Ethernet (the Linux bonding driver's,
/// `bond_main.c`) reads the same fields from an SLL, SLL2 or raw-IP capture as from the wire.
///
/// - Ethernet: the captured bytes as they are.
/// - Linux SLL (LINKTYPE_LINUX_SLL, tcpdump.org): the 6-octet link-layer address is the frame's
///   source MAC; the protocol field becomes the EtherType; the destination MAC is not recorded.
/// - Linux SLL2 (LINKTYPE_LINUX_SLL2): the same, from its own layout.
/// - Raw IP, NULL/LOOP: neither MAC is recorded; the EtherType comes from the IP version.
///
/// What the capture did not record is zero and said so in `known`: a hash over a field that is
/// not known would be a guess, so the models that need it cannot be scored from such a frame
/// until `fillDestinationMAC` supplies the address from elsewhere (the peer's own frames).
public struct SampledFrame: Sendable, Hashable {
    /// Which layer-2 fields the capture recorded.
    public struct Layer2: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let sourceMAC = Layer2(rawValue: 1)
        public static let destinationMAC = Layer2(rawValue: 2)
        public static let all: Layer2 = [.sourceMAC, .destinationMAC]
    }

    /// An Ethernet II frame: destination MAC, source MAC, EtherType, then the network layer.
    public private(set) var bytes: [UInt8]
    /// The link type the frame was captured on.
    public var linkType: LinkType
    public private(set) var known: Layer2

    /// Most bytes kept: headers only.
    public static let maxLength = 128

    /// The most leading bytes of a captured frame a sample reads: `maxLength` of an Ethernet
    /// frame; of another, the link header it replaces (up to the network header, at least the
    /// 20 bytes of SLL2's) and what fits after Ethernet's 14. A copy this long samples the same.
    public static func bytesRead(linkType: LinkType, networkOffset: Int) -> Int {
        linkType == .ethernet ? maxLength : max(20, networkOffset) + maxLength - 14
    }

    public init(ethernet bytes: [UInt8], linkType: LinkType = .ethernet, known: Layer2 = .all) {
        self.bytes = bytes
        self.linkType = linkType
        self.known = known
    }

    /// The frame `bytes` captured on `linkType`, which `decoded` describes; nil when it has no
    /// network layer to rewrite (an undecodable link type, or headers cut before it).
    public init?(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, decoded d: DecodedPacket) {
        self.init(bytes, linkType: linkType, status: d.status, sourceMAC: d.hasMAC ? d.sourceMAC : nil, etherType: d.etherType,
                  networkOffset: d.networkOffset)
    }

    /// The frame `bytes` captured on `linkType`, from what its decoder found: its status, its
    /// source MAC (nil where the link header has none), its EtherType after all tags and where
    /// its network header starts. Reads at most `bytesRead(linkType:networkOffset:)` bytes.
    public init?(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, status: DecodeStatus, sourceMAC: MACAddress?,
                 etherType: EtherType, networkOffset: Int) {
        self.linkType = linkType
        if linkType == .ethernet {
            self.bytes = Array(bytes.prefix(Self.maxLength))
            known = .all
            return
        }
        guard status != .unsupportedLink, etherType.rawValue >= 0x0600, networkOffset <= bytes.count else { return nil }
        var out = [UInt8](repeating: 0, count: 14)
        var known: Layer2 = []
        if let sourceMAC {
            let mac = sourceMAC.rawValue
            for i in 0..<6 { out[6 + i] = UInt8(truncatingIfNeeded: mac >> (40 - 8 * UInt64(i))) }
            known.insert(.sourceMAC)
        }
        // The EtherType after any tags the link header itself implied; VLAN tags kept inside the
        // payload (SLL protocol 0x8100) stay in the bytes copied below, so start at the link
        // header's own protocol field instead.
        let protocolField: UInt16
        let payloadStart: Int
        switch linkType {
        case .linuxSLL where bytes.count >= 16:
            protocolField = UInt16(bytes[14]) << 8 | UInt16(bytes[15])
            payloadStart = 16
        case .linuxSLL2 where bytes.count >= 20:
            protocolField = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            payloadStart = 20
        default:
            protocolField = etherType.rawValue
            payloadStart = networkOffset
        }
        out[12] = UInt8(protocolField >> 8)
        out[13] = UInt8(truncatingIfNeeded: protocolField)
        let room = Self.maxLength - 14
        out.append(contentsOf: bytes[payloadStart...].prefix(room))
        self.bytes = out
        self.known = known
    }

    public var sourceMAC: MACAddress? { known.contains(.sourceMAC) ? MACAddress(rawValue: mac(at: 6)) : nil }
    public var destinationMAC: MACAddress? { known.contains(.destinationMAC) ? MACAddress(rawValue: mac(at: 0)) : nil }

    /// Supplies the destination MAC the capture did not record (the next hop's, learned from the
    /// frames it sent); an Ethernet capture's own address is never replaced.
    public mutating func fillDestinationMAC(_ mac: MACAddress) {
        guard !known.contains(.destinationMAC), bytes.count >= 14 else { return }
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: mac.rawValue >> (40 - 8 * UInt64(i))) }
        known.insert(.destinationMAC)
    }

    private func mac(at offset: Int) -> UInt64 {
        guard bytes.count >= offset + 6 else { return 0 }
        var v: UInt64 = 0
        for i in 0..<6 { v = v << 8 | UInt64(bytes[offset + i]) }
        return v
    }
}
