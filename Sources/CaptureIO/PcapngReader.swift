import PacketWire
/// Reader of pcapng files (draft-ietf-opsawg-pcapng): several sections of either byte order,
/// IDB options (name, description, addresses, if_tsresol in base 10 and 2, if_tsoffset), EPB
/// options (flags, packet id, queue, drop count), SPB, the obsolete Packet Block, ISB counters;
/// every other block skipped by its length.
final class PcapngReader<Source: ByteSource>: PacketReader {
    let source: Source
    /// Pages of a mapped file are handed back behind the reader, but a later read of them maps
    /// the file's bytes again: record bytes stay valid while the mapping does.
    var bytesOutliveRecord: Bool { Source.self == MappedFile.self }
    private var keepFrom = Int.max
    func keepPages(from offset: Int?) { keepFrom = offset ?? Int.max }
    let compressed: Bool
    var path: String { source.path }
    var format: CaptureFormat { .pcapng }
    private(set) var interfaces: [CaptureInterface] = []
    private(set) var statistics: [Int: InterfaceStatistics] = [:]
    /// The first `blockSequenceLimit` block types, in file order (conformance checks use it).
    private(set) var blockSequence: [PcapngBlockType] = []
    static var blockSequenceLimit: Int { 4096 }

    private var counts: [PcapngBlockType: Int] = [:]
    /// EPBs are counted apart from the dictionary: they are the per-packet case.
    private var enhancedPacketBlocks = 0
    private var load = ByteOrderLoad(bigEndian: false)
    private var offset = 0
    private var section = -1
    /// Index in `interfaces` of the current section's interface 0.
    private var sectionBase = 0
    private var finished = false
    private var lastTimestamp: Int64 = 0

    var blockCounts: [String: Int] {
        var result: [String: Int] = [:]
        for (type, n) in counts { result[type.shortName, default: 0] += n }
        if enhancedPacketBlocks > 0 { result["EPB", default: 0] += enhancedPacketBlocks }
        return result
    }

    init(source: Source, compressed: Bool) throws(CaptureError) {
        self.source = source
        self.compressed = compressed
        // The first block must be a Section Header Block; parse it now so that a file that is
        // not pcapng fails at open time.
        guard let h = try source.bytes(at: 0, count: 12) else {
            let n = try source.available(from: 0, limit: 12)
            throw CaptureError(path: source.path, offset: n, kind: .truncated,
                               expected: "a pcapng Section Header Block (the file has only \(n) bytes)")
        }
        // SAFETY: `h` is the 12 bytes the source lent.
        guard h.loadUnaligned(as: UInt32.self) == PcapngBlockType.sectionHeader.rawValue else {
            throw CaptureError(path: source.path, offset: 0, kind: .notACapture,
                               expected: "a pcapng Section Header Block (type 0a0d0d0a)")
        }
        try readSectionHeader(at: 0)
    }

    func next() throws(CaptureError) -> CaptureRecord? {
        if finished { return nil }
        do throws(CaptureError) {
            while true {
                let start = offset
                source.release(before: min(start, keepFrom))
                guard let h = try source.bytes(at: start, count: 8) else {
                    finished = true
                    let left = try source.available(from: start, limit: 8)
                    if left == 0 { return nil }
                    throw CaptureError(path: path, offset: start, kind: .truncated,
                                       expected: "a pcapng block header of 8 bytes (only \(left) left)")
                }
                // SAFETY: `h` is the 8-byte block header the source lent (type, total length).
                let type = PcapngBlockType(rawValue: load.u32(h, 0))
                if type == .sectionHeader {
                    try readSectionHeader(at: start)
                    continue
                }
                let length = Int(load.u32(h, 4))
                let block = try blockBytes(at: start, length: length, type: type)
                note(type)
                offset = start + length
                switch type {
                case .enhancedPacket:
                    return try enhancedPacket(block, length: length, at: start)
                case .simplePacket:
                    return try simplePacket(block, length: length, at: start)
                case .packet:
                    return try obsoletePacket(block, length: length, at: start)
                case .interfaceDescription:
                    try interfaceDescription(block, length: length, at: start)
                case .interfaceStatistics:
                    try interfaceStatistics(block, length: length, at: start)
                default:
                    break // NRB, DSB, custom and unknown blocks: skipped by their length.
                }
            }
        } catch {
            finished = true
            throw error
        }
    }

