/// The SMB target's input: the segments of TCP connections to an SMB server, in the order a
/// capture saw them. Each segment is a control byte, a little-endian 16-bit length and that
/// many payload bytes (the last one may be shorter: it takes what is left).
///
/// Control bits: 0 the segment goes to the server (else to the client); 1 a hole of 1,000
/// bytes of sequence space comes before it; 2 it repeats the previous segment's sequence
/// number in its direction (a retransmission or overlap); 3 FIN after it; 4 RST after it;
/// 5 it opens a new connection first (the next client port, a new handshake), as another
/// channel of a multichannel session would.
public struct TCPStreamInput {
    public struct Segment {
        public var control: UInt8
        public var payload: UnsafeRawBufferPointer
        public var toServer: Bool { control & 1 != 0 }
        public var hole: Bool { control & 2 != 0 }
        public var repeats: Bool { control & 4 != 0 }
        public var fin: Bool { control & 8 != 0 }
        public var rst: Bool { control & 16 != 0 }
        public var newConnection: Bool { control & 32 != 0 }
    }

    public static func segments(_ bytes: UnsafeRawBufferPointer) -> [Segment] {
        var out: [Segment] = []
        var i = 0
        while i + 3 <= bytes.count {
            let control = bytes[i]
            let length = Int(bytes[i + 1]) | Int(bytes[i + 2]) << 8
            let start = i + 3
            let end = min(bytes.count, start + length)
            // SAFETY: start <= end <= bytes.count; the views live as long as the caller's bytes.
            out.append(Segment(control: control, payload: UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            i = end
        }
        return out
    }

    /// The bytes of one segment record, for the seed writer.
    public static func record(toServer: Bool, newConnection: Bool = false, payload: some Collection<UInt8>) -> [UInt8] {
        let n = min(payload.count, Int(UInt16.max))
        var out: [UInt8] = [(toServer ? 1 : 0) | (newConnection ? 32 : 0), UInt8(n & 0xFF), UInt8(n >> 8)]
        out.append(contentsOf: payload.prefix(n))
        return out
    }
}
