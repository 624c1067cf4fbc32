import FlowTracking
import PacketWire

/// Where a capture was taken, from how quickly each side of a TCP connection answers the other:
/// `HandshakeTiming` made general to every exchange. A segment that takes sequence space (data,
/// SYN or FIN) is answered by the first segment from the other side whose acknowledgment number
/// covers it (RFC 9293 3.4, 3.10.7.4). On the capturing host the way from the receive tap through
/// its own stack to the transmit tap holds no wire and no queue (often one softirq); the peer's
/// answer to a segment the host sent crosses everything between them twice (the host's transmit
/// ring or veth backlog, the wire, the peer's interrupt moderation, stack and queues, the way
/// back). So the quickest answers the capturing host gives are quicker than any the peer can
/// give, by that round trip; on a capture in between (a switch's mirror port) both sides pay
/// part of it, and neither's quickest answers stand apart.
///
/// Only the latest segment of each direction is timed (an acknowledgment that covers an earlier
/// one only is no answer to it), and only when it carries new sequence space: a retransmission's
/// answer may be the original's, which would time an answer shorter than its round trip. Per
/// connection and direction the quickest answer is kept with the MAC that gave it; the low end of
/// those is what `HostPlanner` compares (`quickestAnswers`), not a vote per connection: which side
/// of a one-way transfer answers data (every second segment, at once) and which only the
/// handshake and the FIN (after an idle CPU wakes) depends on who sends, not on where the capture
/// was taken.
///
/// Memory is bounded: at most `maxConnections` connections are followed (the first seen), a few
/// words per direction, nothing per packet.
struct ResponseTiming {
    /// One direction of a connection: the segments its end sent, and the answers it gave to the
    /// other end's.
    struct Side: Equatable {
        /// The highest sequence number (end of segment) sent so far, once `started`.
        var end: UInt32 = 0
        var started = false
        /// When the latest new segment was seen (-1: answered already, or none), and its MAC.
        var pendingTime: Int64 = -1
        var pendingMAC: UInt64 = 0
        /// The quickest answer this end gave to the other's segments, and the MAC it came from.
        var quickest: Int64 = .max
        var answerMAC: UInt64 = 0
    }

    /// `a` and `b` as `FlowKey` orders the ends.
    struct Connection: Equatable {
        var a = Side()
        var b = Side()
    }

    private(set) var connections: [FlowKey: Connection] = [:]

    static let maxConnections = 4096

    mutating func observe(_ d: DecodedPacket, sourceMAC mac: UInt64, time: Int64) {
        guard d.isTCP, !d.isFragment else { return }
        let flags = d.tcpFlags
        // A reset answers nothing the way the stack answers data: it may come from a firewall.
        guard !flags.contains(.rst) else { return }
        let (key, aToB) = FlowKey.of(d)
        guard connections[key] != nil || connections.count < Self.maxConnections else { return }
        var c = connections[key] ?? Connection()
        var from = aToB ? c.a : c.b
        var to = aToB ? c.b : c.a
        // An answer to the other end's latest segment: the first acknowledgment that covers it,
        // from another MAC (a frame and its own echo are not an exchange).
        if flags.contains(.ack), to.pendingTime >= 0, TCPSequenceNumber.ge(d.tcpAcknowledgment, to.end) {
            if mac != to.pendingMAC && time >= to.pendingTime {
                let delay = time - to.pendingTime
                if delay < from.quickest {
                    from.quickest = delay
                    from.answerMAC = mac
                }
            }
            to.pendingTime = -1
        }
        // New sequence space from this end: the segment to time next.
        let length = max(0, d.payloadLength) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
        if length > 0 {
            let end = d.tcpSequence &+ UInt32(truncatingIfNeeded: length)
            if !from.started || TCPSequenceNumber.gt(end, from.end) {
                from.end = end
                from.started = true
                from.pendingTime = time
                from.pendingMAC = mac
            }
        }
        if aToB { c.a = from; c.b = to } else { c.b = from; c.a = to }
        connections[key] = c
    }

    /// The low end of a station's quickest answers, and their middle: the tenth percentile of its
    /// connection directions' quickest, never the single quickest (so that no one stray answer
    /// decides), over at least `minimumAnswers`; fewer decide nothing.
    struct Floor: Equatable {
        var nanoseconds: Int64
        var median: Int64
        var answered: Int

        static let minimumAnswers = 8
        /// Answers quicker than this are below many captures' timestamp resolution (1 µs) and
        /// below any round trip: they count as this.
        static let resolution: Int64 = 2_000

        init?(_ quickest: [Int64]) {
            guard quickest.count >= Self.minimumAnswers else { return nil }
            let sorted = quickest.sorted()
            nanoseconds = sorted[max(1, sorted.count / 10)]
            median = sorted[sorted.count / 2]
            answered = sorted.count
        }

        /// Whether these answers are clearly the capturing host's against `other`'s: `other`'s
        /// low end takes more than half as long again (a round trip of more than half the local
        /// stack's answer on top of the peer's own), and the bulk agrees (`other`'s median is the
        /// longer too), so one tail alone never decides.
        func isClearlyQuicker(than other: Floor) -> Bool {
            2 * other.nanoseconds > 3 * max(nanoseconds, Self.resolution) && other.median > median
        }

        /// Whether these answers lean to being the capturing host's: `other`'s take a fifth
        /// longer (used only to order hypotheses nothing decided).
        func leans(against other: Floor) -> Bool {
            5 * other.nanoseconds >= 6 * max(nanoseconds, Self.resolution)
        }
    }

    /// Per MAC, the quickest answer it gave in each connection direction it answered
    /// (nanoseconds, ascending).
    func quickestAnswers() -> [UInt64: [Int64]] {
        var out: [UInt64: [Int64]] = [:]
        for c in connections.values {
            for side in [c.a, c.b] where side.quickest != .max {
                out[side.answerMAC, default: []].append(side.quickest)
            }
        }
        return out.mapValues { $0.sorted() }
    }
}
