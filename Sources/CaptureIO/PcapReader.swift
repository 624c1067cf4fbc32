import PacketWire
/// Reader of classic pcap files: both byte orders, microsecond and nanosecond magic
/// (tcpdump.org "pcap savefile format", draft-ietf-opsawg-pcap section 4).
final class PcapReader<Source: ByteSource>: PacketReader {
    let source: Source
    /// Pages of a mapped file are handed back behind the reader, but a later read of them maps
    /// the file's bytes again: record bytes stay valid while the mapping does.
    var bytesOutliveRecord: Bool { Source.self == MappedFile.self }
    private var keepFrom = Int.max
    func keepPages(from offset: Int?) { keepFrom = offset ?? Int.max }
    let compressed: Bool
    var path: String { source.path }
    var format: CaptureFormat { .pcap }
    private(set) var interfaces: [CaptureInterface]
    var statistics: [Int: InterfaceStatistics] { [:] }
    private var recordCount = 0
    var blockCounts: [String: Int] { ["record": recordCount] }
    private let load: ByteOrderLoad
    private let fractionScale: Int64
    private var offset = 24
    private var finished = false
    /// The whole file where it lies, for a mapped source (`ByteSource.contiguousBytes`): whole
    /// records are read there, with no call to the source per record.
    private let mapped: UnsafeRawPointer?
    private let mappedSize: Int
    /// Where the next `release` is due: pages are handed back in chunks, so it need not be
    /// called for every record.
    private var releaseAt = 0
    private static var releaseStride: Int { 64 << 10 }

    static var headerLength: Int { 24 }
    static var recordHeaderLength: Int { 16 }

    init(source: Source, compressed: Bool) throws(CaptureError) {
        self.source = source
        self.compressed = compressed
        let all = source.contiguousBytes
        mapped = all?.baseAddress
        mappedSize = all?.count ?? 0
        guard let h = try source.bytes(at: 0, count: Self.headerLength) else {
            let n = try source.available(from: 0, limit: Self.headerLength)
            throw CaptureError(path: source.path, offset: n, kind: .truncated,
                               expected: "a 24-byte pcap file header (the file has only \(n) bytes)")
        }
        // SAFETY: `h` is the 24-byte file header the source lent.
        let magicLE = h.loadUnaligned(as: UInt32.self).littleEndian
        let bigEndian: Bool
        switch magicLE {
        case 0xA1B2_C3D4: bigEndian = false; fractionScale = 1_000
        case 0xA1B2_3C4D: bigEndian = false; fractionScale = 1
        case 0xD4C3_B2A1: bigEndian = true; fractionScale = 1_000
        case 0x4D3C_B2A1: bigEndian = true; fractionScale = 1
        default:
            throw CaptureError(path: source.path, offset: 0, kind: .notACapture,
                               expected: "a pcap magic number (a1b2c3d4 or a1b23c4d, either byte order)")
        }
        load = ByteOrderLoad(bigEndian: bigEndian)
        let major = load.u16(h, 4)
        guard major == 2 else {
            throw CaptureError(path: source.path, offset: 4, kind: .unsupported,
                               expected: "pcap format version 2.x (found \(major).\(load.u16(h, 6)))")
        }
        let snap = load.u32(h, 16)
        let linkField = load.u32(h, 20)
        // Bits 0-15: the link type; bit 26 and bits 28-31 may carry the FCS length.
        let link = LinkType(rawValue: linkField & 0xFFFF)
        let fcs: Int? = linkField & (1 << 26) != 0 ? Int(linkField >> 28) * 2 : nil
        interfaces = [CaptureInterface(index: 0, linkType: link, snapLength: snap,
                                       timestampResolution: fractionScale == 1 ? .nanoseconds : .microseconds,
                                       fcsLength: fcs)]
    }

    func next() throws(CaptureError) -> CaptureRecord? {
        if finished { return nil }
        let start = offset
        // A whole record in the mapping: read where it lies. Anything else (the end, a
        // truncation, a bad length) takes the path below, which says what is wrong.
        if let base = mapped, start <= mappedSize - Self.recordHeaderLength {
            // SAFETY: start + 16 <= mappedSize: the record header lies in the mapping.
            let h = base + start
            let caplen = Int(load.u32(h, 8))
            if caplen <= CaptureLimits.maxRecordLength && caplen <= mappedSize - start - Self.recordHeaderLength {
                if start >= releaseAt {
                    source.release(before: min(start, keepFrom))
                    releaseAt = start + Self.releaseStride
                }
                offset = start + Self.recordHeaderLength + caplen
                recordCount += 1
                // SAFETY: start + 16 + caplen <= mappedSize: the record's bytes lie in the mapping.
                return CaptureRecord(timestamp: Int64(load.u32(h, 0)) &* 1_000_000_000 &+ Int64(load.u32(h, 4)) &* fractionScale,
                                     capturedLength: caplen, wireLength: Int(load.u32(h, 12)), interface: 0, offset: start,
                                     bytes: UnsafeRawBufferPointer(start: h + Self.recordHeaderLength, count: caplen))
            }
        }
        source.release(before: min(start, keepFrom))
        guard let h = try source.bytes(at: start, count: Self.recordHeaderLength) else {
            finished = true
            let left = try source.available(from: start, limit: Self.recordHeaderLength)
            if left == 0 { return nil }
            throw CaptureError(path: path, offset: start, kind: .truncated,
                               expected: "a 16-byte packet record header (only \(left) bytes left)")
        }
        // SAFETY: `h` is the 16-byte record header the source lent.
        let seconds = Int64(load.u32(h, 0))
        let fraction = Int64(load.u32(h, 4))
        let caplen = Int(load.u32(h, 8))
        let wirelen = Int(load.u32(h, 12))
        guard caplen <= CaptureLimits.maxRecordLength else {
            finished = true
            throw CaptureError(path: path, offset: start + 8, kind: .badLength,
                               expected: "a captured length of at most \(CaptureLimits.maxRecordLength) bytes (found \(caplen))")
        }
        guard let data = try source.bytes(at: start + Self.recordHeaderLength, count: caplen) else {
            finished = true
            let left = try source.available(from: start + Self.recordHeaderLength, limit: caplen)
            throw CaptureError(path: path, offset: start + Self.recordHeaderLength + left, kind: .truncated,
                               expected: "\(caplen) bytes of packet data for the record at byte \(start) (only \(left) left)")
        }
        offset = start + Self.recordHeaderLength + caplen
        recordCount += 1
        // SAFETY: `data` is the caplen bytes the source lent for this record, valid until the next call.
        return CaptureRecord(timestamp: seconds &* 1_000_000_000 &+ fraction &* fractionScale,
                             capturedLength: caplen, wireLength: wirelen, interface: 0,
                             offset: start, bytes: UnsafeRawBufferPointer(start: data, count: caplen))
    }
}
