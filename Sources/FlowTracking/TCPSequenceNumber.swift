/// Comparisons of 32-bit TCP sequence numbers modulo 2^32 (RFC 9293 3.4), exactly as Wireshark
/// defines them (epan/dissectors/packet-tcp.h):
/// `GT_SEQ(x, y) ((gint32)((y) - (x)) < 0)`, `LT_SEQ(x, y) ((gint32)((x) - (y)) < 0)`,
/// `GE_SEQ(x, y) ((gint32)((y) - (x)) <= 0)`, `LE_SEQ(x, y) ((gint32)((x) - (y)) <= 0)`.
/// They differ from "a - b taken as signed" only when the two are exactly 2^31 apart: then
/// each of `gt`, `ge`, `lt` and `le` holds both ways round, and TShark's classification with it.
public enum TCPSequenceNumber {
    @inline(__always) public static func gt(_ x: UInt32, _ y: UInt32) -> Bool { Int32(bitPattern: y &- x) < 0 }
    @inline(__always) public static func lt(_ x: UInt32, _ y: UInt32) -> Bool { Int32(bitPattern: x &- y) < 0 }
    @inline(__always) public static func ge(_ x: UInt32, _ y: UInt32) -> Bool { Int32(bitPattern: y &- x) <= 0 }
    @inline(__always) public static func le(_ x: UInt32, _ y: UInt32) -> Bool { Int32(bitPattern: x &- y) <= 0 }
}
