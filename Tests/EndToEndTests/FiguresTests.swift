import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Figures a user reads must be right and options must do what they say (issue 13's list).
final class FiguresTests: XCTestCase {
    private let sample = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"

    private func analyze(_ args: [String]) throws -> (status: Int32, report: AnalysisReport?, stderr: String) {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        return (r.status, r.status == 0 ? try JSONReport.parse(r.stdout) : nil, r.stderr)
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