    // MARK: Blocks

    private func note(_ type: PcapngBlockType) {
        if type == .enhancedPacket { enhancedPacketBlocks += 1 } else { counts[type, default: 0] += 1 }
        if blockSequence.count < Self.blockSequenceLimit { blockSequence.append(type) }
    }

    /// Validates a block's length fields and returns its bytes.
    private func blockBytes(at start: Int, length: Int, type: PcapngBlockType) throws(CaptureError) -> UnsafeRawPointer {
        guard length >= 12, length % 4 == 0 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "a block total length that is a multiple of 4 and at least 12 (found \(length) in a block of type 0x\(String(type.rawValue, radix: 16)))")
        }
        guard length <= CaptureLimits.maxBlockLength else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "a block total length of at most \(CaptureLimits.maxBlockLength) bytes (found \(length))")
        }
        guard let block = try source.bytes(at: start, count: length) else {
            let left = try source.available(from: start, limit: length)
            throw CaptureError(path: path, offset: start + left, kind: .truncated,
                               expected: "a \(type.shortName) block of \(length) bytes starting at byte \(start) (only \(left) bytes left)")
        }
        // SAFETY: the source lent `length` >= 12 bytes; the trailer is the last 4.
        let trailer = Int(load.u32(block, length - 4))
        guard trailer == length else {
            throw CaptureError(path: path, offset: start + length - 4, kind: .badLength,
                               expected: "the block's trailing total length to repeat \(length) (found \(trailer))")
        }
        return block
    }

    private func readSectionHeader(at start: Int) throws(CaptureError) {
        guard let h = try source.bytes(at: start, count: 12) else {
            let left = try source.available(from: start, limit: 12)
            throw CaptureError(path: path, offset: start + left, kind: .truncated,
                               expected: "a Section Header Block of at least 12 bytes (only \(left) left)")
        }
        // SAFETY: `h` is the 12 bytes the source lent (magic at 8).
        let bom = h.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        switch bom {
        case UInt32(0x1A2B_3C4D).littleEndian: load = ByteOrderLoad(bigEndian: false)
        case UInt32(0x1A2B_3C4D).bigEndian: load = ByteOrderLoad(bigEndian: true)
        default:
            throw CaptureError(path: path, offset: start + 8, kind: .badValue,
                               expected: "the byte-order magic 1a2b3c4d in either byte order")
        }
        let length = Int(load.u32(h, 4))
        guard length >= 28 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "a Section Header Block length of at least 28 (found \(length))")
        }
        let block = try blockBytes(at: start, length: length, type: .sectionHeader)
        // SAFETY: blockBytes lent `length` >= 28 bytes; the version is 12..<14.
        let major = load.u16(block, 12)
        guard major == 1 else {
            throw CaptureError(path: path, offset: start + 12, kind: .unsupported,
                               expected: "pcapng major version 1 (found \(major))")
        }
        // Options (shb_hardware, shb_os, shb_userappl) are validated for shape only.
        try forEachOption(block, from: 24, to: length - 4, blockStart: start) { _, _, _ throws(CaptureError) in }
        note(.sectionHeader)
        section += 1
        sectionBase = interfaces.count
        offset = start + length
    }

    private func interfaceDescription(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) {
        guard length >= 20 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "an Interface Description Block of at least 20 bytes (found \(length))")
        }
        // SAFETY: length >= 20 covers 8..<16; each option case reads only what its n >= … guarantees.
        var iface = CaptureInterface(index: interfaces.count, section: section,
                                     linkType: LinkType(rawValue: UInt32(load.u16(b, 8))),
                                     snapLength: load.u32(b, 12))
        try forEachOption(b, from: 16, to: length - 4, blockStart: start) { code, v, n throws(CaptureError) in
            switch code {
            case 2: iface.name = Self.string(v, n)
            case 3: iface.description = Self.string(v, n)
            case 4 where n >= 8:
                iface.ipv4Addresses.append(UInt32(bigEndian: v.loadUnaligned(as: UInt32.self)))
            case 5 where n >= 17:
                iface.ipv6Addresses.append(Array(UnsafeRawBufferPointer(start: v, count: 16)))
            case 6 where n >= 6:
                var mac: UInt64 = 0
                for i in 0..<6 { mac = mac << 8 | UInt64(v.load(fromByteOffset: i, as: UInt8.self)) }
                iface.macAddress = mac
            case 8 where n >= 8:
                iface.speed = self.load.u64(v, 0)
            case 9 where n >= 1:
                iface.timestampResolution = TimestampResolution(rawValue: v.load(as: UInt8.self))
            case 13 where n >= 1:
                iface.fcsLength = Int(v.load(as: UInt8.self))
            case 14 where n >= 8:
                iface.timestampOffset = Int64(bitPattern: self.load.u64(v, 0))
            default: break
            }
        }
        interfaces.append(iface)
    }

    private func interfaceStatistics(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) {
        guard length >= 24 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "an Interface Statistics Block of at least 24 bytes (found \(length))")
        }
        // SAFETY: length >= 24 covers the id at 8; option values are read only when n >= 8.
        let index = try globalInterface(load.u32(b, 8), at: start + 8)
        var stats = statistics[index] ?? InterfaceStatistics(interface: index)
        try forEachOption(b, from: 20, to: length - 4, blockStart: start) { code, v, n throws(CaptureError) in
            guard n >= 8 else { return }
            let value = self.load.u64(v, 0)
            switch code {
            case 4: stats.received = value
            case 5: stats.interfaceDropped = value
            case 6: stats.filterAccepted = value
            case 7: stats.osDropped = value
            case 8: stats.userDelivered = value
            default: break
            }
        }
        statistics[index] = stats
    }

    private func enhancedPacket(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) -> CaptureRecord {
        guard length >= 32 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "an Enhanced Packet Block of at least 32 bytes (found \(length))")
        }
        // SAFETY: length >= 32 covers 8..<28; packetLengths keeps the data inside; options read when n covers them.
        let index = try globalInterface(load.u32(b, 8), at: start + 8)
        let (caplen, wirelen, dataEnd) = try packetLengths(b, length: length, at: start)
        var record = CaptureRecord(timestamp: timestamp(index, load.u32(b, 12), load.u32(b, 16)),
                                   capturedLength: caplen, wireLength: wirelen, interface: index,
                                   offset: start, bytes: UnsafeRawBufferPointer(start: b + 28, count: caplen))
        if dataEnd < length - 4 {
            try forEachOption(b, from: dataEnd, to: length - 4, blockStart: start) { code, v, n throws(CaptureError) in
                switch code {
                case 2 where n >= 4: record.flags = self.load.u32(v, 0)
                case 4 where n >= 8: record.dropCount = self.load.u64(v, 0)
                case 5 where n >= 8: record.packetID = self.load.u64(v, 0)
                case 6 where n >= 4: record.queue = self.load.u32(v, 0)
                default: break
                }
            }
        }
        lastTimestamp = record.timestamp
        return record
    }

    private func simplePacket(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) -> CaptureRecord {
        guard length >= 16 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "a Simple Packet Block of at least 16 bytes (found \(length))")
        }
        let index = try globalInterface(0, at: start)
        // SAFETY: length >= 16 covers 8..<12; caplen <= length - 16 keeps the data before the trailer.
        let wirelen = Int(load.u32(b, 8))
        var caplen = min(wirelen, length - 16)
        let snap = Int(interfaces[index].snapLength)
        if snap > 0 { caplen = min(caplen, snap) }
        // An SPB has no timestamp; it takes the previous packet's so that merging stays ordered.
        return CaptureRecord(timestamp: lastTimestamp, capturedLength: caplen, wireLength: wirelen,
                             interface: index, offset: start,
                             bytes: UnsafeRawBufferPointer(start: b + 12, count: caplen))
    }

    private func obsoletePacket(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) -> CaptureRecord {
        guard length >= 32 else {
            throw CaptureError(path: path, offset: start + 4, kind: .badLength,
                               expected: "a Packet Block of at least 32 bytes (found \(length))")
        }
        // SAFETY: length >= 32 covers 8..<28; packetLengths keeps the data inside; options read only when n >= 4.
        let index = try globalInterface(UInt32(load.u16(b, 8)), at: start + 8)
        let drops = load.u16(b, 10)
        let (caplen, wirelen, dataEnd) = try packetLengths(b, length: length, at: start)
        var record = CaptureRecord(timestamp: timestamp(index, load.u32(b, 12), load.u32(b, 16)),
                                   capturedLength: caplen, wireLength: wirelen, interface: index,
                                   offset: start, dropCount: drops == 0xFFFF ? nil : UInt64(drops),
                                   bytes: UnsafeRawBufferPointer(start: b + 28, count: caplen))
        if dataEnd < length - 4 {
            try forEachOption(b, from: dataEnd, to: length - 4, blockStart: start) { code, v, n throws(CaptureError) in
                if code == 2 && n >= 4 { record.flags = self.load.u32(v, 0) }
            }
        }
        lastTimestamp = record.timestamp
        return record
    }

    // MARK: Helpers

    /// The captured and wire lengths at bytes 20 and 24 of an EPB or obsolete Packet Block, and
    /// where the padded data ends; the data must fit the block before its trailing length.
    private func packetLengths(_ b: UnsafeRawPointer, length: Int, at start: Int) throws(CaptureError) -> (caplen: Int, wirelen: Int, dataEnd: Int) {
        // SAFETY: the callers checked length >= 32: the lengths are 20..<28.
        let caplen = Int(load.u32(b, 20))
        let wirelen = Int(load.u32(b, 24))
        let dataEnd = 28 + ((caplen + 3) & ~3)
        guard caplen <= length - 32, dataEnd <= length - 4 else {
            throw CaptureError(path: path, offset: start + 20, kind: .badLength,
                               expected: "a captured length that fits the \(length)-byte block (found \(caplen))")
        }
        return (caplen, wirelen, dataEnd)
    }

    private func globalInterface(_ id: UInt32, at position: Int) throws(CaptureError) -> Int {
        let declared = interfaces.count - sectionBase
        guard Int(id) < declared else {
            throw CaptureError(path: path, offset: position, kind: .badValue,
                               expected: "an interface id below \(declared), the number of interfaces this section declares (found \(id))")
        }
        return sectionBase + Int(id)
    }

    @inline(__always)
    private func timestamp(_ index: Int, _ high: UInt32, _ low: UInt32) -> Int64 {
        let iface = interfaces[index]
        let raw = UInt64(high) << 32 | UInt64(low)
        let ns = iface.timestampResolution.nanoseconds(raw)
        if iface.timestampOffset == 0 { return ns }
        return ns &+ iface.timestampOffset &* 1_000_000_000
    }

    /// Walks the options in `b[from..<to]` ([pcapng] 3.5): code, length, value padded to 4 bytes,
    /// ending at opt_endofopt or at the end of the region.
    private func forEachOption(_ b: UnsafeRawPointer, from: Int, to: Int, blockStart: Int,
                               _ body: (UInt16, UnsafeRawPointer, Int) throws(CaptureError) -> Void) throws(CaptureError) {
        var p = from
        while p + 4 <= to {
            // SAFETY: p + 4 <= to <= length - 4; a value is passed on only when p + 4 + n <= to.
            let code = load.u16(b, p)
            let n = Int(load.u16(b, p + 2))
            if code == 0 { return }
            guard p + 4 + n <= to else {
                throw CaptureError(path: path, offset: blockStart + p + 2, kind: .badLength,
                                   expected: "option \(code)'s length \(n) to fit inside its block (\(to - p - 4) bytes remain)")
            }
            try body(code, b + p + 4, n)
            p += 4 + ((n + 3) & ~3)
        }
    }

    private static func string(_ v: UnsafeRawPointer, _ n: Int) -> String {
        // SAFETY: forEachOption passes n bytes inside the block.
        var bytes = Array(UnsafeRawBufferPointer(start: v, count: n))
        while bytes.last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
