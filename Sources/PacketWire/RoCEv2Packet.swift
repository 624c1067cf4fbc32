/// The InfiniBand transport headers of one RoCEv2 datagram (IBTA Vol. 1 release 1.4 annex A17:
/// UDP to port 4791, then BTH, the extended headers its opcode calls for, payload, pad and a
/// 4-byte ICRC), read in place from the UDP payload. The RETH and AETH are read where the
/// opcode has them (9.3.3, 9.3.5); the extended headers before them (RDETH, DETH, XRCETH) are
/// stepped over, and the others (DETH of UD, AtomicETH, ImmDt, IETH) count as payload.
///
/// A view of the captured bytes, valid only while they are lent.
public struct RoCEv2Packet {
    public let bth: BaseTransportHeader
    public let reth: RDMAExtendedTransportHeader?
    public let aeth: AckExtendedTransportHeader?
    /// Bytes of the RDMA payload: the datagram less its headers, pad and ICRC (0 when the
    /// datagram's length leaves no room for them).
    public let payloadLength: Int

    /// The RoCEv2 UDP destination port (IANA, annex A17.2.1).
    public static let udpPort: UInt16 = 4791
    /// The invariant CRC at the end of every datagram.
    public static let icrcLength = 4

    /// The headers starting at `offset` of `bytes` (the UDP payload), in a datagram whose UDP
    /// payload is `datagramLength` bytes long as its headers declare (the capture may hold less:
    /// only the headers need to be captured). Throws where a header the opcode calls for is not
    /// there: cut by the snap length, or past the datagram's end.
    public init(_ bytes: UnsafeRawBufferPointer, at offset: Int, datagramLength: Int) throws(RDMAHeaderError) {
        func check(_ header: RDMAHeaderError.Header, at o: Int, _ n: Int) throws(RDMAHeaderError) {
            if o + n > offset + datagramLength {
                throw RDMAHeaderError(header: header, kind: .tooShort, offset: o, needed: n, available: offset + datagramLength - o)
            }
        }
        try check(.bth, at: offset, BaseTransportHeader.length)
        bth = try BaseTransportHeader(bytes, at: offset)
        let op = bth.opcode
        var o = offset + BaseTransportHeader.length
        var reth: RDMAExtendedTransportHeader?
        var aeth: AckExtendedTransportHeader?
        /// The offset of a header of `length` after `skip` bytes of other extended headers.
        func step(over skip: Int, to header: RDMAHeaderError.Header, _ length: Int) throws(RDMAHeaderError) -> Int {
            try check(.extended, at: o, skip)
            try check(header, at: o + skip, length)
            defer { o += skip + length }
            return o + skip
        }
        if op.hasRETH {
            reth = try RDMAExtendedTransportHeader(bytes, at: step(over: op.headersBeforeRETH, to: .reth, RDMAExtendedTransportHeader.length))
        } else if op.hasAETH {
            aeth = try AckExtendedTransportHeader(bytes, at: step(over: op.headersBeforeAETH, to: .aeth, AckExtendedTransportHeader.length))
        }
        try check(.icrc, at: o, Self.icrcLength)
        self.reth = reth
        self.aeth = aeth
        payloadLength = max(0, offset + datagramLength - o - Self.icrcLength - bth.padCount)
    }
}
