import CZlib
import PacketWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes pcap or pcapng files (little-endian, microsecond or nanosecond pcap; pcapng with one
/// section, any number of interfaces with names and if_tsresol 9, EPBs with flags and packet
/// ids). Buffered; `close()` flushes. Used for sample captures and generated test inputs.
public final class CaptureWriter {
    public enum Format: Sendable {
        case pcap(nanoseconds: Bool)
        case pcapng
    }

    /// An interface to declare in a pcapng file.
    public struct Interface: Sendable {
        public var name: String
        public var description: String?
        public var linkType: LinkType
        public var snapLength: UInt32
        public init(name: String, description: String? = nil, linkType: LinkType = .ethernet, snapLength: UInt32 = 262_144) {
            self.name = name
            self.description = description
            self.linkType = linkType
            self.snapLength = snapLength
        }
    }

    public let path: String
    public let format: Format
    private let file: UnsafeMutablePointer<FILE>?
    private let gz: gzFile?
    /// Bytes not yet written: `capacity` allocated, the first `used` filled. Raw memory, so that
    /// a packet's fields are stored, not appended one array call each (a live capture writes
    /// every packet it takes).
    private var pending = UnsafeMutableRawPointer.allocate(byteCount: 1 << 17, alignment: 16)
    private var capacity = 1 << 17
    private var used = 0
    private let snapLength: UInt32

    /// Creates `path` and writes the file header (pcap) or section and interface blocks (pcapng).
    /// With `gzip`, the file is written gzip-compressed (zlib's gzwrite: no name, mtime 0, so
    /// the bytes depend only on the content).
    public init(path: String, format: Format, interfaces: [Interface], gzip: Bool = false) throws(CaptureError) {
        if gzip {
            guard let g = gzopen(path, "wb9") else {
                throw CaptureError(path: path, offset: 0, kind: .io, expected: "a writable file")
            }
            gz = g
            file = nil
        } else {
            guard let f = fopen(path, "wb") else {
                throw CaptureError(path: path, offset: 0, kind: .io, expected: "a writable file")
            }
            file = f
            gz = nil
        }
        self.path = path
        self.format = format
        snapLength = interfaces.first?.snapLength ?? 262_144
        switch format {
        case .pcap(let ns):
            put32(ns ? 0xA1B2_3C4D : 0xA1B2_C3D4)
            put16(2); put16(4); put32(0); put32(0)
            put32(snapLength)
            put32(interfaces.first?.linkType.rawValue ?? 1)
        case .pcapng:
            // SHB: type, length 28, BOM, version 1.0, section length -1.
            put32(0x0A0D_0D0A); put32(28); put32(0x1A2B_3C4D); put16(1); put16(0)
            put64(UInt64.max); put32(28)
            for iface in interfaces { writeIDB(iface) }
        }
    }

    deinit {
        close()
        pending.deallocate()
    }

    /// Declares one more interface (pcapng: an IDB may follow packets in a section); its index
    /// is the next one.
    public func writeInterface(_ iface: Interface) {
        guard case .pcapng = format else { return }
        writeIDB(iface)
    }

    private func writeIDB(_ iface: Interface) {
        var options: [UInt8] = []
        Self.option(&options, code: 2, Array(iface.name.utf8))
        if let d = iface.description { Self.option(&options, code: 3, Array(d.utf8)) }
        Self.option(&options, code: 9, [9]) // if_tsresol: nanoseconds
        options += [0, 0, 0, 0]
        let length = UInt32(20 + options.count)
        put32(1); put32(length)
        put16(UInt16(iface.linkType.rawValue)); put16(0); put32(iface.snapLength)
        // SAFETY: the array's bytes, read only inside the call.
        options.withUnsafeBytes { append($0) }
        put32(length)
    }

    private var closed = false

    /// Flushes and closes the file.
    public func close() {
        guard !closed else { return }
        flush()
        if let file { fclose(file) }
        if let gz { gzclose(gz) }
        closed = true
    }

    /// Writes one packet. `bytes` is the frame as it was on the wire; at most the snap length
    /// of it is stored, and `wireLength` (default: all of it) is recorded as its length.
    public func write(timestamp: Int64, interface: Int = 0, bytes: [UInt8], wireLength: Int? = nil,
                      flags: UInt32? = nil, packetID: UInt64? = nil, dropCount: UInt64? = nil) {
        // SAFETY: the buffer is used only inside the call.
        bytes.withUnsafeBytes { write(timestamp: timestamp, interface: interface, bytes: $0, wireLength: wireLength, flags: flags, packetID: packetID, dropCount: dropCount) }
    }

    private var bytesWritten = 0
    /// The file's size with what is still buffered: for rotation by size.
    public var size: Int { bytesWritten + used }

    /// The same from bytes in place (a live capture's buffer).
    public func write(timestamp: Int64, interface: Int = 0, bytes: UnsafeRawBufferPointer, wireLength: Int? = nil,
                      flags: UInt32? = nil, packetID: UInt64? = nil, dropCount: UInt64? = nil) {
        let wire = wireLength ?? bytes.count
        let caplen = min(bytes.count, Int(snapLength), wire)
        switch format {
        case .pcap(let ns):
            put32(UInt32(truncatingIfNeeded: timestamp / 1_000_000_000))
            let fraction = timestamp % 1_000_000_000
            put32(UInt32(ns ? fraction : fraction / 1000))
            put32(UInt32(caplen)); put32(UInt32(wire))
            // SAFETY: caplen <= bytes.count.
            append(UnsafeRawBufferPointer(rebasing: bytes[0..<caplen]))
        case .pcapng:
            // Stored in place into the buffer, its room reserved once: no array and no capacity
            // check per field (a live capture writes every packet it takes). Options: epb_flags
            // (2), epb_dropcount (4), epb_packetid (5), then opt_endofopt.
            let optionBytes = (flags == nil ? 0 : 8) + (dropCount == nil ? 0 : 12) + (packetID == nil ? 0 : 12)
            let padded = (caplen + 3) & ~3
            let length = 32 + padded + optionBytes + (optionBytes > 0 ? 4 : 0)
            reserve(length)
            // SAFETY: reserve left room for `length` bytes after `used`; every store below lies
            // within them (28 + padded + options + 4 = length); unaligned stores are allowed in raw memory.
            let p = pending + used
            let t = UInt64(timestamp)
            p.storeBytes(of: UInt32(6).littleEndian, toByteOffset: 0, as: UInt32.self)
            p.storeBytes(of: UInt32(length).littleEndian, toByteOffset: 4, as: UInt32.self)
            p.storeBytes(of: UInt32(interface).littleEndian, toByteOffset: 8, as: UInt32.self)
            p.storeBytes(of: UInt32(t >> 32).littleEndian, toByteOffset: 12, as: UInt32.self)
            p.storeBytes(of: UInt32(t & 0xFFFF_FFFF).littleEndian, toByteOffset: 16, as: UInt32.self)
            p.storeBytes(of: UInt32(caplen).littleEndian, toByteOffset: 20, as: UInt32.self)
            p.storeBytes(of: UInt32(wire).littleEndian, toByteOffset: 24, as: UInt32.self)
            // SAFETY: caplen <= bytes.count.
            if caplen > 0, let base = bytes.baseAddress { (p + 28).copyMemory(from: base, byteCount: caplen) }
            // SAFETY: the padding lies within the reserved room.
            (p + 28 + caplen).initializeMemory(as: UInt8.self, repeating: 0, count: padded - caplen)
            var o = 28 + padded
            func option(_ code: UInt16, _ value: UInt64, _ size: Int) {
                // SAFETY: within the reserved room (optionBytes counts each option's 4 + size bytes).
                p.storeBytes(of: code.littleEndian, toByteOffset: o, as: UInt16.self)
                p.storeBytes(of: UInt16(size).littleEndian, toByteOffset: o + 2, as: UInt16.self)
                if size == 4 {
                    p.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: o + 4, as: UInt32.self)
                } else {
                    p.storeBytes(of: value.littleEndian, toByteOffset: o + 4, as: UInt64.self)
                }
                o += 4 + size
            }
            if let flags { option(2, UInt64(flags), 4) }
            if let dropCount { option(4, dropCount, 8) }
            if let packetID { option(5, packetID, 8) }
            if optionBytes > 0 {
                p.storeBytes(of: UInt32(0), toByteOffset: o, as: UInt32.self)
                o += 4
            }
            p.storeBytes(of: UInt32(length).littleEndian, toByteOffset: o, as: UInt32.self)
            used += length
        }
        if used >= 1 << 16 { flush() }
    }

    /// An Interface Statistics Block (pcapng §4.6): `isb_starttime`, `isb_endtime`,
    /// `isb_ifrecv` (packets the capture received), `isb_ifdrop` (dropped by the interface)
    /// and `isb_osdrop` (dropped by the kernel for want of buffer). pcapng only.
    public func writeStatistics(interface: Int, timestamp: Int64, start: Int64, end: Int64, received: UInt64, interfaceDrops: UInt64, kernelDrops: UInt64) {
        guard case .pcapng = format else { return }
        func ts(_ t: Int64) -> [UInt8] { Self.le32(UInt32(UInt64(t) >> 32)) + Self.le32(UInt32(UInt64(t) & 0xFFFF_FFFF)) }
        var options: [UInt8] = []
        Self.option(&options, code: 2, ts(start))
        Self.option(&options, code: 3, ts(end))
        Self.option(&options, code: 4, Self.le64(received))
        Self.option(&options, code: 5, Self.le64(interfaceDrops))
        Self.option(&options, code: 7, Self.le64(kernelDrops))
        options += [0, 0, 0, 0]
        let length = UInt32(24 + options.count)
        put32(5); put32(length); put32(UInt32(interface))
        put32(UInt32(UInt64(timestamp) >> 32)); put32(UInt32(UInt64(timestamp) & 0xFFFF_FFFF))
        // SAFETY: the array's bytes, read only inside the call.
        options.withUnsafeBytes { append($0) }
        put32(length)
    }

    private func flush() {
        guard used > 0 else { return }
        bytesWritten += used
        // SAFETY: the first `used` bytes of `pending` are filled.
        if let file { _ = fwrite(pending, 1, used, file) }
        if let gz { _ = gzwrite(gz, pending, UInt32(used)) }
        used = 0
    }

    /// Room for `n` more bytes after `used`: what is pending written out first, a larger block
    /// for a block larger than all of it.
    private func reserve(_ n: Int) {
        guard used + n > capacity else { return }
        flush()
        guard n > capacity else { return }
        pending.deallocate()
        capacity = n
        pending = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 16)
    }

    private func append(_ raw: UnsafeRawBufferPointer) {
        reserve(raw.count)
        // SAFETY: reserve left room for raw.count bytes after `used`.
        if let base = raw.baseAddress { (pending + used).copyMemory(from: base, byteCount: raw.count) }
        used += raw.count
    }

    private func zeros(_ n: Int) {
        reserve(n)
        // SAFETY: reserve left room for n bytes after `used`.
        (pending + used).initializeMemory(as: UInt8.self, repeating: 0, count: n)
        used += n
    }

    private func put16(_ v: UInt16) { put(v) }
    private func put32(_ v: UInt32) { put(v) }
    private func put64(_ v: UInt64) { put(v) }

    private func put<T: FixedWidthInteger>(_ v: T) {
        reserve(MemoryLayout<T>.size)
        // SAFETY: reserve left room for the value's bytes after `used`; unaligned stores are allowed for raw memory.
        pending.storeBytes(of: v.littleEndian, toByteOffset: used, as: T.self)
        used += MemoryLayout<T>.size
    }

    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    private static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }

    private static func option(_ out: inout [UInt8], code: UInt16, _ value: [UInt8]) {
        out += [UInt8(code & 0xFF), UInt8(code >> 8), UInt8(value.count & 0xFF), UInt8(value.count >> 8)]
        out += value
        out += repeatElement(0, count: ((value.count + 3) & ~3) - value.count)
    }
}
