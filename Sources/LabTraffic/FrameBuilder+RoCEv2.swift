import PacketWire

extension FrameBuilder {
    /// The InfiniBand transport headers of one RoCEv2 datagram (IBTA Vol. 1 9.2, 9.3.3, 9.3.5).
    public struct RoCEv2Headers: Sendable {
        public var opcode: InfiniBandOpcode
        public var destinationQP: UInt32
        public var psn: UInt32
        public var acknowledgeRequest = false
        public var solicitedEvent = false
        public var partitionKey: UInt16 = 0xFFFF
        /// RETH: virtual address, R_Key, DMA length (written when the opcode has one).
        public var reth: (address: UInt64, key: UInt32, length: UInt32) = (0, 0, 0)
        /// AETH: syndrome and MSN (written when the opcode has one).
        public var aeth: (syndrome: UInt8, msn: UInt32) = (0x1F, 0)

        public init(opcode: InfiniBandOpcode, destinationQP: UInt32, psn: UInt32) {
            self.opcode = opcode
            self.destinationQP = destinationQP
            self.psn = psn
        }
    }

    /// A RoCEv2 datagram (annex A17): UDP to 4791 with a zero checksum (A17.3.3: the ICRC
    /// covers it), the BTH and the RETH or AETH its opcode has; `payload` bytes of RDMA data,
    /// the pad to a multiple of four and the 4-byte ICRC are counted, not materialised.
    public static func rocev2(srcMAC: MACAddress, dstMAC: MACAddress, src: IPAddress, dst: IPAddress, sport: UInt16,
                              headers h: RoCEv2Headers, payload: Int, ipID: UInt16, ttl: UInt8 = 64) -> Frame {
        let pad = (4 - payload % 4) % 4
        var bth: [UInt8] = [h.opcode.rawValue, (h.solicitedEvent ? 0x80 : 0) | UInt8(pad) << 4]
        bth += be16(h.partitionKey) + [0] + Array(be32(h.destinationQP & 0xFF_FFFF).dropFirst())
        bth += [h.acknowledgeRequest ? 0x80 : 0] + Array(be32(h.psn & 0xFF_FFFF).dropFirst())
        if h.opcode.hasRETH {
            bth += Array(be32(UInt32(h.reth.address >> 32))) + be32(UInt32(truncatingIfNeeded: h.reth.address)) + be32(h.reth.key) + be32(h.reth.length)
        } else if h.opcode.hasAETH {
            bth += [h.aeth.syndrome] + Array(be32(h.aeth.msn & 0xFF_FFFF).dropFirst())
        }
        let udpLength = 8 + bth.count + payload + pad + RoCEv2Packet.icrcLength
        let udp = be16(sport) + be16(RoCEv2Packet.udpPort) + be16(UInt16(udpLength)) + [0, 0]
        let ip = ipv4(src: src, dst: dst, protocol: 17, payload: udpLength, id: ipID, ttl: ttl)
        var bytes = ethernet(dst: dstMAC, src: srcMAC, type: 0x0800) + ip + udp + bth
        let wire = max(60, 14 + 20 + udpLength)
        // A short datagram is captured whole (its pad, ICRC and Ethernet padding as zeros).
        if wire <= 128 { bytes += [UInt8](repeating: 0, count: wire - bytes.count) }
        return Frame(bytes: bytes, wireLength: wire)
    }
}
