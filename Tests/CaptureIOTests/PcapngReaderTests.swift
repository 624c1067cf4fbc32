import CaptureIO
import XCTest

final class PcapngReaderTests: XCTestCase {
    func testInterfaceOptionsAndResolutions() throws {
        for bigEndian in [false, true] {
            var b = Bytes(bigEndian: bigEndian)
            b.sectionHeader()
            // eth0: if_tsresol 10^-9, a MAC, an IPv4 address, if_tsoffset +10 s.
            b.interface(linkType: 1, snap: 128) { o in
                o.option(2, Array("eth0".utf8))
                o.option(3, Array("Intel X710".utf8))
                o.option(4, [192, 0, 2, 1, 255, 255, 255, 0])
                o.option(6, [0x02, 0, 0, 0, 0, 1])
                o.option(9, [9])
                var off = Bytes(bigEndian: bigEndian); off.u64(10); o.option(14, off.data)
            }
            // eth1: if_tsresol 2^-10 (base 2), raw IP link type.
            b.interface(linkType: 101) { o in
                o.option(2, Array("eth1".utf8))
                o.option(9, [0x80 | 10])
            }
            b.enhancedPacket(interface: 0, timestamp: 1_000_000_123, packet: sampleFrame, wireLength: 1514) { o in
                var v = Bytes(bigEndian: bigEndian)
                v.u32(2); o.option(2, v.data)                       // epb_flags: outbound
                v = Bytes(bigEndian: bigEndian); v.u64(7); o.option(4, v.data)   // epb_dropcount
                v = Bytes(bigEndian: bigEndian); v.u64(0xABCDEF); o.option(5, v.data) // epb_packetid
                v = Bytes(bigEndian: bigEndian); v.u32(3); o.option(6, v.data)   // epb_queue
            }
            b.enhancedPacket(interface: 1, timestamp: 3 * 1024 + 512, packet: Array(sampleFrame[14...])) { o in
                var v = Bytes(bigEndian: bigEndian); v.u32(1); o.option(2, v.data) // inbound
            }
            // ISB for eth0: ifrecv 100, ifdrop 2, osdrop 3.
            b.block(5) { s in
                s.u32(0); s.u32(0); s.u32(0)
                var v = Bytes(bigEndian: bigEndian); v.u64(100); s.option(4, v.data)
                v = Bytes(bigEndian: bigEndian); v.u64(2); s.option(5, v.data)
                v = Bytes(bigEndian: bigEndian); v.u64(3); s.option(7, v.data)
                s.u32(0)
            }
            // An unknown block and a custom block are skipped by their length.
            b.block(0x0000_0ABC) { s in s.u32(1); s.u32(2) }
            b.block(0x0000_0BAD) { s in s.u32(32473); s.raw([1, 2, 3, 4]) }
            let (records, reader, error) = try readAll(try b.file())
            XCTAssertNil(error, "big-endian \(bigEndian)")
            XCTAssertEqual(reader.format, .pcapng)
            XCTAssertEqual(reader.interfaces.count, 2)
            let eth0 = reader.interfaces[0], eth1 = reader.interfaces[1]
            XCTAssertEqual(eth0.name, "eth0")
            XCTAssertEqual(eth0.description, "Intel X710")
            XCTAssertEqual(eth0.macAddress, 0x02_00_00_00_00_01)
            XCTAssertEqual(eth0.ipv4Addresses, [0xC000_0201])
            XCTAssertEqual(eth0.timestampOffset, 10)
            XCTAssertEqual(eth1.linkType, .raw)
            XCTAssertEqual(eth1.timestampResolution.isBase2, true)
            XCTAssertEqual(records.count, 2)
            // 1_000_000_123 ns + 10 s offset.
            XCTAssertEqual(records[0].ts, 11_000_000_123)
            XCTAssertEqual(records[0].len, 1514)
            XCTAssertEqual(records[0].flags & 3, 2)
            XCTAssertEqual(records[0].id, 0xABCDEF)
            // 3.5 s in 2^-10 units.
            XCTAssertEqual(records[1].ts, 3_500_000_000)
            XCTAssertEqual(records[1].iface, 1)
            XCTAssertEqual(records[1].flags & 3, 1)
            XCTAssertEqual(reader.statistics[0]?.received, 100)
            XCTAssertEqual(reader.statistics[0]?.dropped, 5)
            XCTAssertEqual(reader.blockCounts["unknown"], 1)
            XCTAssertEqual(reader.blockCounts["CB"], 1)
        }
    }

    func testQueueAndDropCountReachTheRecord() throws {
        var b = Bytes()
        b.sectionHeader()
        b.interface()
        b.enhancedPacket(interface: 0, timestamp: 1, packet: sampleFrame) { o in
            var v = Bytes(); v.u64(9); o.option(4, v.data)
            v = Bytes(); v.u32(5); o.option(6, v.data)
        }
        let reader = try CaptureFile.open(try b.file())
        let r = try XCTUnwrap(try reader.next())
        XCTAssertEqual(r.dropCount, 9)
        XCTAssertEqual(r.queue, 5)
    }

