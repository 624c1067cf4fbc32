import CaptureIO
import PacketWire

/// What a bounded first look at the captures teaches: which interfaces repeat each other's
/// packets (a bond master beside its members, pktmon components), in which order the copies
/// appeared, how a frame's copies on two hosts are staggered, and which MACs source traffic on
/// which member. From it come the interface roles and each host's own MACs.
struct DirectionEvidence {
    struct Pair: Hashable { var first: Int32; var second: Int32 }
    struct OrderedMAC: Hashable { var first: Int32; var second: Int32; var mac: UInt64 }
    struct CrossMAC: Hashable { var earlierHost: Int32; var laterHost: Int32; var mac: UInt64 }

    let duplicateWindow: Int64
    let crossHostWindow: Int64
    private var window: RecentFrames
    /// Copies matched on two interfaces of one host, by (earlier, later) slot.
    private(set) var pairs: [Pair: Int] = [:]
    /// The same, per source MAC.
    private(set) var orders: [OrderedMAC: Int] = [:]
    /// Delays between a frame's copies on two interfaces of one host, per (earlier, later) slot
    /// and source MAC (at most `maxCopySamples`): a switch flooding a peer's frame delivers the
    /// copies at once, the host's own frame comes back (echoed) a round trip after it left.
    private(set) var copyDelays: [OrderedMAC: [Int64]] = [:]
    private static let maxCopySamples = 64
    /// Copies matched on two interfaces of one host whose direction the capture recorded, by
    /// (upper, lower) slot: the kernel hands a packet a device sends to the capture before the
    /// device below it sends it (a bond master's transmit runs its members' `dev_queue_xmit`),
    /// and a packet a device receives before the device above it receives it (the member's
    /// receive handler hands it up to the master: `__netif_receive_skb_core`, another round). So
    /// the earlier copy of an outbound packet is the upper device's, the later copy of an inbound
    /// one too.
    /// Kept apart by direction: a frame a bridge floods to several members arrives on each
    /// in turn, inbound pairs that look stacked; only a device's own transmit is repeated
    /// outbound below it.
    private(set) var stackedOutbound: [Pair: Int] = [:]
    private(set) var stackedInbound: [Pair: Int] = [:]
    /// Packets per slot the capture marked outbound.
    private(set) var outboundPackets: [Int32: Int] = [:]
    /// Delays between a frame's copies on two hosts, per source MAC (at most `maxSamples`).
    private(set) var crossDelays: [CrossMAC: [Int64]] = [:]
    /// Packets per slot, and per (slot, source MAC).
    private(set) var packets: [Int32: Int] = [:]
    private(set) var sourceMACs: [Int32: [UInt64: Int]] = [:]
    /// MACs seen sending from a `--local-ip` address, per host.
    private(set) var learnedMACs: [Int32: Set<UInt64>] = [:]
    /// Packets whose direction the capture itself recorded, per host.
    private(set) var markedPackets: [Int32: Int] = [:]
    /// Per host and source MAC, IP packets with an initial TTL / hop limit (64 Linux, 128
    /// Windows) and with a lower one (decremented by routers: a routed peer's, arriving through
    /// the gateway's MAC). TTL 1 and 255 are left out (link-local protocols set them).
    private(set) var ttls: [Int32: [UInt64: TTLCount]] = [:]

    /// Per host, what its own members show of who sent what (`HostSignals`).
    private(set) var hostSignals: [Int32: HostSignals] = [:]

    struct TTLCount: Equatable {
        var initial = 0
        var decremented = 0
    }
    private static let maxSamples = 512
    private static let maxMACsPerSlot = 256

    init(duplicateWindow: Int64, crossHostWindow: Int64) {
        self.duplicateWindow = duplicateWindow
        self.crossHostWindow = crossHostWindow
        window = RecentFrames(window: max(duplicateWindow, crossHostWindow))
    }

