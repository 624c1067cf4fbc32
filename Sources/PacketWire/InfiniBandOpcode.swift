/// An InfiniBand Base Transport Header opcode (IBTA InfiniBand Architecture Specification Vol. 1,
/// release 1.4, 9.2 and table 38; the same table as Wireshark's packet-infiniband.h): bits 7–5
/// the transport service, bits 4–0 the operation. Open: unknown values (vendor opcodes, the
/// RoCEv2 congestion notification packet 0x81) survive.
public struct InfiniBandOpcode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The transport service of bits 7–5 (9.2.1 table 38).
    public struct Service: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Reliable Connection, 000.
        public static let reliableConnection = Service(rawValue: 0)
        /// Unreliable Connection, 001.
        public static let unreliableConnection = Service(rawValue: 1)
        /// Reliable Datagram, 010.
        public static let reliableDatagram = Service(rawValue: 2)
        /// Unreliable Datagram, 011.
        public static let unreliableDatagram = Service(rawValue: 3)
        /// CNP, 100 (RoCEv2 annex A17.9.2: the congestion notification packet is 0x81).
        public static let congestionNotification = Service(rawValue: 4)
        /// Extended Reliable Connection, 101.
        public static let extendedReliableConnection = Service(rawValue: 5)
    }

    public var service: Service { Service(rawValue: rawValue >> 5) }
    /// Bits 4–0: the operation within the service.
    public var operation: UInt8 { rawValue & 0x1F }

    // Reliable Connection (000xxxxx).
    public static let sendFirst = InfiniBandOpcode(rawValue: 0x00)
    public static let sendMiddle = InfiniBandOpcode(rawValue: 0x01)
    public static let sendLast = InfiniBandOpcode(rawValue: 0x02)
    public static let sendLastImmediate = InfiniBandOpcode(rawValue: 0x03)
    public static let sendOnly = InfiniBandOpcode(rawValue: 0x04)
    public static let sendOnlyImmediate = InfiniBandOpcode(rawValue: 0x05)
    public static let writeFirst = InfiniBandOpcode(rawValue: 0x06)
    public static let writeMiddle = InfiniBandOpcode(rawValue: 0x07)
    public static let writeLast = InfiniBandOpcode(rawValue: 0x08)
    public static let writeLastImmediate = InfiniBandOpcode(rawValue: 0x09)
    public static let writeOnly = InfiniBandOpcode(rawValue: 0x0A)
    public static let writeOnlyImmediate = InfiniBandOpcode(rawValue: 0x0B)
    public static let readRequest = InfiniBandOpcode(rawValue: 0x0C)
    public static let readResponseFirst = InfiniBandOpcode(rawValue: 0x0D)
    public static let readResponseMiddle = InfiniBandOpcode(rawValue: 0x0E)
    public static let readResponseLast = InfiniBandOpcode(rawValue: 0x0F)
    public static let readResponseOnly = InfiniBandOpcode(rawValue: 0x10)
    public static let acknowledge = InfiniBandOpcode(rawValue: 0x11)
    public static let atomicAcknowledge = InfiniBandOpcode(rawValue: 0x12)
    public static let compareSwap = InfiniBandOpcode(rawValue: 0x13)
    public static let fetchAdd = InfiniBandOpcode(rawValue: 0x14)
    public static let sendLastInvalidate = InfiniBandOpcode(rawValue: 0x16)
    public static let sendOnlyInvalidate = InfiniBandOpcode(rawValue: 0x17)
    public static let flush = InfiniBandOpcode(rawValue: 0x1C)
    public static let atomicWrite = InfiniBandOpcode(rawValue: 0x1D)
    /// Unreliable Datagram SEND Only (0x64) and SEND Only with Immediate (0x65).
    public static let datagramSendOnly = InfiniBandOpcode(rawValue: 0x64)
    public static let datagramSendOnlyImmediate = InfiniBandOpcode(rawValue: 0x65)
    /// The RoCEv2 Congestion Notification Packet (annex A17.9.2).
    public static let congestionNotification = InfiniBandOpcode(rawValue: 0x81)

    /// The service carries the operations of table 38 (RC, UC, RD, UD, XRC share one numbering).
    private var knownService: Bool {
        switch service {
        case .reliableConnection, .unreliableConnection, .reliableDatagram, .unreliableDatagram, .extendedReliableConnection: return true
        default: return false
        }
    }

    /// An RDMA Extended Transport Header follows (9.3.3 table 39): RDMA WRITE First and Only
    /// (with or without immediate), RDMA READ Request, FLUSH and ATOMIC WRITE.
    public var hasRETH: Bool {
        guard knownService else { return false }
        switch operation {
        case 0x06, 0x0A, 0x0B, 0x0C, 0x1C, 0x1D: return true
        default: return false
        }
    }

    /// An ACK Extended Transport Header follows: RDMA READ Response First, Last and Only,
    /// Acknowledge and ATOMIC Acknowledge (9.3.5).
    public var hasAETH: Bool {
        guard knownService else { return false }
        switch operation {
        case 0x0D, 0x0F, 0x10, 0x11, 0x12: return true
        default: return false
        }
    }

    /// A response the responder sends back (READ responses, acknowledges): its PSN repeats a
    /// request's, so it is not a packet of its own in the requester's sequence (9.7.5).
    public var isResponse: Bool { knownService && (0x0D...0x12).contains(operation) }

    /// An RDMA READ Request: it takes one PSN per response packet (9.7.1.2).
    public var isReadRequest: Bool { knownService && operation == 0x0C }

    /// Bytes of the extended headers between the BTH and a RETH, by service (9.3.1; Linux
    /// rxe_opcode.c agrees): RDETH (4) and DETH (8) for RD, XRCETH (4) for XRC requests.
    public var headersBeforeRETH: Int {
        switch service {
        case .reliableDatagram: return 12
        case .extendedReliableConnection: return 4
        default: return 0
        }
    }

    /// Bytes of the extended headers between the BTH and an AETH: RDETH (4) for RD; XRC
    /// responses carry no XRCETH.
    public var headersBeforeAETH: Int { service == .reliableDatagram ? 4 : 0 }
}