    func testSectionsOfBothByteOrdersRestartInterfaceNumbering() throws {
        var le = Bytes(bigEndian: false)
        le.sectionHeader(); le.interface(); le.enhancedPacket(interface: 0, timestamp: 1_000_000, packet: sampleFrame)
        var be = Bytes(bigEndian: true)
        be.sectionHeader(); be.interface(linkType: 113); be.interface()
        be.enhancedPacket(interface: 1, timestamp: 2_000_000, packet: sampleFrame)
        var whole = Bytes()
        whole.raw(le.data + be.data)
        let (records, reader, error) = try readAll(try whole.file())
        XCTAssertNil(error)
        XCTAssertEqual(reader.interfaces.map(\.section), [0, 1, 1])
        XCTAssertEqual(records.map(\.iface), [0, 2], "section 2's interface 1 is the file's third")
        XCTAssertEqual(records.map(\.ts), [1_000_000_000, 2_000_000_000])
    }

    func testObsoletePacketBlockAndSimplePacketBlock() throws {
        var b = Bytes()
        b.sectionHeader()
        b.interface(snap: 30)
        // Obsolete Packet Block: interface u16, drops u16, ts, caplen, len, data, pack_flags option.
        b.block(2) { s in
            s.u16(0); s.u16(4); s.u32(0); s.u32(2_000_000); s.u32(UInt32(sampleFrame.count)); s.u32(60)
            s.raw(sampleFrame); s.pad4()
            var v = Bytes(); v.u32(1); s.option(2, v.data); s.u32(0)
        }
        // Simple Packet Block: original length 60, data cut at the interface's snaplen 30.
        b.block(3) { s in s.u32(60); s.raw(Array(sampleFrame.prefix(30))); s.pad4() }
        let (records, _, error) = try readAll(try b.file())
        XCTAssertNil(error)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].flags & 3, 1)
        XCTAssertEqual(records[1].caplen, 30)
        XCTAssertEqual(records[1].len, 60)
        XCTAssertEqual(records[1].ts, records[0].ts, "an SPB takes the previous timestamp")
    }

    func testImpossibleBlockLengthsAreReportedWithOffsets() throws {
        var base = Bytes()
        base.sectionHeader(); base.interface()
        let good = base.data.count
        // Not a multiple of 4.
        var b = base; b.u32(6); b.u32(33); b.raw([UInt8](repeating: 0, count: 40))
        var r = try readAll(try b.file())
        XCTAssertEqual(r.error?.kind, .badLength)
        XCTAssertEqual(r.error?.offset, good + 4)
        // Larger than the limit: refused before anything is allocated or mapped.
        b = base; b.u32(6); b.u32(0x7FFF_FFF0)
        r = try readAll(try b.file())
        XCTAssertEqual(r.error?.kind, .badLength)
        // Trailing length disagrees.
        b = base; b.u32(6); b.u32(32); b.raw([UInt8](repeating: 0, count: 20)); b.u32(36)
        r = try readAll(try b.file())
        XCTAssertEqual(r.error?.kind, .badLength)
        XCTAssertEqual(r.error?.offset, good + 28)
        // An interface id the section never declared.
        b = base; b.enhancedPacket(interface: 3, timestamp: 0, packet: sampleFrame)
        r = try readAll(try b.file())
        XCTAssertEqual(r.error?.kind, .badValue)
        XCTAssertEqual(r.error?.offset, good + 8)
        // An option running past its block.
        b = base
        b.block(6) { s in
            s.u32(0); s.u32(0); s.u32(0); s.u32(4); s.u32(4); s.raw([1, 2, 3, 4])
            s.u16(2); s.u16(200); s.u32(0)
        }
        r = try readAll(try b.file())
        XCTAssertEqual(r.error?.kind, .badLength)
    }

    func testEveryTruncatedPrefixIsReportedNeverCrashes() throws {
        var b = Bytes()
        b.sectionHeader(); b.interface { o in o.option(2, Array("eth0".utf8)) }
        b.enhancedPacket(interface: 0, timestamp: 5, packet: sampleFrame)
        b.enhancedPacket(interface: 0, timestamp: 6, packet: sampleFrame)
        // Block boundaries, from each block's own length field.
        var boundaries: Set<Int> = [0]
        var at = 0
        while at < b.data.count {
            at += Int(b.data[at + 4]) | Int(b.data[at + 5]) << 8
            boundaries.insert(at)
        }
        XCTAssertEqual(at, b.data.count)
        for cut in 0..<b.data.count {
            var c = Bytes()
            c.raw(Array(b.data.prefix(cut)))
            do {
                let (_, _, error) = try readAll(try c.file())
                if !boundaries.contains(cut) {
                    let e = try XCTUnwrap(error, "cut at \(cut) must be reported")
                    XCTAssertLessThanOrEqual(e.offset, cut, "cut \(cut): \(e)")
                    XCTAssertTrue(e.description.contains("byte \(e.offset)"))
                }
            } catch let e as CaptureError {
                XCTAssertLessThanOrEqual(e.offset, cut, "open failed for cut \(cut): \(e)")
            }
        }
    }
}
