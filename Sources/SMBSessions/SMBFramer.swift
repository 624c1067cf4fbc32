/// Splits one direction's byte stream into SMB messages: the Direct TCP transport header (port
/// 445: a zero byte and a 24-bit length, [MS-SMB2] 2.1) or the NetBIOS session service header
/// (port 139: type, flags with a 17th length bit, 16-bit length, RFC 1002 4.3.1; session
/// messages carry SMB, keep-alives and session requests/responses are skipped).
///
/// Only a message's first `maxPrefix` bytes are kept (headers and the bodies TeamScope decodes
/// fit; READ/WRITE data is skipped without copying). After missing bytes that swallow a message
/// boundary, or a capture that starts mid-stream, the framer hunts for the next transport
/// header followed by an SMB protocol id — SMB2/3, transform, compression, or SMB1 (a
/// connection's first messages may be SMB1: the multi-protocol NEGOTIATE) — and counts the
/// resynchronisation.
struct SMBFramer {
    enum Transport: Sendable { case direct, netbios }

    /// Bytes of one message kept for decoding (documented in README).
    static let maxPrefix = 64 << 10

    private enum State { case header, body, hunting }

    let transport: Transport
    private var state: State
    private var header: [UInt8] = []
    private var length = 0
    private var consumed = 0
    private var keep = 0
    private var emitted = false
    /// Whether `keep` was already cut down from the message's SMB2 header.
    private var keepChecked = false
    private var prefix: [UInt8] = []
    private var frame = SMBFrameRef(input: 0, frame: 0)
    private var hunt: [UInt8] = []

    private(set) var messages = 0
    private(set) var resyncs = 0
    private(set) var huntedBytes: Int64 = 0
    /// Byte positions examined while hunting (the work resynchronising cost; linear in the
    /// stream, tested).
    private(set) var huntWork = 0
    private(set) var framingErrors = 0
    /// The frame where the framing last broke, for the report.
    private(set) var lastFramingError: SMBFrameRef?

    /// `synced`: the stream is known to start at a message boundary (its SYN was seen).
    init(transport: Transport, synced: Bool) {
        self.transport = transport
        state = synced ? .header : .hunting
    }

    mutating func feed(_ chunk: SMBStreamReassembler.Chunk, _ sink: (SMBMessageView) -> Void) {
        switch chunk {
        case .data(let bytes, let frame):
            process(bytes, frame, sink)
        case .missing(let count, _, let frame):
            missing(count, frame, sink)
        }
    }

    /// Consumes `p`. Hunting scans `p` where it lies and carries at most 9 bytes (a start that
    /// straddles two chunks) between calls, so its cost is linear in the stream however often
    /// the framing breaks (copying the rest of the segment at every resync was quadratic).
    private mutating func process(_ p: UnsafeRawBufferPointer, _ chunkFrame: SMBFrameRef, _ sink: (SMBMessageView) -> Void) {
        var i = 0
        let n = p.count
        while i < n {
            switch state {
            case .hunting:
                // A start beginning in the carried bytes: look at them with the next few of `p`.
                if !hunt.isEmpty {
                    let fromP = min(n - i, 16)
                    let head = hunt + Array(p[i..<(i + fromP)])
                    huntWork += head.count
                    if let at = Self.findStart(head, transport), at < hunt.count {
                        huntedBytes += Int64(at)
                        resyncs += 1
                        hunt.removeAll()
                        state = .header
                        header.removeAll(keepingCapacity: true)
                        let piece = Array(head[at...])
                        // SAFETY: process copies what it keeps (prefix, hunt).
                        piece.withUnsafeBytes { process($0, chunkFrame, sink) }
                        i += fromP
                        continue
                    }
                }
                // Else the earliest start lies in `p` itself.
                if let q = Self.findStart(p, from: i, transport, work: &huntWork) {
                    huntedBytes += Int64(hunt.count + q - i)
                    resyncs += 1
                    hunt.removeAll()
                    state = .header
                    header.removeAll(keepingCapacity: true)
                    i = q
                    continue
                }
                // None: keep the last 9 bytes, which a start may begin in.
                let keepTail = 9
                let total = hunt.count + (n - i)
                if total > keepTail {
                    huntedBytes += Int64(total - keepTail)
                    let fromP = min(n - i, keepTail)
                    hunt = Array(hunt.suffix(keepTail - fromP)) + Array(p[(n - fromP)..<n])
                } else {
                    hunt += Array(p[i..<n])
                }
                i = n
            case .header:
                let take = min(4 - header.count, n - i)
                header.append(contentsOf: p[i..<(i + take)])
                i += take
                guard header.count == 4 else { continue }
                var isSMB = true
                switch transport {
                case .direct:
                    guard header[0] == 0 else { framingBroke(chunkFrame); continue }
                    length = Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
                case .netbios:
                    guard header[1] & 0xFE == 0 else { framingBroke(chunkFrame); continue }
                    length = Int(header[1] & 1) << 16 | Int(header[2]) << 8 | Int(header[3])
                    switch header[0] {
                    case 0x00: break
                    case 0x81, 0x82, 0x83, 0x84, 0x85: isSMB = false
                    default: framingBroke(chunkFrame); continue
                    }
                }
                header.removeAll(keepingCapacity: true)
                guard length > 0 else { continue }
                state = .body
                consumed = 0
                keep = isSMB ? min(length, Self.maxPrefix) : 0
                keepChecked = false
                emitted = !isSMB
                frame = chunkFrame
            case .body:
                let take = min(length - consumed, n - i)
                if !emitted {
                    if consumed == 0 && take >= SMBHeader.size {
                        // SAFETY: take <= n - i: take >= SMBHeader.size and take >= keep keep both slices in p.
                        keep = min(keep, Self.keep(UnsafeRawBufferPointer(rebasing: p[i..<(i + SMBHeader.size)]), length: length))
                        keepChecked = true
                    }
                    if consumed == 0 && take >= keep {
                        messages += 1
                        sink(SMBMessageView(bytes: UnsafeRawBufferPointer(rebasing: p[i..<(i + keep)]), length: length, frame: frame, truncated: false))
                        emitted = true
                    } else {
                        let c = min(keep - consumed, take)
                        prefix.append(contentsOf: p[i..<(i + c)])
                        if !keepChecked && prefix.count >= SMBHeader.size {
                            // SAFETY: prefix.count >= SMBHeader.size was just checked.
                            keep = prefix.withUnsafeBytes { min(keep, Self.keep(UnsafeRawBufferPointer(rebasing: $0[..<SMBHeader.size]), length: length)) }
                            keepChecked = true
                        }
                        if prefix.count >= keep { emitPrefix(truncated: false, sink) }
                    }
                }
                consumed += take
                i += take
                if consumed == length { state = .header }
            }
        }
    }

