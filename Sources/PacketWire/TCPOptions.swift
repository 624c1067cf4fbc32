/// The options of a TCP header (RFC 9293 section 3.2), read in place: kind 0 ends the list,
/// kind 1 is one byte of padding, every other option is kind, length (counting both), value.
/// Only the Maximum Segment Size (kind 2, length 4, a 16-bit value in network order) is read
/// out; other options are stepped over.
///
/// A view of the captured bytes, valid only while they are lent. The list ends where the header
/// (its data offset) or the capture ends, whichever comes first; an option whose length is below
/// 2 or runs past that end stops the walk.
public struct TCPOptions {
    /// The options, from the first byte after the 20-byte fixed header to the end of the list.
    let bytes: UnsafeRawBufferPointer

    /// The options of the TCP header at `offset` of `bytes`, `headerLength` bytes long (its data
    /// offset × 4). Empty when the header has no options or the capture holds none of them.
    public init(_ bytes: UnsafeRawBufferPointer, tcpHeaderAt offset: Int, headerLength: Int) {
        let start = offset + 20
        let end = min(bytes.count, offset + headerLength)
        // SAFETY: the slice is taken only when 0 <= start < end <= bytes.count.
        self.bytes = start >= 0 && start < end
            ? UnsafeRawBufferPointer(rebasing: bytes[start..<end]) : UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// The Maximum Segment Size option's value (RFC 9293 3.2, 3.7.1), or nil when the options
    /// hold none (or the walk stopped before one).
    public var maximumSegmentSize: UInt16? {
        var i = 0
        let end = bytes.count
        while i < end {
            // SAFETY: i < end = bytes.count.
            let kind = bytes.load(fromByteOffset: i, as: UInt8.self)
            if kind == 0 { return nil }
            if kind == 1 { i += 1; continue }
            guard i + 1 < end else { return nil }
            // SAFETY: i + 1 < end was just checked.
            let length = Int(bytes.load(fromByteOffset: i + 1, as: UInt8.self))
            guard length >= 2, i + length <= end else { return nil }
            if kind == 2 && length == 4 {
                // SAFETY: i + 4 <= end was just checked.
                return UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: i + 2, as: UInt16.self))
            }
            i += length
        }
        return nil
    }
}
