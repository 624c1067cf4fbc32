#if os(Linux)
import CaptureIO
import Foundation
import LiveCapture
import PacketWire
import TestSupport
import XCTest

/// The packet ring handle on veth members in network namespaces: frames replayed out of the
/// member (sent) and out of its peer (received) come out of one handle with the kernel's
/// direction and the bytes that were sent, cut to the snap length; the filter holds from the
/// first packet; the kernel's counts and drops; a member taken down and up keeps its handle, as
/// tcpdump's does; a member deleted ends it with `.noSuchDevice`.
/// Needs root, network namespaces and tcpreplay: each test says when it skips.
final class PacketRingTests: XCTestCase {
    /// Frames of `length` bytes (Frames.udp padded), numbered from `first` by UDP source port.
    func frames(sent: Bool, _ range: Range<Int>, length: Int = 200) -> [[UInt8]] {
        range.map { Frames.udp(sent: sent, sequence: $0) + [UInt8](repeating: 0x5a, count: length - 50) }
    }

    func write(_ frames: [[UInt8]], _ path: String) throws {
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "m")])
        for (i, f) in frames.enumerated() { w.write(timestamp: Int64(i) * 1000, bytes: f, wireLength: f.count) }
        w.close()
    }

    func tcpreplay() throws -> String {
        guard let t = TestEnvironment.which("tcpreplay") else { throw XCTSkip("tcpreplay is not installed (make test installs it): the packet ring tests are skipped") }
        return t
    }

    /// Reads `handle` until it has given `count` records or `seconds` have passed (a bound, not a
    /// measurement: the assertions are on what came).
    func read(_ handle: PacketRing, until count: Int, seconds: Double = 10) throws -> RecordQueue {
        var q = RecordQueue()
        let deadline = Date().addingTimeInterval(seconds)
        while q.count < count, Date() < deadline {
            if try handle.read(limit: 64, into: &q) == 0 { usleep(2_000) }
        }
        // Anything beyond (there should be nothing): one more read once the ring's timeout passed.
        usleep(20_000)
        _ = try handle.read(limit: .max, into: &q)
        return q
    }

    func records(_ q: RecordQueue, _ direction: CaptureDirection) -> [(bytes: [UInt8], wire: Int)] {
        q.entries.filter { $0.direction == direction }.map { (Array(q.bytes[$0.start..<($0.start + $0.count)]), $0.wireLength) }
    }

    func testOneHandleSeesBothDirectionsWithTheirBytesAndTheFilterFromTheFirstPacket() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces(members: 1)
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("ring")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sent = frames(sent: true, 0..<40), received = frames(sent: false, 0..<40)
        try write(sent, dir + "/sent.pcap")
        try write(received, dir + "/received.pcap")
        // The first five of each direction (source ports 10000-10004) do not pass the filter.
        let settings = LiveSource.Settings(snapLength: 128, filter: "udp src portrange 10005-65535")
        let handle = try net.inside(net.a) { try PacketRing(device: net.membersA[0], settings: settings) }
        defer { handle.close() }
        XCTAssertEqual(handle.linkType, .ethernet)
        XCTAssertEqual(try net.packetSockets(net.a), 1, "one socket for both directions")
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[0], dir + "/sent.pcap"]).status, 0)
        XCTAssertEqual(try net.exec(net.b, replay, ["-q", "--topspeed", "-i", net.membersB[0], dir + "/received.pcap"]).status, 0)
        let q = try read(handle, until: 70)
        XCTAssertEqual(q.count, 70, "35 sent and 35 received frames passed the filter")
        let out = records(q, .outbound), back = records(q, .inbound)
        XCTAssertEqual(out.map(\.bytes), sent[5...].map { Array($0.prefix(128)) }, "what A sent, cut to the snap length, in order")
        XCTAssertEqual(back.map(\.bytes), received[5...].map { Array($0.prefix(128)) }, "what A received")
        XCTAssertEqual(Set(out.map(\.wire) + back.map(\.wire)), [200], "the length on the wire")
        XCTAssertEqual(q.entries.filter { $0.direction == .unknown }.count, 0)
        XCTAssertTrue(zip(q.entries, q.entries.dropFirst()).allSatisfy { $0.time <= $1.time }, "time stamps in the kernel's order")
        let s = try XCTUnwrap(handle.statistics())
        XCTAssertEqual(s, LiveStatistics(received: 70, kernelDrops: 0, interfaceDrops: s.interfaceDrops), "what passed the filter, no drop")
        // PACKET_STATISTICS resets when read: the handle keeps the sum.
        XCTAssertEqual(handle.statistics()?.received, 70)
    }

    func testAFullRingCountsItsDrops() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces(members: 1)
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("ring")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(frames(sent: false, 0..<3000), dir + "/received.pcap")
        // 64 KiB: a few hundred slots of 128-byte snaps, and nobody reading while 3,000 come.
        let handle = try net.inside(net.a) { try PacketRing(device: net.membersA[0], settings: LiveSource.Settings(snapLength: 128, bufferSize: 64 << 10)) }
        defer { handle.close() }
        XCTAssertLessThan(handle.blockSize * handle.blockCount, 3000 * 128)
        XCTAssertEqual(try net.exec(net.b, replay, ["-q", "--topspeed", "-i", net.membersB[0], dir + "/received.pcap"]).status, 0)
        usleep(50_000)
        let q = try read(handle, until: 3000, seconds: 1)
        let s = try XCTUnwrap(handle.statistics())
        XCTAssertGreaterThan(s.kernelDrops, 0, "the full ring dropped")
        XCTAssertGreaterThan(q.count, 0)
        XCTAssertEqual(s.received, 3000, "every frame counted, the dropped ones too (as libpcap's ps_recv)")
        XCTAssertEqual(UInt64(q.count) + s.kernelDrops, s.received, "captured and dropped make what came")
    }

    /// A member's link down and up again: the handle stays (no error while down), and what the
    /// member receives after the up comes out of it, the kernel having hooked the socket in again
    /// (packet_notifier, NETDEV_UP). Deleted, the member ends the handle with `.noSuchDevice`.
    func testAMemberDownAndUpKeepsItsHandleAndDeletedEndsIt() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces(members: 1)
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("ring-down")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let received = frames(sent: false, 0..<10)
        try write(received, dir + "/received.pcap")
        let handle = try net.inside(net.a) { try PacketRing(device: net.membersA[0], settings: LiveSource.Settings()) }
        defer { handle.close() }
        var q = RecordQueue()
        XCTAssertEqual(try handle.read(limit: 64, into: &q), 0)
        try net.ip(["-n", net.a, "link", "set", net.membersA[0], "down"])
        // Read through the down for longer than the handle's grace for a failure: nothing thrown.
        for _ in 0..<40 {
            XCTAssertNoThrow(try handle.read(limit: 64, into: &q))
            usleep(5_000)
        }
        // Opened while down: `.down` at once, as libpcap's PCAP_ERROR_IFACE_NOT_UP.
        XCTAssertThrowsError(try net.inside(net.a) { try PacketRing(device: net.membersA[0], settings: LiveSource.Settings()) }) {
            XCTAssertEqual(($0 as? LiveCaptureError)?.kind, .down, "\($0)")
        }
        try net.ip(["-n", net.a, "link", "set", net.membersA[0], "up"])
        // A veth carries frames once both ends are up and its carrier is on.
        var carrier = ""
        let deadline = Date().addingTimeInterval(5)
        while !carrier.contains("LOWER_UP"), Date() < deadline {
            carrier = try net.ip(["-n", net.a, "link", "show", net.membersA[0]]).stdout
            usleep(10_000)
        }
        XCTAssertEqual(try net.exec(net.b, replay, ["-q", "--topspeed", "-i", net.membersB[0], dir + "/received.pcap"]).status, 0)
        let after = try read(handle, until: 10)
        XCTAssertEqual(records(after, .inbound).map(\.bytes), received.map { Array($0.prefix(128)) }, "received after the up, same handle")
        try net.ip(["-n", net.a, "link", "del", net.membersA[0]])
        var failure: LiveCaptureError?
        let gone = Date().addingTimeInterval(5)
        while failure == nil, Date() < gone {
            do throws(LiveCaptureError) {
                _ = try handle.read(limit: 64, into: &q)
                usleep(5_000)
            } catch {
                failure = error
            }
        }
        XCTAssertEqual(failure?.kind, .noSuchDevice, "\(String(describing: failure))")
        XCTAssertThrowsError(try net.inside(net.a) { try PacketRing(device: "nosuch0", settings: LiveSource.Settings()) }) {
            XCTAssertEqual(($0 as? LiveCaptureError)?.kind, .noSuchDevice, "\($0)")
        }
    }

    /// The loopback is not Ethernet to the ring: the opener gives it libpcap's two handles.
    func testTheOpenerFallsBackToLibpcapOffEthernet() throws {
        guard getuid() == 0 else { throw XCTSkip("opening capture handles needs root: skipped") }
        let opener = PacketRingOpener(settings: LiveSource.Settings())
        let handles = try opener.open("lo")
        defer { handles.forEach { $0.close() } }
        XCTAssertEqual(handles.map(\.direction), [.outbound, .inbound])
        XCTAssertEqual(opener.libpcapInterfaces, ["lo": .linkType])
        XCTAssertTrue(opener.kernelDirection)
    }
}
#endif
