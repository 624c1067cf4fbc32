/// The figures behind a finding, typed by what triggered it (`findings[].figures`). Each
/// encodes to the JSON object the README documents (snake_case keys, maps by member or host);
/// a report read back gives the same typed figures.
public enum FindingFigures: Sendable, Equatable {
    /// `jumbo_on_some_members`: per member, datagrams over 1500 bytes, the largest datagram and
    /// data frames.
    case jumbo(jumboPackets: [String: Int], largestDatagram: [String: Int], dataPackets: [String: Int])
    /// `mss_differs` on one host: per member, the MTU its SYNs' MSS implies.
    case mssPerMember([String: Int])
    /// `mss_differs` across hosts: per host, the MTU its SYNs' MSS implies.
    case mssPerHost([String: Int])
    /// `large_segments_retransmitted`: per member, large retransmissions, large datagrams, small
    /// retransmissions.
    case largeRetransmissions(large: [String: Int], jumbo: [String: Int], small: [String: Int])
    /// `too_big_messages`: how many, and the MTUs they named.
    case tooBig(messages: Int, mtus: [Int])
    /// `vlans_differ`: per member, its VLAN ids (0: untagged).
    case vlans([String: [Int]])
    /// `no_data`, `no_packets`, `standby`: the member's packets, the host's data frames, the
    /// teammates.
    case silent(packets: Int, hostDataPackets: Int, teammates: [String])
    /// `quiet_stretch`: the longest stretch, and the LACP ports that churned in it.
    case quietStretch(QuietStretch, lacp: LACPChurn?)
    /// `lacp_churn`: the ports, and how often they left and rejoined.
    case lacpChurn(LACPChurn, left: Int, rejoined: Int)
    /// `member_at_link_speed`: per member, peak utilisation and link speed; the members with room.
    case ceiling(utilisation: [String: Double], linkSpeed: [String: Double], withRoom: [String])
    /// `streams_on_one_queue`: the receiver, the queue, the streams and their rate together.
    case rss(receiver: String, queue: Int, streams: [String], combinedBitsPerSecond: Double)
    /// `capture_drops`: drops and packets of the member.
    case drops(drops: Int, packets: Int)
    /// `rdma_not_captured`, `counters_exceed_capture`: what the counters counted that the
    /// capture did not see.
    case unseen(UnseenTraffic)

    /// A stretch without packets on a member while its teammates were busy.
    public struct QuietStretch: Sendable, Equatable {
        public var startNs: Int64
        public var endNs: Int64
        public var seconds: Double
        public var teammatesBytes: Int
        public init(startNs: Int64, endNs: Int64, seconds: Double, teammatesBytes: Int) {
            self.startNs = startNs
            self.endNs = endNs
            self.seconds = seconds
            self.teammatesBytes = teammatesBytes
        }
    }

    /// Per member, over the seconds compared: the bytes its NIC counted, the bytes captured, the
    /// RDMA bytes counted, what the capture did not see, and the drops the capture recorded.
    public struct UnseenTraffic: Sendable, Equatable {
        public var counted: [String: Int]
        public var captured: [String: Int]
        public var rdma: [String: Int]
        public var unseen: [String: Int]
        public var captureDrops: [String: Int]
        public var seconds: Double
        public init(counted: [String: Int], captured: [String: Int], rdma: [String: Int], unseen: [String: Int], captureDrops: [String: Int], seconds: Double) {
            self.counted = counted
            self.captured = captured
            self.rdma = rdma
            self.unseen = unseen
            self.captureDrops = captureDrops
            self.seconds = seconds
        }
    }

    /// LACP ports on a member that left the aggregate or fell silent while distributing.
    public struct LACPChurn: Sendable, Equatable {
        public var ports: [String]
        public var leftNs: [Int64]
        public var rejoinedNs: [Int64]
        /// The longest silence of their LACPDUs, in seconds (two decimals).
        public var silenceSeconds: Double
        public init(ports: [String], leftNs: [Int64], rejoinedNs: [Int64], silenceSeconds: Double) {
            self.ports = ports
            self.leftNs = leftNs
            self.rejoinedNs = rejoinedNs
            self.silenceSeconds = silenceSeconds
        }
    }
}

