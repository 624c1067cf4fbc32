/// The host's own group-addressed frames that a bridge or switch floods back to its other
/// members: a frame with the host's MAC as its source, seen on member X after the same frame
/// (same bytes but the source MAC) left on member Y of the same host within the window, is
/// the looped-back copy that X received — the kernel counts it in X's rx_packets (IEEE 802.1Q
/// 8.8: a bridge forwards a group-addressed frame to every port but the one it came in on).
/// Only frames whose direction the host's MACs decided are asked: capture flags and SLL
/// packet types already say which copy was received.
///
/// A fixed table indexed by the frame's hash: memory does not grow with packets, and a slot
/// overwritten by another frame only loses that frame's echo (counted as sent, as before).
struct EchoedFrames {
    private struct Entry {
        var hash: UInt64 = 0
        var time: Int64 = 0
        var slot: Int32 = -1
        var host: Int32 = -1
    }

    private static let size = 4096
    private var table = [Entry](repeating: Entry(), count: size)
    private let window: Int64

    init(window: Int64) { self.window = window }

    /// Whether this frame, which the host's MAC says it sent on `slot`, is a copy of one it sent
    /// on another member shortly before; otherwise it is remembered as sent there.
    @inline(__always)
    mutating func isEcho(hash: UInt64, time: Int64, slot: Int, host: Int) -> Bool {
        let i = Int(truncatingIfNeeded: hash & UInt64(Self.size - 1))
        let e = table[i]
        if e.hash == hash, e.host == Int32(host), e.slot >= 0, e.slot != Int32(slot), time &- e.time <= window, time >= e.time {
            return true
        }
        table[i] = Entry(hash: hash, time: time, slot: Int32(slot), host: Int32(host))
        return false
    }
}