    /// `direction`: the way the capture marked the packet (SLL packet type, pcapng `epb_flags`).
    mutating func observe(slot: Int32, host: Int32, timestamp: Int64, frame: FrameIdentity, bytes: UnsafeRawBufferPointer,
                          wireLength: Int, decoded d: DecodedPacket, direction: CaptureDirection, localIPs: [IPAddress]) {
        let marked = direction != .unknown
        if direction == .outbound { outboundPackets[slot, default: 0] += 1 }
        packets[slot, default: 0] += 1
        if marked { markedPackets[host, default: 0] += 1 }
        let mac = frame.source
        let usable = d.hasMAC && mac != 0 && mac & (1 << 40) == 0
        if usable {
            if sourceMACs[slot]?[mac] != nil || (sourceMACs[slot]?.count ?? 0) < Self.maxMACsPerSlot {
                sourceMACs[slot, default: [:]][mac, default: 0] += 1
            }
            if d.isIP && localIPs.contains(d.source) { learnedMACs[host, default: []].insert(mac) }
            if !marked { hostSignals[host, default: HostSignals()].observe(bytes, d, sourceMAC: mac, wireLength: wireLength, time: timestamp) }
            if d.isIP && d.ttl > 1 && d.ttl <= 128 {
                if d.ttl == 64 || d.ttl == 128 { ttls[host, default: [:]][mac, default: .init()].initial += 1 }
                else { ttls[host, default: [:]][mac, default: .init()].decremented += 1 }
            }
        }
        window.expire(before: timestamp) { _ in }
        // The frame's bytes, and its pktmon packet id when it has one: no array per packet.
        // A frame to a group address reaches every member of a team behind a switch or bridge
        // (flooded, or the host's own echoed back): its copies say nothing of an aggregate.
        let group = d.hasDestinationMAC && d.destinationMAC.isMulticast
        observeKey(frame.hash, byPacketID: false, slot: slot, host: host, timestamp: timestamp, mac: mac, usable: usable, group: group,
                   direction: direction)
        if let pid = frame.packetIDHash {
            observeKey(pid, byPacketID: true, slot: slot, host: host, timestamp: timestamp, mac: mac, usable: usable, direction: direction)
        }
    }

    private mutating func observeKey(_ key: UInt64, byPacketID: Bool, slot: Int32, host: Int32, timestamp: Int64, mac: UInt64, usable: Bool,
                                     group: Bool = false, direction: CaptureDirection) {
        window.forEachMatch(key) { _, e in
            // The copy with the earlier timestamp is the first, whichever the file holds first:
            // one pcapng of several interfaces (dumpcap's) may hold records out of time order.
            let delay = timestamp &- e.timestamp
            let gap = delay >= 0 ? delay : 0 &- delay
            let (first, second) = delay >= 0 ? (e.slot, slot) : (slot, e.slot)
            if e.host == host {
                if e.slot != slot && (byPacketID || gap <= duplicateWindow) {
                    if !group { pairs[Pair(first: first, second: second), default: 0] += 1 }
                    if usable {
                        let k = OrderedMAC(first: first, second: second, mac: mac)
                        orders[k, default: 0] += 1
                        if !byPacketID, copyDelays[k, default: []].count < Self.maxCopySamples { copyDelays[k, default: []].append(gap) }
                    }
                    // Both copies must go the same way: a frame a bridge floods back to another
                    // member (sent on one, received on the other) says nothing about stacking.
                    switch (direction, e.direction) {
                    case (.outbound, .outbound): stackedOutbound[Pair(first: first, second: second), default: 0] += 1
                    case (.inbound, .inbound): stackedInbound[Pair(first: second, second: first), default: 0] += 1
                    default: break
                    }
                }
            } else if !byPacketID && usable && gap <= crossHostWindow {
                let key = delay >= 0 ? CrossMAC(earlierHost: e.host, laterHost: host, mac: mac) : CrossMAC(earlierHost: host, laterHost: e.host, mac: mac)
                if crossDelays[key, default: []].count < Self.maxSamples { crossDelays[key, default: []].append(gap) }
            }
            return true
        }
        window.insert(RecentFrames.Entry(hash: key, timestamp: timestamp, slot: slot, host: host,
                                         sourceMAC: mac, previous: -1, matched: false, aggregate: false, direction: direction)) { _ in }
    }