extension FindingFigures {
    /// The JSON object, key by key.
    public var values: [String: FigureValue] {
        func ints(_ m: [String: Int]) -> FigureValue { .map(m.mapValues { .int($0) }) }
        func numbers(_ m: [String: Double]) -> FigureValue { .map(m.mapValues { .number($0) }) }
        func texts(_ l: [String]) -> FigureValue { .list(l.map { .text($0) }) }
        func times(_ l: [Int64]) -> FigureValue { .list(l.map { .int(Int($0)) }) }
        func churn(_ c: LACPChurn) -> [String: FigureValue] {
            ["lacp_ports": texts(c.ports), "lacp_left_ns": times(c.leftNs), "lacp_rejoined_ns": times(c.rejoinedNs),
             "lacp_silence_seconds": .number(c.silenceSeconds)]
        }
        switch self {
        case let .jumbo(jumbo, largest, data):
            return ["jumbo_packets": ints(jumbo), "largest_datagram": ints(largest), "data_packets": ints(data)]
        case .mssPerMember(let m): return ["mss_mtu": ints(m)]
        case .mssPerHost(let m): return ["mss_mtu_by_host": ints(m)]
        case let .largeRetransmissions(large, jumbo, small):
            return ["large_retransmissions": ints(large), "jumbo_packets": ints(jumbo), "small_retransmissions": ints(small)]
        case let .tooBig(messages, mtus): return ["messages": .int(messages), "mtus": .list(mtus.map { .int($0) })]
        case .vlans(let m): return ["vlans": .map(m.mapValues { .list($0.map { .int($0) }) })]
        case let .silent(packets, hostData, teammates):
            return ["packets": .int(packets), "host_data_packets": .int(hostData), "teammates": texts(teammates)]
        case let .quietStretch(q, lacp):
            let gap: [String: FigureValue] = ["start_ns": .int(Int(q.startNs)), "end_ns": .int(Int(q.endNs)), "seconds": .number(q.seconds),
                                              "teammates_bytes": .int(q.teammatesBytes)]
            return gap.merging(lacp.map(churn) ?? [:]) { a, _ in a }
        case let .lacpChurn(c, left, rejoined): return churn(c).merging(["left": .int(left), "rejoined": .int(rejoined)]) { a, _ in a }
        case let .ceiling(use, speed, room): return ["utilisation": numbers(use), "link_speed": numbers(speed), "with_room": texts(room)]
        case let .rss(receiver, queue, streams, rate):
            return ["receiver": .text(receiver), "queue": .int(queue), "streams": texts(streams), "combined_bits_per_second": .number(rate)]
        case let .drops(drops, packets): return ["drops": .int(drops), "packets": .int(packets)]
        case .unseen(let u):
            return ["counted_bytes": ints(u.counted), "captured_bytes": ints(u.captured), "rdma_bytes": ints(u.rdma), "unseen_bytes": ints(u.unseen),
                    "capture_drops": ints(u.captureDrops), "seconds": .number(u.seconds)]
        }
    }

    /// The typed figures of a finding with this cause, read back from its JSON object; nil when
    /// the object lacks what the cause needs.
    public init?(cause: FindingCause, values v: [String: FigureValue]) {
        func ints(_ k: String) -> [String: Int]? { v[k]?.map?.compactMapValues(\.int) }
        func numbers(_ k: String) -> [String: Double]? { v[k]?.map?.compactMapValues(\.number) }
        func texts(_ k: String) -> [String]? { v[k]?.list?.compactMap(\.text) }
        func times(_ k: String) -> [Int64]? { v[k]?.list?.compactMap(\.int).map(Int64.init) }
        func churn() -> LACPChurn? {
            guard let ports = texts("lacp_ports"), let left = times("lacp_left_ns"), let rejoined = times("lacp_rejoined_ns"),
                  let silence = v["lacp_silence_seconds"]?.number else { return nil }
            return LACPChurn(ports: ports, leftNs: left, rejoinedNs: rejoined, silenceSeconds: silence)
        }
        switch cause {
        case .jumboOnSomeMembers:
            guard let j = ints("jumbo_packets"), let l = ints("largest_datagram"), let d = ints("data_packets") else { return nil }
            self = .jumbo(jumboPackets: j, largestDatagram: l, dataPackets: d)
        case .mssDiffers:
            if let h = ints("mss_mtu_by_host") { self = .mssPerHost(h) } else if let m = ints("mss_mtu") { self = .mssPerMember(m) } else { return nil }
        case .largeSegmentsRetransmitted:
            guard let l = ints("large_retransmissions"), let j = ints("jumbo_packets"), let s = ints("small_retransmissions") else { return nil }
            self = .largeRetransmissions(large: l, jumbo: j, small: s)
        case .tooBigMessages:
            guard let n = v["messages"]?.int, let mtus = v["mtus"]?.list?.compactMap(\.int) else { return nil }
            self = .tooBig(messages: n, mtus: mtus)
        case .vlansDiffer:
            guard let m = v["vlans"]?.map?.compactMapValues({ $0.list?.compactMap(\.int) }) else { return nil }
            self = .vlans(m)
        case .noData, .standby, .noPackets:
            guard let p = v["packets"]?.int, let h = v["host_data_packets"]?.int, let t = texts("teammates") else { return nil }
            self = .silent(packets: p, hostDataPackets: h, teammates: t)
        case .quietStretch:
            guard let s = v["start_ns"]?.int, let e = v["end_ns"]?.int, let sec = v["seconds"]?.number, let b = v["teammates_bytes"]?.int else { return nil }
            self = .quietStretch(QuietStretch(startNs: Int64(s), endNs: Int64(e), seconds: sec, teammatesBytes: b), lacp: churn())
        case .lacpChurn:
            guard let c = churn(), let l = v["left"]?.int, let r = v["rejoined"]?.int else { return nil }
            self = .lacpChurn(c, left: l, rejoined: r)
        case .memberAtLinkSpeed:
            guard let u = numbers("utilisation"), let s = numbers("link_speed"), let r = texts("with_room") else { return nil }
            self = .ceiling(utilisation: u, linkSpeed: s, withRoom: r)
        case .streamsOnOneQueue:
            guard let r = v["receiver"]?.text, let q = v["queue"]?.int, let s = texts("streams"), let b = v["combined_bits_per_second"]?.number else { return nil }
            self = .rss(receiver: r, queue: q, streams: s, combinedBitsPerSecond: b)
        case .captureDrops:
            guard let d = v["drops"]?.int, let p = v["packets"]?.int else { return nil }
            self = .drops(drops: d, packets: p)
        case .rdmaNotCaptured, .countersExceedCapture:
            guard let c = ints("counted_bytes"), let k = ints("captured_bytes"), let r = ints("rdma_bytes"), let u = ints("unseen_bytes"),
                  let s = v["seconds"]?.number else { return nil }
            self = .unseen(UnseenTraffic(counted: c, captured: k, rdma: r, unseen: u, captureDrops: ints("capture_drops") ?? [:], seconds: s))
        }
    }
}
