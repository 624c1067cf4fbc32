import CaptureIO
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Figures a user reads must be right and options must do what they say (issue 13's list).
final class FiguresTests: XCTestCase {
    private let sample = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"

    private func analyze(_ args: [String]) throws -> (status: Int32, report: ReportDocument?, stderr: String) {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        return (r.status, r.status == 0 ? try JSONReport.parse(r.stdout) : nil, r.stderr)
    }

    /// With both ends captured, a flow's packets and bytes are its traffic once, as one host saw
    /// it (the lacp-l34 sample's stream to 50004 showed 946 packets and 953,028 bytes: both
    /// hosts' copies; each host saw 473 and 476,514), and its average rate agrees with them.
    func testAFlowIsCountedOnceWhenBothEndsAreCaptured() throws {
        let c = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let r = try XCTUnwrap(try analyze(["A", "B"].flatMap { h in ["eth0", "eth1"].map { "\(c)/\(h)/\($0).pcap" } }).report)
        let f = try XCTUnwrap(r.migrationStreams.first { $0.srcPort == 50004 })
        XCTAssertEqual(f.packets, 473)
        XCTAssertEqual(f.bytes, 476_514)
        for host in ["A", "B"] {
            let views = f.directions.filter { $0.host == host }
            XCTAssertEqual(views.map(\.packets).reduce(0, +), f.packets, host)
            XCTAssertEqual(views.map(\.bytes).reduce(0, +), f.bytes, host)
        }
        let seconds = Double(f.lastNs - f.firstNs) / 1e9
        XCTAssertEqual(try XCTUnwrap(f.averageBitsPerSecond), Double(f.bytes) * 8 / seconds, accuracy: 1)
        // Its throughput series is one host's view too (it added both hosts' copies): the bins
        // hold the flow's bytes once.
        let t = try XCTUnwrap(f.throughput)
        let binned = zip(t.forwardBitsPerSecond, t.reverseBitsPerSecond).map { Double($0) + Double($1) }.reduce(0, +) * Double(t.binWidthNs) / 8e9
        XCTAssertEqual(binned, Double(f.bytes), accuracy: Double(f.bytes) * 0.01)
        // One host alone: the same figures as that host's view.
        let alone = try XCTUnwrap(try analyze(["eth0", "eth1"].map { "\(c)/A/\($0).pcap" }).report)
        XCTAssertEqual(alone.migrationStreams.first { $0.srcPort == 50004 }?.bytes, 476_514)
    }

    /// The kernel's balance-rr stream to 6600 showed 67.3 MiB although host A sent 51.2 MiB in
    /// all: no flow carries more than the busiest host's whole traffic.
    func testNoFlowExceedsWhatAHostCarried() throws {
        let truth = try KernelBondingTruth.load("rr")
        let r = try XCTUnwrap(try analyze(truth.memberArguments(folder: try KernelBondingTruth.folder("rr"))).report)
        let busiest = r.hosts.map { $0.sent.bytes + $0.received.bytes + $0.unknownDirection.bytes }.max() ?? 0
        let big = try XCTUnwrap(r.flows.first { $0.dstPort == 6600 })
        XCTAssertLessThanOrEqual(big.bytes, busiest)
        XCTAssertLessThanOrEqual(big.bytes, try XCTUnwrap(r.hosts.first { $0.name == "A" }).sent.bytes + r.hosts.first { $0.name == "A" }!.received.bytes)
    }

    /// Terminal text reads one way: IPv6 ends in brackets before their port, each direction's
    /// carriers in words (no arrow beside a verb), "1 retransmission"; and names from a capture
    /// are shown with control characters escaped, never passed to the terminal.
    func testTerminalTextReadsOneWayAndNamesAreInert() throws {
        let truth = try KernelBondingTruth.load("rr")
        let args = truth.memberArguments(folder: try KernelBondingTruth.folder("rr"))
        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"] + args).stdout
        XCTAssertTrue(text.contains("tcp [2001:db8::14]:43004 → [2001:db8::2]:5002"), text)
        XCTAssertFalse(text.contains("sent →") || text.contains("sent ←") || text.contains("received →"), text)
        XCTAssertTrue(text.contains("forward: A sent on"), text)
        let dir = try TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hostile.pcapng"
        let original = try CaptureFile.open(sample)
        let w = try CaptureWriter(path: path, format: .pcapng, interfaces: [.init(name: "eth\u{1B}[31m0<script>"), .init(name: "eth1\u{7}")])
        var k = 0
        while let rec = try original.next() {
            w.write(timestamp: rec.timestamp, interface: k % 2, bytes: Array(rec.bytes), wireLength: rec.wireLength)
            k += 1
        }
        w.close()
        let hostile = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "h/*=" + path])
        XCTAssertEqual(hostile.status, 0, hostile.stderr)
        let raw = hostile.stdout.split(separator: "\n").filter { $0.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 } }
        XCTAssertTrue(raw.isEmpty, "a control character reached the terminal: \(raw.map { $0.debugDescription })")
        XCTAssertTrue(hostile.stdout.contains("eth\\u{1B}[31m0<script>"), hostile.stdout)
    }

    /// A capture shorter than one throughput bin: the peak is never below the average (the smb
    /// sample lasts less than 100 ms and showed "avg 142.8 Mb/s, peak 65.7 Mb/s").
    func testPeakIsNeverBelowTheAverage() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/"
        let r = try XCTUnwrap(try analyze(["A/NIC1", "A/NIC2", "B/NIC1", "B/NIC2"].map { root + $0 + ".pcap.gz" }).report)
        XCTAssertLessThan(r.captureSpanNs, r.binWidthNs, "the sample is shorter than one bin")
        for m in r.members {
            for t in [m.sent, m.received] where t.bytes > 0 {
                XCTAssertGreaterThanOrEqual(t.peakBitsPerSecond, t.averageBitsPerSecond, "\(m.host)/\(m.name)")
            }
        }
        for m in try XCTUnwrap(try analyze([sample]).report).members where m.sent.bytes > 0 {
            XCTAssertGreaterThanOrEqual(m.sent.peakBitsPerSecond, m.sent.averageBitsPerSecond)
        }
    }

    /// A bin shorter than 1 ms measures single frames: refused, saying why; a valid bin is
    /// printed in its own unit.
    func testTinyBinsAreRefusedAndBinsPrintInTheirUnit() throws {
        let tiny = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--bin", "1ns", sample])
        XCTAssertNotEqual(tiny.status, 0)
        XCTAssertTrue(tiny.stderr.contains("--bin 1ns: expected at least 1ms"), tiny.stderr)
        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--bin", "1s", sample])
        XCTAssertTrue(text.stdout.contains("throughput in 1 s bins"), text.stdout)
        let us = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--bin", "1500us", sample])
        XCTAssertTrue(us.stdout.contains("throughput in 1500 µs bins"), us.stdout)
    }

    /// `--rss-table 0` turns RSS off, as `--rss-queues 0` does.
    func testRSSTableZeroTurnsRSSOff() throws {
        for option in ["--rss-table", "--rss-queues"] {
            let r = try XCTUnwrap(try analyze([option, "0", sample]).report, option)
            XCTAssertEqual(r.rssQueues, 0, option)
            XCTAssertTrue(r.flows.allSatisfy { $0.rssQueueForward == nil && $0.rssQueueReverse == nil }, option)
            XCTAssertTrue(r.rssCollisions.isEmpty)
        }
        let on = try XCTUnwrap(try analyze([sample]).report)
        XCTAssertTrue(on.flows.contains { $0.rssQueueForward != nil }, "on by default")
    }

    /// The same file twice — by the same path or through a link — would count every packet
    /// twice: refused with both names (it was 16,412 packets from an 8,206-packet file).
    func testTheSameFileTwiceIsRefused() throws {
        let twice = try analyze([sample, sample])
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.stderr.contains("is given twice"), twice.stderr)
        let dir = try TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.pcap", withDestinationPath: sample)
        let linked = try analyze(["x/eth0=\(sample)", "x/eth1=\(dir)/link.pcap"])
        XCTAssertEqual(linked.status, 2)
        XCTAssertTrue(linked.stderr.contains("are the same file"), linked.stderr)
        XCTAssertEqual(try analyze([sample]).status, 0)
    }
}
