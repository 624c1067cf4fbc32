#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens capture files: recognises pcap, pcapng and gzip-compressed versions of either by their
/// magic bytes, never by the file name.
public enum CaptureFile {
    /// Opens `path` and returns a reader positioned before its first packet.
    /// Throws a `CaptureError` naming the offset and what was expected when the file is not a
    /// capture TeamScope reads.
    /// `-` is standard input.
    public static func open(_ path: String) throws(CaptureError) -> any PacketReader {
        if path == "-" { return try openStream(path: "/dev/stdin", named: "-") }
        var st = stat()
        guard stat(path, &st) == 0 else {
            // SAFETY: strerror's message is NUL-terminated and copied at once.
            throw CaptureError(path: path, offset: 0, kind: .io,
                               expected: "cannot be read (\(String(cString: strerror(errno))))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw CaptureError(path: path, offset: 0, kind: .io,
                               expected: "is a directory; give the capture files in it (e.g. \(path)/*.pcap)")
        }
        if (st.st_mode & S_IFMT) == S_IFREG {
            let mapped = try MappedFile(path: path)
            if let m = try mapped.bytes(at: 0, count: 2), isGzip(m) {
                return try reader(for: StreamSource(path: path, gzip: true), compressed: true)
            }
            return try reader(for: mapped, compressed: false)
        }
        return try openStream(path: path, named: path)
    }

    /// A reader over an uncompressed pcap or pcapng capture held in memory; `path` names it in
    /// errors. Gzip data is read from a file or a pipe (`open`), not from memory.
    public static func reader(bytes: UnsafeRawBufferPointer, path: String) throws(CaptureError) -> any PacketReader {
        let source = MemorySource(bytes: bytes, path: path)
        if let m = try source.bytes(at: 0, count: 2), isGzip(m) {
            throw CaptureError(path: path, offset: 0, kind: .notACapture,
                               expected: "an uncompressed pcap or pcapng capture (gzip data is read from a file)")
        }
        return try reader(for: source, compressed: false)
    }

    /// Whether `path` can be read only once (standard input, a pipe, a FIFO, a character device):
    /// such an input must be opened once and its first records kept for a second look.
    public static func isReadOnce(_ path: String) -> Bool {
        if path == "-" { return true }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) != S_IFREG
    }

    /// A pipe or FIFO: opened once, streamed, switched to gzip in place when it is one.
    private static func openStream(path: String, named: String) throws(CaptureError) -> any PacketReader {
        let stream = try StreamSource(path: path, gzip: false, name: named)
        if let m = try stream.bytes(at: 0, count: 2), isGzip(m) {
            try stream.enableGzip()
            return try reader(for: stream, compressed: true)
        }
        return try reader(for: stream, compressed: false)
    }

    /// Whether two bytes start a gzip stream (RFC 1952: 1f 8b).
    public static func isGzip(_ m: UnsafeRawPointer) -> Bool {
        // SAFETY: callers pass at least two bytes (openStream asks the source for 2).
        m.load(as: UInt8.self) == 0x1F && m.load(fromByteOffset: 1, as: UInt8.self) == 0x8B
    }

    /// The format a capture's first four bytes (read little-endian) announce: pcap's magic in
    /// either byte order, micro- or nanosecond, or pcapng's Section Header Block type.
    public static func format(magic: UInt32) -> CaptureFormat? {
        switch magic {
        case 0x0A0D_0D0A: return .pcapng
        case 0xA1B2_C3D4, 0xA1B2_3C4D, 0xD4C3_B2A1, 0x4D3C_B2A1: return .pcap
        default: return nil
        }
    }

    static func reader<S: ByteSource>(for source: S, compressed: Bool) throws(CaptureError) -> any PacketReader {
        guard let m = try source.bytes(at: 0, count: 4) else {
            let n = try source.available(from: 0, limit: 4)
            throw CaptureError(path: source.path, offset: n, kind: n == 0 ? .notACapture : .truncated,
                               expected: "a pcap or pcapng header (the \(compressed ? "decompressed " : "")file has only \(n) bytes)")
        }
        // SAFETY: the source lent 4 bytes at `m`; the hex below reads the same 4.
        switch format(magic: m.loadUnaligned(as: UInt32.self).littleEndian) {
        case .pcapng?:
            return try PcapngReader(source: source, compressed: compressed)
        case .pcap?:
            return try PcapReader(source: source, compressed: compressed)
        case nil, .live?:
            if let etl = try source.bytes(at: 0, count: etwHeaderLength), isETWTrace(etl) {
                throw CaptureError(path: source.path, offset: 0, kind: .etwTrace,
                                   expected: "this is an ETW trace (Event Tracing for Windows, as pktmon writes), not a packet capture; convert it with `pktmon etl2pcap \(source.path)` on Windows and give the pcapng it writes")
            }
            let hex = (0..<4).map { i in
                let b = m.load(fromByteOffset: i, as: UInt8.self)
                return (b < 16 ? "0" : "") + String(b, radix: 16)
            }.joined(separator: " ")
            throw CaptureError(path: source.path, offset: 0, kind: .notACapture,
                               expected: "a capture file: pcap magic a1b2c3d4/a1b23c4d, pcapng 0a0d0d0a or gzip 1f8b (found \(hex))")
        }
    }

    /// Bytes needed to tell an ETW trace: a WMI_BUFFER_HEADER (0x48 bytes) and the start of
    /// its first event.
    static let etwHeaderLength = 0x50

    /// Whether a file starts as an Event Tracing for Windows log (`.etl`, what `pktmon start
    /// --capture` writes): a WMI_BUFFER_HEADER of 0x48 bytes whose first event is the logfile
    /// header, a SYSTEM_TRACE_HEADER (evntrace.h/ntwmi.h) with Marker flags TRACE_HEADER_FLAG |
    /// TRACE_HEADER_EVENT_TRACE (0xC0), header type SYSTEM32 (1) or SYSTEM64 (2), and hook id
    /// EVENT_TRACE_GROUP_HEADER | EVENT_TRACE_TYPE_INFO (0). The buffer size (bytes 0–3) is at
    /// least the header.
    public static func isETWTrace(_ m: UnsafeRawPointer) -> Bool {
        // SAFETY: the caller read etwHeaderLength bytes (the buffer header and the first event header) before calling.
        func byte(_ i: Int) -> UInt8 { m.load(fromByteOffset: i, as: UInt8.self) }
        let bufferSize = UInt32(byte(0)) | UInt32(byte(1)) << 8 | UInt32(byte(2)) << 16 | UInt32(byte(3)) << 24
        return bufferSize >= 0x48 && [1, 2].contains(byte(0x4A)) && byte(0x4B) == 0xC0
            && byte(0x4E) == 0 && byte(0x4F) == 0
    }

    /// The first block types of a pcapng reader, in file order ("SHB", "IDB", "EPB", …);
    /// empty for pcap. Conformance checks compare it with a file's expected sequence.
    public static func blockSequence(of reader: any PacketReader) -> [String] {
        if let ng = reader as? PcapngReader<MappedFile> { return ng.blockSequence.map(\.shortName) }
        if let ng = reader as? PcapngReader<StreamSource> { return ng.blockSequence.map(\.shortName) }
        if let ng = reader as? PcapngReader<MemorySource> { return ng.blockSequence.map(\.shortName) }
        return []
    }
}