    /// The transport header did not make sense: hunt from the byte after its first.
    private mutating func framingBroke(_ frame: SMBFrameRef) {
        framingErrors += 1
        lastFramingError = frame
        hunt = Array(header.dropFirst())
        header.removeAll(keepingCapacity: true)
        state = .hunting
        huntedBytes += 1
    }

    private mutating func emitPrefix(truncated: Bool, _ sink: (SMBMessageView) -> Void) {
        messages += 1
        // SAFETY: the slice is clipped to prefix's count; sink uses it only inside the call.
        prefix.withUnsafeBytes { sink(SMBMessageView(bytes: UnsafeRawBufferPointer(rebasing: $0[..<min(keep, $0.count)]), length: length, frame: frame, truncated: truncated)) }
        emitted = true
        prefix = []
    }

    /// The stream ended: a message whose kept prefix never completed is decoded as far as it goes.
    mutating func end(_ sink: (SMBMessageView) -> Void) {
        if state == .body && !emitted && !prefix.isEmpty {
            emitPrefix(truncated: true, sink)
        }
        prefix = []
        hunt = []
    }

    private mutating func missing(_ count: Int, _ at: SMBFrameRef, _ sink: (SMBMessageView) -> Void) {
        switch state {
        case .hunting:
            huntedBytes += Int64(hunt.count + count)
            hunt.removeAll()
        case .header:
            // The next transport header (or part of it) is in the hole.
            header.removeAll(keepingCapacity: true)
            hunt.removeAll()
            state = .hunting
            huntedBytes += Int64(count)
        case .body:
            if !emitted { emitPrefix(truncated: true, sink) }
            let remaining = length - consumed
            if count < remaining {
                consumed += count
            } else if count == remaining {
                state = .header
            } else {
                huntedBytes += Int64(count - remaining)
                hunt.removeAll()
                state = .hunting
            }
        }
    }

    /// How much of a message to keep, from its first 64 bytes: a WRITE request or READ response
    /// that ends its chain needs only its header and fixed body (2.2.19–2.2.22); its data is
    /// skipped without being copied. Everything else: the whole message (up to `maxPrefix`).
    static func keep(_ h: UnsafeRawBufferPointer, length: Int) -> Int {
        // SAFETY: h.count >= SMBHeader.size (64) is checked first; the fields read are within 0..<24.
        guard h.count >= SMBHeader.size, h.loadUnaligned(as: UInt32.self).littleEndian == 0x424D_53FE else { return length }
        let command = h.loadUnaligned(fromByteOffset: 12, as: UInt16.self).littleEndian
        let response = h.loadUnaligned(fromByteOffset: 16, as: UInt32.self).littleEndian & 1 != 0
        let next = h.loadUnaligned(fromByteOffset: 20, as: UInt32.self).littleEndian
        if next == 0 && ((command == 9 && !response) || (command == 8 && response)) {
            return min(length, SMBHeader.size + 64)
        }
        return length
    }

    /// The first offset in `b` where a transport header is followed by an SMB2 header (0xFE 'SMB'
    /// and StructureSize 64), a transform header (0xFD), a compression header (0xFC) or an SMB1
    /// header (0xFF 'SMB', [MS-CIFS] 2.2.3.1: 32 bytes, then at least WordCount and ByteCount).
    static func findStart(_ b: [UInt8], _ transport: Transport) -> Int? {
        var work = 0
        // SAFETY: findStart returns an index, not the pointer.
        return b.withUnsafeBytes { findStart($0, from: 0, transport, work: &work) }
    }

    /// The same in `b[from...]`, as an offset into `b`; `work` counts the positions examined.
    static func findStart(_ b: UnsafeRawBufferPointer, from start: Int, _ transport: Transport, work: inout Int) -> Int? {
        guard b.count - start >= 10 else { return nil }
        for p in start...(b.count - 10) {
            work += 1
            guard b[p + 5] == 0x53 && b[p + 6] == 0x4D && b[p + 7] == 0x42 && b[p] == 0 else { continue }
            let flagsOK = transport == .direct || b[p + 1] & 0xFE == 0
            guard flagsOK else { continue }
            let len = transport == .direct ? Int(b[p + 1]) << 16 | Int(b[p + 2]) << 8 | Int(b[p + 3])
                                           : Int(b[p + 1] & 1) << 16 | Int(b[p + 2]) << 8 | Int(b[p + 3])
            switch b[p + 4] {
            case 0xFE where len >= 64 && b[p + 8] == 64 && b[p + 9] == 0: return p
            case 0xFD where len > 52: return p
            case 0xFC where len > 16: return p
            case 0xFF where len >= 35: return p
            default: continue
            }
        }
        return nil
    }
}
