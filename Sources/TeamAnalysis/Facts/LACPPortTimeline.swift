/// One LACP port as its LACPDUs described it over the capture (IEEE 802.1AX-2020 6.4.2.3,
/// actor state bits: 0 activity, 1 short timeout, 3 synchronization, 4 collecting,
/// 5 distributing, 7 expired): how often it stopped and started distributing, when, and its
/// longest silence between LACPDUs.
public struct LACPPortTimeline: Codable, Sendable, Equatable {
    /// The actor's system MAC and port number ("02:00:00:00:0a:01/1").
    public var port: String
    public var lacpdus = 0
    /// Whether the last LACPDU said distributing.
    public var distributing: Bool?
    /// Times the port stopped distributing after having distributed (leaving the aggregate), and
    /// started again after a stop (rejoining); the first start of a capture is not counted.
    public var left = 0
    public var rejoined = 0
    /// The first such times, at most 8 each.
    public var leftAtNs: [Int64] = []
    public var rejoinedAtNs: [Int64] = []
    /// The longest time between two LACPDUs of this port while it was distributing, and when it ended.
    public var longestSilenceNs: Int64 = 0
    public var silenceEndedAtNs: Int64?
    /// The port asked for the short timeout (a LACPDU every second).
    public var fastRate = false
    var last: Int64 = 0
    var everDistributed = false

    enum CodingKeys: String, CodingKey {
        case port, lacpdus, distributing, left, rejoined, leftAtNs = "left_at_ns", rejoinedAtNs = "rejoined_at_ns"
        case longestSilenceNs = "longest_silence_ns", silenceEndedAtNs = "silence_ended_at_ns", fastRate = "fast_rate"
    }

    public init(port: String) { self.port = port }

    mutating func observe(state: UInt8, time: Int64) {
        // A silence counts while the port was distributing (not before it first joined).
        if lacpdus > 0, distributing == true, time - last > longestSilenceNs {
            longestSilenceNs = time - last
            silenceEndedAtNs = time
        }
        lacpdus += 1
        last = time
        fastRate = state & 0x02 != 0
        let now = state & 0x20 != 0
        if let was = distributing, was != now {
            if !now && everDistributed {
                left += 1
                if leftAtNs.count < 8 { leftAtNs.append(time) }
            } else if now && left > 0 {
                rejoined += 1
                if rejoinedAtNs.count < 8 { rejoinedAtNs.append(time) }
            }
        }
        if now { everDistributed = true }
        distributing = now
    }

    /// Whether the port left the aggregate, or fell silent for three LACPDU periods or more
    /// while it was distributing (a link down takes its LACPDUs with it).
    public var churned: Bool {
        left > 0 || (everDistributed && longestSilenceNs >= (fastRate ? 3_000_000_000 : 90_000_000_000))
    }
}
