import PacketWire
import XCTest

/// The InfiniBand transport headers of RoCEv2 (IBTA Vol. 1 9.2, 9.3.3, 9.3.5; annex A17).
final class RoCEv2PacketTests: XCTestCase {
    // RDMA WRITE First (0x06) with a RETH, from the UDP payload on:
    // 0000  06 a0 ff ff c0 00 01 02  80 01 02 03              BTH: opcode, SE+pad 2, P_Key, FECN+BECN, QP 0x000102, A, PSN 0x010203
    // 000c  00 00 7f 00 00 01 00 00  00 00 2a 01 00 00 80 00  RETH: VA 0x00007f0000010000, R_Key 0x2a01, DMA length 32768
    // 001c  ab cd                                             payload (the pad and ICRC are not captured)
    static let writeFirst: [UInt8] = [0x06, 0xA0, 0xFF, 0xFF, 0xC0, 0x00, 0x01, 0x02, 0x80, 0x01, 0x02, 0x03,
                                      0x00, 0x00, 0x7F, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2A, 0x01, 0x00, 0x00, 0x80, 0x00,
                                      0xAB, 0xCD]

    // Acknowledge (0x11), a NAK for a PSN sequence error:
    // 0000  11 40 80 00 00 00 00 11  00 00 10 0b              BTH: opcode, MigReq, P_Key 0x8000, QP 0x11, PSN 0x100b
    // 000c  60 00 00 02                                       AETH: syndrome 0x60 (NAK, code 0), MSN 2
    // 0010  00 00 00 00                                       ICRC
    static let nak: [UInt8] = [0x11, 0x40, 0x80, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x10, 0x0B,
                               0x60, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00]

    func testWriteFirst() throws {
        try Self.writeFirst.withUnsafeBytes { b in
            // 12 + 16 header bytes, 4096 of payload, pad 2 and the ICRC in a datagram of 4130.
            let p = try RoCEv2Packet(b, at: 0, datagramLength: 12 + 16 + 4096 + 2 + 4)
            XCTAssertEqual(p.bth.opcode, .writeFirst)
            XCTAssertEqual(p.bth.opcode.service, .reliableConnection)
            XCTAssertTrue(p.bth.solicitedEvent)
            XCTAssertFalse(p.bth.migrationRequest)
            XCTAssertEqual(p.bth.padCount, 2)
            XCTAssertEqual(p.bth.transportVersion, 0)
            XCTAssertEqual(p.bth.partitionKey, 0xFFFF)
            XCTAssertTrue(p.bth.fecn)
            XCTAssertTrue(p.bth.becn)
            XCTAssertEqual(p.bth.destinationQP, 0x102)
            XCTAssertTrue(p.bth.acknowledgeRequest)
            XCTAssertEqual(p.bth.psn, 0x010203)
            let reth = try XCTUnwrap(p.reth)
            XCTAssertEqual(reth.virtualAddress, 0x7F00_0001_0000)
            XCTAssertEqual(reth.remoteKey, 0x2A01)
            XCTAssertEqual(reth.dmaLength, 32_768)
            XCTAssertNil(p.aeth)
            XCTAssertEqual(p.payloadLength, 4096)
        }
    }

    func testNAK() throws {
        try Self.nak.withUnsafeBytes { b in
            let p = try RoCEv2Packet(b, at: 0, datagramLength: Self.nak.count)
            XCTAssertEqual(p.bth.opcode, .acknowledge)
            XCTAssertTrue(p.bth.migrationRequest)
            XCTAssertFalse(p.bth.fecn)
            XCTAssertEqual(p.bth.partitionKey, 0x8000)
            XCTAssertEqual(p.bth.psn, 0x100B)
            let aeth = try XCTUnwrap(p.aeth)
            XCTAssertEqual(aeth.syndrome.kind, .nak)
            XCTAssertEqual(aeth.syndrome.nakCode, .psnSequenceError)
            XCTAssertEqual(aeth.messageSequenceNumber, 2)
            XCTAssertNil(p.reth)
            XCTAssertEqual(p.payloadLength, 0)
        }
    }

    /// Every prefix of the headers a datagram needs throws, naming the header, its offset and
    /// the bytes it needs; nothing is read past what was given.
    func testEveryPrefix() throws {
        for n in 0..<28 {
            try Array(Self.writeFirst.prefix(n)).withUnsafeBytes { b in
                XCTAssertThrowsError(try RoCEv2Packet(b, at: 0, datagramLength: 4130)) { e in
                    let e = e as! RDMAHeaderError
                    XCTAssertEqual(e.kind, .truncated)
                    XCTAssertEqual(e.header, n < 12 ? .bth : .reth, "\(n) bytes")
                    XCTAssertEqual(e.offset, n < 12 ? 0 : 12)
                    XCTAssertEqual(e.available, n < 12 ? n : n - 12)
                }
            }
        }
        for n in 0..<16 {
            try Array(Self.nak.prefix(n)).withUnsafeBytes { b in
                XCTAssertThrowsError(try RoCEv2Packet(b, at: 0, datagramLength: 20)) { e in
                    XCTAssertEqual((e as! RDMAHeaderError).header, n < 12 ? .bth : .aeth, "\(n) bytes")
                }
            }
        }
        // At an offset: the error counts from the start of the bytes given.
        try ([0, 0, 0] + Self.nak.prefix(14)).withUnsafeBytes { b in
            XCTAssertThrowsError(try RoCEv2Packet(b, at: 3, datagramLength: 20)) { e in
                XCTAssertEqual(e as? RDMAHeaderError,
                               RDMAHeaderError(header: .aeth, kind: .truncated, offset: 15, needed: 4, available: 2))
                XCTAssertEqual("\(e)", "byte 15: expected a 4-byte AETH, 2 bytes captured")
            }
        }
    }