    /// Copies seen on both slots (either order).
    func pairCount(_ a: Int32, _ b: Int32) -> Int {
        (pairs[Pair(first: a, second: b)] ?? 0) + (pairs[Pair(first: b, second: a)] ?? 0)
    }

    /// Whether two slots repeat each other often enough to be one packet stream seen twice:
    /// at least 5 copies and 1 % of the smaller slot's packets.
    func repeats(_ a: Int32, _ b: Int32) -> Bool {
        let n = pairCount(a, b)
        let smaller = min(packets[a] ?? 0, packets[b] ?? 0)
        return n >= 5 && n * 100 >= smaller
    }

    /// Whether `upper` is the device above `lower` (a bond master above its member, a VLAN or
    /// bridge above the bond): at least 5 outbound copies appeared on it first, at most one in
    /// ten of the outbound or inbound pairs says the opposite, and at least half of what the
    /// lower one sent came through it (a bond's member sends little of its own: LACPDUs,
    /// balance-alb's learning packets, which go out on every member alike). A kernel drop of
    /// either copy removes a pair, never reverses one; floods between members are inbound.
    func isStacked(_ upper: Int32, above lower: Int32) -> Bool {
        let out = stackedOutbound[Pair(first: upper, second: lower)] ?? 0
        let outAgainst = stackedOutbound[Pair(first: lower, second: upper)] ?? 0
        let into = stackedInbound[Pair(first: upper, second: lower)] ?? 0
        let intoAgainst = stackedInbound[Pair(first: lower, second: upper)] ?? 0
        return out >= 5 && out >= 9 * outAgainst && out + into >= 9 * intoAgainst && out * 2 >= (outboundPackets[lower] ?? 0)
            && repeats(upper, lower)
    }

    /// Slots that repeat `a`.
    func neighbours(of a: Int32, among slots: [Int32]) -> [Int32] {
        slots.filter { $0 != a && repeats(a, $0) }
    }

    /// Per source MAC: how often an aggregate's copy came before a member's, and after.
    func aggregateOrder(aggregate: Int32, member: Int32) -> [UInt64: (aggregateFirst: Int, memberFirst: Int)] {
        var result: [UInt64: (aggregateFirst: Int, memberFirst: Int)] = [:]
        for (k, n) in orders {
            if k.first == aggregate && k.second == member { result[k.mac, default: (0, 0)].aggregateFirst += n }
            if k.first == member && k.second == aggregate { result[k.mac, default: (0, 0)].memberFirst += n }
        }
        return result
    }

    /// Per source MAC, the delays (`other` − `host`) of frames both hosts captured: the median,
    /// the 10th and 90th percentiles (a sender's frames arrive after at least the link's latency,
    /// some queued longer; the low percentile of the sender's MACs and the high one of the
    /// receiver's bracket the clock offset, whatever the queueing), and how many.
    func crossHostDelays(host: Int32, other: Int32) -> [UInt64: (median: Int64, low: Int64, high: Int64, samples: Int)] {
        var merged: [UInt64: [Int64]] = [:]
        for (k, v) in crossDelays {
            if k.earlierHost == host && k.laterHost == other { merged[k.mac, default: []] += v }
            if k.earlierHost == other && k.laterHost == host { merged[k.mac, default: []] += v.map { -$0 } }
        }
        return merged.mapValues { v in
            let s = v.sorted()
            return (s[s.count / 2], s[s.count / 10], s[(s.count * 9) / 10], s.count)
        }
    }
}
