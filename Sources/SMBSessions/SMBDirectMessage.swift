import PacketWire

/// An SMB Direct message ([MS-SMBD] 2.2), the payload of one RDMA Send (iWARP, RoCE, InfiniBand):
/// the negotiate request (2.2.1, 20 bytes), the negotiate response (2.2.2, 32 bytes), or a data
/// transfer message (2.2.3: a 24-byte header, then the SMB2 message or a fragment of it).
/// Little-endian throughout. A message does not say which it is: like Wireshark, the length and
/// the version fields tell (a negotiate carries version 0x0100 where a data transfer message
/// carries credits, flags and a zero reserved field).
public enum SMBDirectMessage: Sendable, Equatable {
    case negotiateRequest(NegotiateRequest)
    case negotiateResponse(NegotiateResponse)
    case dataTransfer(DataTransfer)

    /// [MS-SMBD] 2.2.1.
    public struct NegotiateRequest: Sendable, Equatable {
        public var minVersion: UInt16
        public var maxVersion: UInt16
        public var creditsRequested: UInt16
        public var preferredSendSize: UInt32
        public var maxReceiveSize: UInt32
        public var maxFragmentedSize: UInt32
    }

    /// [MS-SMBD] 2.2.2.
    public struct NegotiateResponse: Sendable, Equatable {
        public var minVersion: UInt16
        public var maxVersion: UInt16
        public var negotiatedVersion: UInt16
        public var creditsRequested: UInt16
        public var creditsGranted: UInt16
        /// An NTSTATUS: 0 success.
        public var status: UInt32
        public var maxReadWriteSize: UInt32
        public var preferredSendSize: UInt32
        public var maxReceiveSize: UInt32
        public var maxFragmentedSize: UInt32
    }

    /// [MS-SMBD] 2.2.3: `dataOffset`/`dataLength` locate the SMB2 bytes in the message;
    /// `remainingDataLength` > 0 says more fragments of the same SMB2 message follow.
    public struct DataTransfer: Sendable, Equatable {
        public var creditsRequested: UInt16
        public var creditsGranted: UInt16
        /// Bit 0: SMB_DIRECT_RESPONSE_REQUESTED.
        public var flags: UInt16
        public var remainingDataLength: UInt32
        public var dataOffset: UInt32
        public var dataLength: UInt32
    }

    static let negotiateRequestLength = 20
    static let negotiateResponseLength = 32
    static let dataTransferHeaderLength = 24
    static let version: UInt16 = 0x0100

    /// The message in `bytes` (what was captured of it), `length` bytes long as its Send says;
    /// nil when it is none of the three (too short, or fields no SMB Direct message has).
    public init?(_ bytes: UnsafeRawBufferPointer, length: Int) {
        func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> UInt32 {
            // SAFETY: o + 4 <= bytes.count: at most 20 after the check that 20 bytes are there,
            // at most 32 after the check for 32.
            bytes.loadUnaligned(fromByteOffset: o, as: UInt32.self).littleEndian
        }
        guard length >= Self.negotiateRequestLength, bytes.count >= Self.negotiateRequestLength else { return nil }
        let versions = u16(0) == Self.version && u16(2) == Self.version
        if length == Self.negotiateResponseLength, bytes.count >= Self.negotiateResponseLength, versions, u16(4) == Self.version, u16(6) == 0 {
            self = .negotiateResponse(NegotiateResponse(minVersion: u16(0), maxVersion: u16(2), negotiatedVersion: u16(4), creditsRequested: u16(8),
                                                        creditsGranted: u16(10), status: u32(12), maxReadWriteSize: u32(16),
                                                        preferredSendSize: u32(20), maxReceiveSize: u32(24), maxFragmentedSize: u32(28)))
            return
        }
        // A 20-byte data transfer message carries no data: its remaining length, offset and
        // length are 0, where a negotiate request's sizes are not.
        let emptyData = u32(8) == 0 && u32(12) == 0 && u32(16) == 0
        if length == Self.negotiateRequestLength, versions, u16(4) == 0, !emptyData {
            self = .negotiateRequest(NegotiateRequest(minVersion: u16(0), maxVersion: u16(2), creditsRequested: u16(6),
                                                      preferredSendSize: u32(8), maxReceiveSize: u32(12), maxFragmentedSize: u32(16)))
            return
        }
        guard u16(0) <= 255, u16(2) <= 255, u16(4) <= 1, u16(6) == 0 else { return nil }
        if length == Self.negotiateRequestLength {
            guard emptyData else { return nil }
        } else {
            guard length >= Self.dataTransferHeaderLength else { return nil }
        }
        let header = DataTransfer(creditsRequested: u16(0), creditsGranted: u16(2), flags: u16(4), remainingDataLength: u32(8),
                                  dataOffset: u32(12), dataLength: u32(16))
        // The data lies inside the message, after the header (or there is none).
        if header.dataLength > 0 {
            guard header.dataOffset >= UInt32(Self.dataTransferHeaderLength),
                  UInt64(header.dataOffset) + UInt64(header.dataLength) <= UInt64(length) else { return nil }
        }
        self = .dataTransfer(header)
    }
}
