/// One direction of a TCP connection as an in-order byte stream, for SMB. Segments are placed by
/// sequence number modulo 2^32: bytes already delivered (duplicates, retransmissions, a second
/// host's copy of the same segment) are dropped; segments ahead of the next expected byte —
/// reordered across team members — are held until the hole fills. Memory is bounded: once more
/// than `maxHeldBytes` or `maxHeldSegments` wait behind a hole, the hole is declared lost and
/// delivered as missing bytes, so the framer resynchronises after it.
struct SMBStreamReassembler {
    /// At most this many captured bytes wait behind a hole, per direction (documented in README).
    static let maxHeldBytes = 1 << 20
    static let maxHeldSegments = 1024

    enum Chunk {
        /// In-order bytes, lent for the call.
        case data(UnsafeRawBufferPointer, SMBFrameRef)
        /// `count` stream bytes that are not available: lost (never seen) or not captured (snaplen).
        case missing(Int, lost: Bool, SMBFrameRef)
    }

    private struct Held {
        var seq: UInt32
        var bytes: [UInt8]
        /// Length on the wire (≥ bytes.count when the capture cut the segment).
        var length: Int
        var frame: SMBFrameRef
    }

    /// A stream caught without its SYN starts at the lowest sequence number among its first
    /// `primingSegments` segments, so reordering at the very start of a capture loses nothing.
    static let primingSegments = 16

    private(set) var started = false
    private var priming = false
    private(set) var synSeen = false
    private var next: UInt32 = 0
    private var held: [Held] = []
    private(set) var heldBytes = 0

    private(set) var deliveredBytes: Int64 = 0
    private(set) var duplicateBytes: Int64 = 0
    private(set) var lostBytes: Int64 = 0
    private(set) var notCapturedBytes: Int64 = 0
    private(set) var holesDeclared = 0

    /// A SYN fixes the start of the stream: byte 0 is seq + 1.
    mutating func syn(_ seq: UInt32) {
        if !started || priming {
            started = true
            synSeen = true
            priming = false
            next = seq &+ 1
        }
    }

    /// Adds one segment: `captured` are the bytes the capture holds, `length` the TCP payload
    /// length on the wire.
    mutating func push(seq: UInt32, captured: UnsafeRawBufferPointer, length: Int, frame: SMBFrameRef, deliver: (Chunk) -> Void) {
        guard length > 0 else { return }
        if !started {
            started = true
            priming = true
            next = seq
        }
        if priming {
            hold(seq: seq, captured: captured, length: length, frame: frame, deliver)
            if held.count >= Self.primingSegments { endPriming(deliver) }
            return
        }
        let rel = Int(Int32(bitPattern: seq &- next))
        if rel + length <= 0 {
            duplicateBytes += Int64(length)
            return
        }
        if rel <= 0 {
            emit(captured, length: length, skip: -rel, frame: frame, deliver)
            drain(deliver)
            return
        }
        // Ahead of a hole: hold a copy, in sequence order.
        hold(seq: seq, captured: captured, length: length, frame: frame, deliver)
    }

    private mutating func endPriming(_ deliver: (Chunk) -> Void) {
        priming = false
        if let first = held.first { next = first.seq }
        drain(deliver)
    }

    private mutating func hold(seq: UInt32, captured: UnsafeRawBufferPointer, length: Int, frame: SMBFrameRef, _ deliver: (Chunk) -> Void) {
        var i = held.count
        while i > 0 && Int32(bitPattern: held[i - 1].seq &- seq) > 0 { i -= 1 }
        if i > 0 && held[i - 1].seq == seq && held[i - 1].length >= length {
            duplicateBytes += Int64(length)
            return
        }
        held.insert(Held(seq: seq, bytes: Array(captured.prefix(length)), length: length, frame: frame), at: i)
        heldBytes += min(captured.count, length)
        while !priming && (heldBytes > Self.maxHeldBytes || held.count > Self.maxHeldSegments) {
            skipHole(deliver)
        }
    }

    /// Delivers everything still held, declaring the holes before it lost (end of capture).
    mutating func flush(_ deliver: (Chunk) -> Void) {
        if priming { endPriming(deliver) }
        while !held.isEmpty { skipHole(deliver) }
    }

    private mutating func skipHole(_ deliver: (Chunk) -> Void) {
        guard let first = held.first else { return }
        let gap = Int(Int32(bitPattern: first.seq &- next))
        if gap > 0 {
            lostBytes += Int64(gap)
            holesDeclared += 1
            deliver(.missing(gap, lost: true, first.frame))
            next = first.seq
        }
        drain(deliver)
    }

    private mutating func drain(_ deliver: (Chunk) -> Void) {
        while let first = held.first {
            let rel = Int(Int32(bitPattern: first.seq &- next))
            guard rel <= 0 else { return }
            held.removeFirst()
            heldBytes -= min(first.bytes.count, first.length)
            if rel + first.length <= 0 {
                duplicateBytes += Int64(first.length)
                continue
            }
            // SAFETY: deliver uses the chunk only inside the call.
            first.bytes.withUnsafeBytes { emit($0, length: first.length, skip: -rel, frame: first.frame, deliver) }
        }
    }

    /// Delivers a segment's bytes from `skip` on: the captured part, then what the capture cut.
    private mutating func emit(_ captured: UnsafeRawBufferPointer, length: Int, skip: Int, frame: SMBFrameRef, _ deliver: (Chunk) -> Void) {
        duplicateBytes += Int64(skip)
        let have = min(captured.count, length)
        if skip < have {
            // SAFETY: 0 <= skip < have <= captured.count.
            deliver(.data(UnsafeRawBufferPointer(rebasing: captured[skip..<have]), frame))
        }
        let cut = length - max(skip, have)
        if cut > 0 {
            notCapturedBytes += Int64(cut)
            deliver(.missing(cut, lost: false, frame))
        }
        deliveredBytes += Int64(length - skip)
        next = next &+ UInt32(truncatingIfNeeded: length - skip)
    }
}
