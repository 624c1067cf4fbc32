/// RDMA's retransmission and out-of-sequence figures for one flow: each request packet's
/// 24-bit PSN (IBTA Vol. 1 9.7.1, arithmetic modulo 2^24, a window of 2^23 ahead) against the
/// next one expected. A PSN ahead of it is a gap (packets lost before this point, or still to
/// come); one behind it a packet seen before or resent (go-back-N after a NAK or a timeout,
/// 9.7.5.1.1, resends every packet from the lost one on). The expected PSN never moves back, so
/// a resent run after a gap counts each packet once as resent. An RDMA READ request takes one
/// PSN per response packet (9.7.1.2), which the request does not say (the path MTU decides): the
/// PSN after one may lie ahead without a gap.
public struct PSNSequence: Sendable, Equatable {
    public private(set) var packets = 0
    /// Jumps ahead of the expected PSN, and the PSNs they skipped.
    public private(set) var gaps = 0
    public private(set) var skipped = 0
    /// Packets whose PSN is behind the expected one.
    public private(set) var resent = 0
    private var expected: UInt32 = 0
    /// The expected PSN is only a floor (after a READ request).
    private var floor = false

    static let mask: UInt32 = 0xFF_FFFF
    static let window: UInt32 = 0x80_0000

    public init() {}

    /// One request packet's PSN; `spansMore`: it may take more PSNs than its own (READ request).
    public mutating func observe(psn: UInt32, spansMore: Bool = false) {
        let psn = psn & Self.mask
        defer { packets += 1 }
        guard packets > 0 else {
            expected = (psn + 1) & Self.mask
            floor = spansMore
            return
        }
        let ahead = (psn &- expected) & Self.mask
        if ahead == 0 || (floor && ahead < Self.window) {
            expected = (psn + 1) & Self.mask
            floor = spansMore
        } else if ahead < Self.window {
            floor = spansMore
            gaps += 1
            skipped += Int(ahead)
            expected = (psn + 1) & Self.mask
        } else {
            resent += 1
        }
    }
}
