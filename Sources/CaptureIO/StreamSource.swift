import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A capture read as a stream through a sliding buffer: a gzip-compressed file (RFC 1952,
/// concatenated members allowed) or anything that cannot be mapped (a pipe, a FIFO).
///
/// Memory is bounded by the largest block a reader asks for (readers cap that, see
/// `CaptureLimits`) plus one read chunk; data before the reader's released offset is dropped.
public final class StreamSource: ByteSource {
    public let path: String
    private let fd: Int32
    private var gzip: Bool
    private var zs = z_stream()
    private var zsOpen = false
    private var input: UnsafeMutableRawPointer
    private var inputCapacity = 1 << 18
    private var inputEOF = false
    private var streamEnded = false
    /// Whether the last gzip member ended with its trailer (a stream cut short does not).
    private var memberComplete = false
    /// Whether inflate stopped right after the end of a member's last deflate block: only the
    /// trailer (CRC-32, ISIZE; RFC 1952 2.3.1) is left, so a fault now is a trailer mismatch.
    private var deflateDone = false
    /// The fault that ended the stream, raised only when a reader asks for bytes past the last
    /// good one: every record decoded before the damage is still delivered.
    private var fault: CaptureError?
    /// Compressed bytes consumed so far, for error messages.
    public private(set) var compressedOffset = 0

    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    /// Absolute stream offset of buffer[0].
    private var bufferStart = 0
    /// Valid bytes in the buffer.
    private var bufferLength = 0
    private var keepFrom = 0

    /// Opens `path` for streaming; `gzip` inflates it on the fly. `name` is what errors call it
    /// (`-` for standard input), the path itself by default.
    public init(path: String, gzip: Bool, name: String? = nil) throws(CaptureError) {
        self.path = name ?? path
        self.gzip = gzip
        fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            // SAFETY: strerror's message is NUL-terminated and copied at once.
            throw CaptureError(path: name ?? path, offset: 0, kind: .io,
                               expected: "cannot be opened (\(String(cString: strerror(errno))))")
        }
        capacity = 1 << 20
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        input = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity, alignment: 16)
        if gzip {
            // 15 + 16: gzip wrapper only, largest window.
            guard teamscope_inflateInit2(&zs, 15 + 16) == Z_OK else {
                throw CaptureError(path: path, offset: 0, kind: .compression, expected: "zlib to initialise")
            }
            zsOpen = true
        }
    }

    /// Switches a stream opened raw to gzip after its first bytes showed the gzip magic: what
    /// was already read becomes compressed input (a pipe cannot be reopened).
    public func enableGzip() throws(CaptureError) {
        guard !gzip, bufferStart == 0 else { return }
        if bufferLength > inputCapacity {
            input.deallocate()
            inputCapacity = bufferLength
            input = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity, alignment: 16)
        }
        // SAFETY: input holds inputCapacity >= bufferLength bytes (grown just above).
        input.copyMemory(from: buffer, byteCount: bufferLength)
        guard teamscope_inflateInit2(&zs, 15 + 16) == Z_OK else {
            throw CaptureError(path: path, offset: 0, kind: .compression, expected: "zlib to initialise")
        }
        zsOpen = true
        // SAFETY: input holds the bufferLength bytes copied above, as zlib is told.
        zs.next_in = input.assumingMemoryBound(to: Bytef.self)
        zs.avail_in = uInt(bufferLength)
        inputEOF = streamEnded
        streamEnded = false
        bufferLength = 0
        gzip = true
    }

    deinit {
        if zsOpen { inflateEnd(&zs) }
        close(fd)
        buffer.deallocate()
        input.deallocate()
    }

    public func bytes(at offset: Int, count: Int) throws(CaptureError) -> UnsafeRawPointer? {
        guard offset >= bufferStart, count >= 0 else { return nil }
        if offset + count <= bufferStart + bufferLength {
            // SAFETY: the range lies inside the valid part of the buffer.
            return UnsafeRawPointer(buffer + (offset - bufferStart))
        }
        fill(toInclude: offset + count)
        guard offset + count <= bufferStart + bufferLength else {
            if let fault { throw fault }
            return nil
        }
        return UnsafeRawPointer(buffer + (offset - bufferStart))
    }

    public func available(from offset: Int, limit: Int) throws(CaptureError) -> Int {
        if offset + limit > bufferStart + bufferLength {
            fill(toInclude: offset + limit)
            if let fault, offset + limit > bufferStart + bufferLength { throw fault }
        }
        return max(0, min(limit, bufferStart + bufferLength - offset))
    }

    public func release(before offset: Int) {
        if offset > keepFrom { keepFrom = offset }
    }

    /// Reads until the buffer holds the stream up to `end` (exclusive) or the stream ends (a
    /// fault ends it too: kept in `fault`, the bytes before it stay readable).
    private func fill(toInclude end: Int) {
        // Drop what the reader released, then grow if the request still does not fit.
        let drop = min(keepFrom, bufferStart + bufferLength) - bufferStart
        if drop > 0 {
            let remaining = bufferLength - drop
            // SAFETY: drop + remaining = bufferLength <= capacity; memmove allows the overlap.
            if remaining > 0 { memmove(buffer, buffer + drop, remaining) }
            bufferStart += drop
            bufferLength = remaining
        }
        let needed = end - bufferStart
        if needed > capacity {
            var newCapacity = capacity
            while newCapacity < needed { newCapacity *= 2 }
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            // SAFETY: grown holds newCapacity >= needed > capacity >= bufferLength bytes.
            grown.copyMemory(from: buffer, byteCount: bufferLength)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        while bufferStart + bufferLength < end && !streamEnded {
            let produced: Int
            if gzip {
                do { produced = try inflateMore() } catch {
                    fault = error
                    streamEnded = true
                    break
                }
            } else {
                produced = readMore()
            }
            if produced == 0 && streamEnded { break }
        }
    }

    private func readMore() -> Int {
        let room = capacity - bufferLength
        var n: Int
        // SAFETY: read writes at most room = capacity - bufferLength bytes after bufferLength.
        repeat { n = read(fd, buffer + bufferLength, room) } while n < 0 && errno == EINTR
        if n <= 0 { streamEnded = true; return 0 }
        bufferLength += n
        return n
    }

    private func inflateMore() throws(CaptureError) -> Int {
        if zs.avail_in == 0 && !inputEOF {
            var n: Int
            // SAFETY: read writes at most inputCapacity bytes into input; zlib is told n of them.
            repeat { n = read(fd, input, inputCapacity) } while n < 0 && errno == EINTR
            if n <= 0 { inputEOF = true } else {
                zs.next_in = input.assumingMemoryBound(to: Bytef.self)
                zs.avail_in = uInt(n)
            }
        }
        if zs.avail_in == 0 && inputEOF {
            streamEnded = true
            if !memberComplete {
                throw CaptureError(path: path, offset: bufferStart + bufferLength, kind: .compression,
                                   expected: "more gzip data (the compressed stream ends at compressed byte \(compressedOffset) without its trailer)")
            }
            return 0
        }
        let room = capacity - bufferLength
        // SAFETY: zlib writes at most avail_out = room = capacity - bufferLength bytes (Bytef is UInt8).
        zs.next_out = (buffer + bufferLength).assumingMemoryBound(to: Bytef.self)
        zs.avail_out = uInt(room)
        let before = zs.avail_in
        let trailerNext = deflateDone
        // Z_BLOCK: inflate also stops at each deflate block's end, so data_type tells when the
        // member's last block is done (zlib.h: +64 last block, +128 at a block boundary).
        let rc = inflate(&zs, Z_BLOCK)
        // Sticky until the member ends: a trailer split across two reads leaves inflate in its
        // CHECK state, no longer at the boundary, between them.
        if zs.data_type & 0xC0 == 0xC0 { deflateDone = true }
        if rc == Z_OK { memberComplete = false }
        compressedOffset += Int(before - zs.avail_in)
        let produced = room - Int(zs.avail_out)
        bufferLength += produced
        switch rc {
        case Z_OK, Z_BUF_ERROR:
            if rc == Z_BUF_ERROR && inputEOF && produced == 0 {
                throw CaptureError(path: path, offset: bufferStart + bufferLength, kind: .compression,
                                   expected: "more gzip data (the compressed stream is cut short at compressed byte \(compressedOffset))")
            }
        case Z_STREAM_END:
            memberComplete = true
            deflateDone = false
            // A gzip file may hold several members back to back (RFC 1952 2.2).
            if zs.avail_in > 0 || !inputEOF {
                inflateReset(&zs)
            } else {
                streamEnded = true
            }
        case Z_DATA_ERROR where trailerNext:
            // Every byte of the member was inflated; only its CRC-32 or length disagrees. The
            // data is kept; the reader hears of the mismatch at the end of what it reads.
            let msg = zs.msg.map { String(cString: $0) } ?? "code \(rc)"
            throw CaptureError(path: path, offset: bufferStart + bufferLength, kind: .checksum,
                               expected: "a gzip trailer matching the data before it, at compressed byte \(compressedOffset) (zlib: \(msg)); every packet before it was read")
        default:
            // SAFETY: zlib's msg, when set, is a NUL-terminated static string.
            let msg = zs.msg.map { String(cString: $0) } ?? "code \(rc)"
            throw CaptureError(path: path, offset: bufferStart + bufferLength, kind: .compression,
                               expected: "valid gzip data at compressed byte \(compressedOffset) (zlib: \(msg))")
        }
        return produced
    }
}
