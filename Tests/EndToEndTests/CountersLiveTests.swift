import CaptureIO
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `teamscope counters` on two veth members in a network namespace while `teamscope capture`
/// captures them and tcpreplay sends a known number of frames each way on each member: the
/// counters' series add up to what was sent, and equal what the capture saw; with 30 % of one
/// member's packets taken out of the capture, `analyze --counters` finds that member's traffic
/// missing from it, and only that member's.
final class CountersLiveTests: XCTestCase {
    static let frames = 2000
    static let frameSize = 1000
    static let pps = "1000"

    /// An Ethernet/IPv4/UDP frame of `frameSize` bytes from `src` to `dst` (documentation
    /// addresses 192.0.2.0/24).
    static func frame(src: [UInt8], dst: [UInt8], srcIP: UInt8, dstIP: UInt8, port: UInt16) -> [UInt8] {
        let ipLength = frameSize - 14
        var f = dst + src + [0x08, 0x00]
        f += [0x45, 0, UInt8(ipLength >> 8), UInt8(ipLength & 0xFF), 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, srcIP, 192, 0, 2, dstIP]
        let udpLength = ipLength - 20
        f += [UInt8(port >> 8), UInt8(port & 0xFF), 0x30, 0x39, UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        f += [UInt8](repeating: 0x5A, count: frameSize - f.count)
        return f
    }

    static func writeFrames(_ path: String, _ frame: [UInt8]) throws {
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: false), interfaces: [.init(name: "x")])
        for i in 0..<frames { w.write(timestamp: Int64(i) * 1_000_000, bytes: frame) }
        w.close()
    }

    /// The capture without 3 of every 10 packets of interface `thinned`.
    static func thin(_ path: String, to out: String, interface thinned: Int, names: [String]) throws -> Int {
        let r = try CaptureFile.open(path)
        let w = try CaptureWriter(path: out, format: .pcapng, interfaces: names.map { .init(name: $0) })
        var seen = 0, removed = 0
        while let rec = try r.next() {
            if rec.interface == thinned {
                seen += 1
                if seen % 10 < 3 { removed += 1; continue }
            }
            w.write(timestamp: rec.timestamp, interface: rec.interface, bytes: rec.bytes, wireLength: rec.wireLength, flags: rec.flags)
        }
        w.close()
        return removed
    }

    func testCountersOnVethsAgreeWithTheCaptureAndFindWhatItLacks() throws {
        guard let replay = TestEnvironment.which("tcpreplay") else { throw XCTSkip("tcpreplay is not installed (make test installs it): the live counters test is skipped") }
        let net = try NetworkNamespaces()
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("counters")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let macA: [UInt8] = [0x02, 0, 0, 0, 0x0a, 0x01], macB: [UInt8] = [0x02, 0, 0, 0, 0x0b, 0x01]
        for i in 0..<2 {
            try Self.writeFrames("\(dir)/out\(i).pcap", Self.frame(src: macA, dst: macB, srcIP: 1, dstIP: 2, port: UInt16(5000 + i)))
            try Self.writeFrames("\(dir)/in\(i).pcap", Self.frame(src: macB, dst: macA, srcIP: 2, dstIP: 1, port: UInt16(6000 + i)))
        }
        let capture = try net.start(net.a, TestEnvironment.teamscopeBinary, ["capture", "--host", "A", "-i", net.membersA[0], "-i", net.membersA[1],
                                                                             "-w", dir + "/cap.pcapng", "--format", "json", "-o", dir + "/live.json"])
        // A packet ring per member.
        try net.waitForPacketSockets(net.a, count: 2)
        let counters = try net.start(net.a, TestEnvironment.teamscopeBinary, ["counters", "--host", "A", "-i", net.membersA[0], "-i", net.membersA[1],
                                                                              "--interval", "200ms", "-o", dir + "/counters.csv"])
        usleep(500_000)
        // Both members, both ways, at once: about 2 s of traffic.
        let senders = try (0..<2).flatMap { i in
            [try net.start(net.a, replay, ["-q", "--pps", Self.pps, "-i", net.membersA[i], "\(dir)/out\(i).pcap"]),
             try net.start(net.b, replay, ["-q", "--pps", Self.pps, "-i", net.membersB[i], "\(dir)/in\(i).pcap"])]
        }
        for s in senders {
            s.process.waitUntilExit()
            XCTAssertEqual(s.process.terminationStatus, 0, String(decoding: s.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        usleep(600_000)
        counters.process.interrupt()
        counters.process.waitUntilExit()
        capture.process.interrupt()
        capture.process.waitUntilExit()
        XCTAssertEqual(counters.process.terminationStatus, 0, String(decoding: counters.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        XCTAssertEqual(capture.process.terminationStatus, 0)

        // The counters alone: each member's series adds up to the bytes sent each way.
        let sent = Double(Self.frames * Self.frameSize)
        let alone = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--counters", "A=" + dir + "/counters.csv"]).stdout)
        let entries = try XCTUnwrap(alone.counters)
        XCTAssertEqual(entries.map(\.member), net.membersA)
        for e in entries {
            let seconds = Double(e.endNs - e.startNs) / 1e9
            XCTAssertEqual(e.sentBitsPerSecondAvg * seconds / 8, sent, accuracy: sent * 0.001, "\(e.member) sent")
            XCTAssertEqual(e.receivedBitsPerSecondAvg * seconds / 8, sent, accuracy: sent * 0.001, "\(e.member) received")
            XCTAssertEqual(e.missingSamples, 0)
            XCTAssertEqual(e.source, "teamscope-counters")
            XCTAssertGreaterThan(e.sentBitsPerSecondPeak, e.sentBitsPerSecondAvg)
            XCTAssertEqual(e.sentShare ?? 0, 0.5, accuracy: 0.001)
            XCTAssertNil(e.rdmaShare, "veths have no RDMA port")
        }

        // With the whole capture: the capture saw what the counters counted; no finding.
        let whole = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "A/*=" + dir + "/cap.pcapng",
                                                                                                  "--counters", "A=" + dir + "/counters.csv"]).stdout)
        for e in try XCTUnwrap(whole.counters) {
            let c = try XCTUnwrap(e.capture, "\(e.member) compared")
            XCTAssertGreaterThan(c.seconds, 1.2)
            XCTAssertEqual(Double(c.capturedBytes), Double(c.countedBytes), accuracy: Double(c.countedBytes) * 0.03, "\(e.member)")
            XCTAssertLessThan(c.unseenShare, 0.03)
        }
        XCTAssertFalse(whole.findings.contains { $0.kind == .captureIncomplete }, "\(whole.findings)")

        // 30 % of the second member's packets taken out of the capture: found, on it alone.
        let removed = try Self.thin(dir + "/cap.pcapng", to: dir + "/thin.pcapng", interface: 1, names: net.membersA)
        XCTAssertEqual(removed, 3 * Self.frames * 2 / 10, accuracy: 2)
        let thin = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "A/*=" + dir + "/thin.pcapng",
                                                                                                 "--counters", "A=" + dir + "/counters.csv"]).stdout)
        let finding = try XCTUnwrap(thin.findings.first { $0.kind == .captureIncomplete })
        XCTAssertEqual(finding.members, [net.membersA[1]])
        XCTAssertEqual(finding.cause, .countersExceedCapture)
        XCTAssertTrue(finding.advice.contains("did not see"), finding.advice)
        let share = try XCTUnwrap(thin.counters?.first { $0.member == net.membersA[1] }?.capture?.unseenShare)
        XCTAssertEqual(share, 0.3, accuracy: 0.04)
        XCTAssertLessThan(try XCTUnwrap(thin.counters?.first { $0.member == net.membersA[0] }?.capture?.unseenShare), 0.03)
        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "A/*=" + dir + "/thin.pcapng", "--counters", "A=" + dir + "/counters.csv"]).stdout
        XCTAssertTrue(text.contains("warning capture_incomplete"), text)
        XCTAssertTrue(text.contains("traffic: both members used"), text)
    }
}
