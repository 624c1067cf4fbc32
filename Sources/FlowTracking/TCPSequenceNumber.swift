/// Comparisons of 32-bit TCP sequence numbers modulo 2^32 (RFC 9293 3.4; Wireshark's GT_SEQ,
/// LT_SEQ, LE_SEQ, GE_SEQ): `a` is after `b` when `a - b`, taken as signed, is positive.
public enum TCPSequenceNumber {
    @inline(__always) public static func gt(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: a &- b) > 0 }
    @inline(__always) public static func lt(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: a &- b) < 0 }
    @inline(__always) public static func ge(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: a &- b) >= 0 }
    @inline(__always) public static func le(_ a: UInt32, _ b: UInt32) -> Bool { Int32(bitPattern: a &- b) <= 0 }
}
