import CaptureIO
import Foundation
import TestSupport

/// Builds capture files byte by byte for reader tests, in either byte order.
struct Bytes {
    var bigEndian = false
    var data: [UInt8] = []

    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func u16(_ v: UInt16) { data += bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) {
        let b = (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }
        data += bigEndian ? b.reversed() : b
    }
    mutating func u64(_ v: UInt64) {
        let b = (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) }
        data += bigEndian ? b.reversed() : b
    }
    mutating func raw(_ b: [UInt8]) { data += b }
    mutating func pad4() { while data.count % 4 != 0 { data.append(0) } }

    /// One pcapng option: code, length, value padded to 4.
    mutating func option(_ code: UInt16, _ value: [UInt8]) {
        u16(code); u16(UInt16(value.count)); raw(value); pad4()
    }

    /// A whole pcapng block with its leading and trailing total length.
    mutating func block(_ type: UInt32, _ body: (inout Bytes) -> Void) {
        var inner = Bytes(bigEndian: bigEndian)
        body(&inner)
        let length = UInt32(12 + inner.data.count)
        u32(type); u32(length); raw(inner.data); u32(length)
    }

    mutating func sectionHeader() {
        block(0x0A0D_0D0A) { b in b.u32(0x1A2B_3C4D); b.u16(1); b.u16(0); b.u64(UInt64.max) }
    }

    mutating func interface(linkType: UInt16 = 1, snap: UInt32 = 0, options: (inout Bytes) -> Void = { _ in }) {
        block(1) { b in
            b.u16(linkType); b.u16(0); b.u32(snap)
            var o = Bytes(bigEndian: b.bigEndian)
            options(&o)
            if !o.data.isEmpty { b.raw(o.data); b.u32(0) }
        }
    }

    mutating func enhancedPacket(interface: UInt32, timestamp: UInt64, packet: [UInt8], wireLength: UInt32? = nil,
                                 options: (inout Bytes) -> Void = { _ in }) {
        block(6) { b in
            b.u32(interface); b.u32(UInt32(timestamp >> 32)); b.u32(UInt32(timestamp & 0xFFFF_FFFF))
            b.u32(UInt32(packet.count)); b.u32(wireLength ?? UInt32(packet.count))
            b.raw(packet); b.pad4()
            var o = Bytes(bigEndian: b.bigEndian)
            options(&o)
            if !o.data.isEmpty { b.raw(o.data); b.u32(0) }
        }
    }

    /// Writes the bytes to a fresh temporary file and returns its path.
    func file(_ name: String = "capture") throws -> String {
        let dir = try TestEnvironment.temporaryFolder("teamscope-fixture")
        let path = dir + "/" + name
        try Data(data).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Reads a whole file; returns the records' (timestamp, interface, caplen, wirelen, flags,
/// packet id) and the error that stopped it.
func readAll(_ path: String) throws -> (records: [(ts: Int64, iface: Int, caplen: Int, len: Int, flags: UInt32, id: UInt64?, first: UInt8?)],
                                         reader: any PacketReader, error: CaptureError?) {
    let reader = try CaptureFile.open(path)
    var records: [(ts: Int64, iface: Int, caplen: Int, len: Int, flags: UInt32, id: UInt64?, first: UInt8?)] = []
    do {
        while let r = try reader.next() {
            records.append((r.timestamp, r.interface, r.capturedLength, r.wireLength, r.flags, r.packetID, r.bytes.first))
        }
        return (records, reader, nil)
    } catch {
        return (records, reader, error)
    }
}

/// A 60-byte Ethernet/IPv4/UDP frame (valid enough for filters and decoders).
let sampleFrame: [UInt8] = [
    0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,                  // Ethernet: dst, src, IPv4
    0x45, 0, 0, 46, 0, 1, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2, // IPv4 192.0.2.1 → .2, UDP
    0x9C, 0x40, 0x1B, 0x58, 0, 26, 0, 0,                                    // UDP 40000 → 7000
] + [UInt8](repeating: 0, count: 18)