    /// A datagram whose UDP length leaves no room for a header (or the ICRC) is not one, however
    /// much was captured.
    func testDatagramTooShort() throws {
        try Self.nak.withUnsafeBytes { b in
            XCTAssertThrowsError(try RoCEv2Packet(b, at: 0, datagramLength: 14)) { e in
                XCTAssertEqual(e as? RDMAHeaderError,
                               RDMAHeaderError(header: .aeth, kind: .tooShort, offset: 12, needed: 4, available: 2))
            }
            XCTAssertThrowsError(try RoCEv2Packet(b, at: 0, datagramLength: 18)) { e in
                XCTAssertEqual((e as? RDMAHeaderError)?.header, .icrc)
            }
            XCTAssertThrowsError(try RoCEv2Packet(b, at: 0, datagramLength: 8)) { e in
                XCTAssertEqual((e as? RDMAHeaderError)?.header, .bth)
                XCTAssertEqual((e as? RDMAHeaderError)?.kind, .tooShort)
            }
        }
    }

    /// Which opcodes carry a RETH or an AETH, and where (table 38, 9.3.1), for every service;
    /// unknown and vendor opcodes survive and carry neither.
    func testOpcodeTable() {
        let reth: Set<UInt8> = [0x06, 0x0A, 0x0B, 0x0C, 0x1C, 0x1D]
        let aeth: Set<UInt8> = [0x0D, 0x0F, 0x10, 0x11, 0x12]
        for service: UInt8 in [0, 1, 2, 3, 5] {
            for op: UInt8 in 0..<32 {
                let code = InfiniBandOpcode(rawValue: service << 5 | op)
                XCTAssertEqual(code.hasRETH, reth.contains(op), "0x\(String(code.rawValue, radix: 16))")
                XCTAssertEqual(code.hasAETH, aeth.contains(op), "0x\(String(code.rawValue, radix: 16))")
            }
        }
        XCTAssertEqual(InfiniBandOpcode(rawValue: 0x4C).headersBeforeRETH, 12, "RD READ: RDETH + DETH")
        XCTAssertEqual(InfiniBandOpcode(rawValue: 0x51).headersBeforeAETH, 4, "RD Acknowledge: RDETH")
        XCTAssertEqual(InfiniBandOpcode(rawValue: 0xAA).headersBeforeRETH, 4, "XRC WRITE Only: XRCETH")
        XCTAssertEqual(InfiniBandOpcode(rawValue: 0xB1).headersBeforeAETH, 0, "XRC Acknowledge: no XRCETH")
        XCTAssertEqual(InfiniBandOpcode.congestionNotification.service, .congestionNotification)
        XCTAssertFalse(InfiniBandOpcode.congestionNotification.hasRETH || InfiniBandOpcode.congestionNotification.hasAETH)
        XCTAssertFalse(InfiniBandOpcode(rawValue: 0xE0).hasRETH, "a vendor opcode")
        XCTAssertTrue(InfiniBandOpcode.readResponseMiddle.isResponse)
        XCTAssertFalse(InfiniBandOpcode.readRequest.isResponse)
        XCTAssertTrue(InfiniBandOpcode.readRequest.isReadRequest)
    }

    /// An RD Acknowledge: the RDETH is stepped over to reach the AETH.
    // 0000  51 00 ff ff 00 00 00 21  00 00 00 05              BTH: RD Acknowledge, QP 0x21, PSN 5
    // 000c  00 00 00 09                                       RDETH: EE context 9
    // 0010  01 00 00 07  00 00 00 00                          AETH: ACK, credits 1, MSN 7; ICRC
    func testReliableDatagramAcknowledge() throws {
        let bytes: [UInt8] = [0x51, 0, 0xFF, 0xFF, 0, 0, 0, 0x21, 0, 0, 0, 5, 0, 0, 0, 9, 0x01, 0, 0, 7, 0, 0, 0, 0]
        try bytes.withUnsafeBytes { b in
            let p = try RoCEv2Packet(b, at: 0, datagramLength: bytes.count)
            XCTAssertEqual(p.aeth?.syndrome.kind, .ack)
            XCTAssertEqual(p.aeth?.syndrome.value, 1)
            XCTAssertEqual(p.aeth?.messageSequenceNumber, 7)
        }
    }

    func testSyndromes() {
        XCTAssertEqual(AETHSyndrome(rawValue: 0x1F).kind, .ack)
        XCTAssertNil(AETHSyndrome(rawValue: 0x1F).nakCode)
        XCTAssertEqual(AETHSyndrome(rawValue: 0x2E).kind, .receiverNotReady)
        XCTAssertEqual(AETHSyndrome(rawValue: 0x2E).value, 0x0E)
        XCTAssertEqual(AETHSyndrome(rawValue: 0x63).nakCode, .remoteOperationalError)
        XCTAssertEqual(AETHSyndrome(rawValue: 0x40).kind, .reserved)
    }
}
