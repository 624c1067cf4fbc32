import CaptureIO
import LiveCapture
import PacketWire

/// A clock the test moves by hand.
final class FakeClock {
    var now: Int64
    init(_ now: Int64) { self.now = now }
}

/// A handle whose records the test puts in (`deliver`); `fail` makes its next read throw after
/// handing over what it holds, as libpcap does when the interface goes down.
final class FakeHandle: CaptureHandle {
    let name: String
    let direction: CaptureDirection
    let linkType = LinkType.ethernet
    var pollDescriptor: Int32? { nil }
    var waiting: [(time: Int64, bytes: [UInt8])] = []
    var failure: LiveCaptureError?
    var closed = false
    var delivered = 0

    init(name: String, direction: CaptureDirection) {
        self.name = name
        self.direction = direction
    }

    func deliver(_ times: [Int64]) {
        for t in times { waiting.append((t, Frames.udp(sent: direction != .inbound, sequence: delivered + waiting.count))) }
    }

    func read(limit: Int, into queue: inout RecordQueue) throws(LiveCaptureError) -> Int {
        if waiting.isEmpty, let failure { throw failure }
        let n = min(limit, waiting.count)
        for r in waiting.prefix(n) { r.bytes.withUnsafeBytes { queue.append(time: r.time, wireLength: r.bytes.count, $0) } }
        waiting.removeFirst(n)
        delivered += n
        return n
    }

    func statistics() -> LiveStatistics? { closed ? nil : LiveStatistics(received: UInt64(delivered)) }
    /// Like a kernel-filtered handle: `delivered` is its own direction's packets.
    var countsOwnDirection: Bool { true }
    func close() { closed = true }
}

/// Opens two fake handles per interface (sent, received), or throws `.down` for the interfaces in
/// `down`; keeps every handle it made.
final class FakeOpener: HandleOpener {
    var down: Set<String> = []
    var opened: [String: [[FakeHandle]]] = [:]
    var kernelDirection: Bool { true }

    func open(_ interface: String) throws(LiveCaptureError) -> [any CaptureHandle] {
        guard !down.contains(interface) else { throw LiveCaptureError(device: interface, kind: .down, message: "down") }
        let pair = [FakeHandle(name: interface, direction: .outbound), FakeHandle(name: interface, direction: .inbound)]
        opened[interface, default: []].append(pair)
        return pair
    }

    /// The interface's latest handles: sent, received.
    func latest(_ interface: String) -> (sent: FakeHandle, received: FakeHandle) {
        let pair = opened[interface]!.last!
        return (pair[0], pair[1])
    }
}

/// Link states the test sets, observed when it says.
final class FakeLinks: LinkStateSource {
    var states: [String: OperState] = [:]
    var pending: [LinkObservation] = []

    func current(_ name: String) -> OperState? { states[name] ?? .up }
    func add(_ name: String) {}
    func drain() -> [LinkObservation] {
        defer { pending.removeAll() }
        return pending
    }
    func stop() {}

    func set(_ name: String, _ state: OperState?, at time: Int64) {
        states[name] = state
        pending.append(LinkObservation(member: name, state: state, timeNs: time))
    }
}

/// Ethernet/IPv4/UDP frames between 192.0.2.1 (02:00:00:00:0a:01, the capturing host) and
/// 192.0.2.2, numbered by their UDP source port.
enum Frames {
    static let local: [UInt8] = [0x02, 0, 0, 0, 0x0a, 0x01]
    static let peer: [UInt8] = [0x02, 0, 0, 0, 0x0b, 0x01]

    static func udp(sent: Bool, sequence: Int) -> [UInt8] {
        var f = (sent ? peer + local : local + peer) + [0x08, 0x00]
        let src: [UInt8] = sent ? [192, 0, 2, 1] : [192, 0, 2, 2], dst: [UInt8] = sent ? [192, 0, 2, 2] : [192, 0, 2, 1]
        f += [0x45, 0, 0, 36, 0, 0, 0x40, 0, 64, 17, 0, 0] + src + dst
        let port = UInt16(truncatingIfNeeded: 10_000 + sequence % 50_000)
        f += [UInt8(port >> 8), UInt8(port & 0xff), 0x17, 0x70, 0, 16, 0, 0] + [UInt8](repeating: 0xab, count: 8)
        return f
    }
}
