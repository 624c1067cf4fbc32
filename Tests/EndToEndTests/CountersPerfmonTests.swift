import CaptureIO
import Counters
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `analyze --counters` with a perfmon CSV written as typeperf writes it, beside captures of the
/// same ten seconds: the NICs' counters match the captured frames, the RDMA counters carry
/// SMB Direct at 9.6 and 9.4 Gb/s peak, which no capture sees; the summary and the finding
/// say so in every format, and the JSON follows the schema.
final class CountersPerfmonTests: XCTestCase {
    static let start: Int64 = 1_795_000_000_000_000_000
    static let nic0 = "Mellanox ConnectX-4 Lx Ethernet Adapter"
    static let nic1 = "Mellanox ConnectX-4 Lx Ethernet Adapter #2"

    /// Member `i`'s capture: a 1000-byte frame from A every 10 ms for 10 s (100 kB/s).
    static func writeCapture(_ path: String, member i: Int) throws {
        let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: true), interfaces: [.init(name: "eth\(i)")])
        let frame = CountersLiveTests.frame(src: [0x02, 0, 0, 0, 0x0a, 0x01], dst: [0x02, 0, 0, 0, 0x0b, 0x01], srcIP: 1, dstIP: 2, port: UInt16(445 + i))
        for k in 0..<1000 { w.write(timestamp: start + Int64(k) * 10_000_000 + 5_000_000, bytes: frame) }
        w.close()
    }

    /// Ten one-second samples ending 1…10 s after the capture's start; the NICs sent 100 kB/s,
    /// RDMA 1.2 GB/s on the first and 1.175 GB/s on the second for the middle six seconds.
    static var log: PerfmonLog {
        let times = (1...10).map { PerfmonLog.localTime(ns: start + Int64($0) * 1_000_000_000, bias: -60) }
        let busy = { (rate: Double) in (1...10).map { s -> Double? in (3...8).contains(s) ? rate : 0 } }
        return PerfmonLog(zone: "GMT Standard Time", bias: -60, times: times, columns: [
            .init(path: "\\\\HV01\\Network Interface(\(nic0))\\Bytes Sent/sec", values: Array(repeating: 100_000, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(\(nic0))\\Bytes Received/sec", values: Array(repeating: 0, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(\(nic1.replacingOccurrences(of: "#", with: "_")))\\Bytes Sent/sec", values: Array(repeating: 100_000, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(\(nic1.replacingOccurrences(of: "#", with: "_")))\\Bytes Received/sec", values: [0, 0, 0, 0, nil, 0, 0, 0, 0, 0]),
            .init(path: "\\\\HV01\\RDMA Activity(\(nic0))\\RDMA Outbound Bytes/sec", values: busy(1.2e9)),
            .init(path: "\\\\HV01\\RDMA Activity(\(nic0))\\RDMA Inbound Bytes/sec", values: busy(2e6)),
            .init(path: "\\\\HV01\\RDMA Activity(\(nic1))\\RDMA Outbound Bytes/sec", values: busy(1.175e9)),
            .init(path: "\\\\HV01\\RDMA Activity(\(nic1))\\RDMA Inbound Bytes/sec", values: busy(2e6)),
            // What typeperf's (*) logs too: the team's interface, a host vNIC, a pseudo-interface.
            .init(path: "\\\\HV01\\Network Interface(Microsoft Network Adapter Multiplexor Driver)\\Bytes Sent/sec", values: Array(repeating: 200_000, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(Microsoft Network Adapter Multiplexor Driver)\\Bytes Received/sec", values: Array(repeating: 0, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(Hyper-V Virtual Ethernet Adapter)\\Bytes Sent/sec", values: Array(repeating: 200_000, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(Hyper-V Virtual Ethernet Adapter)\\Bytes Received/sec", values: Array(repeating: 0, count: 10)),
            .init(path: "\\\\HV01\\Network Interface(isatap.{5E7D1B2C-0F33-4A1E-9C44-1D3A2B9F0E11})\\Bytes Sent/sec", values: Array(repeating: 0, count: 10)),
        ])
    }

    func testRDMATrafficTheCaptureCannotSeeIsCountedAndFound() throws {
        let dir = try TestEnvironment.temporaryFolder("perfmon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for i in 0..<2 { try Self.writeCapture("\(dir)/eth\(i).pcap", member: i) }
        try Data(Self.log.ansi).write(to: URL(fileURLWithPath: dir + "/hv01.csv"))
        let args = ["hv01/eth0=" + dir + "/eth0.pcap", "hv01/eth1=" + dir + "/eth1.pcap", "--local-mac", "02:00:00:00:0a:01",
                    "--counters", dir + "/hv01.csv", "--member-alias", Self.nic0 + "=eth0", "--member-alias", Self.nic1 + "=eth1"]
        let json = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + args)
        XCTAssertEqual(json.status, 0, json.stderr)
        let r = try JSONReport.parse(json.stdout)
        let all = try XCTUnwrap(r.counters)
        // The team's interface and the vNIC are listed but not members; ISATAP is left out.
        XCTAssertEqual(all.map(\.member), ["Hyper-V Virtual Ethernet Adapter", "Microsoft Network Adapter Multiplexor Driver", "eth0", "eth1"])
        XCTAssertEqual(all.map(\.role), [.virtualAdapter, .teamInterface, .member, .member])
        XCTAssertEqual(all.prefix(2).map(\.sentShare), [nil, nil])
        // Each member's NIC and RDMA bytes over the members' (not the team interface's too).
        let shares = all.suffix(2).compactMap(\.sentShare)
        XCTAssertEqual(shares[0], (10 * 1e5 + 6 * 1.2e9) / (20 * 1e5 + 6 * 1.2e9 + 6 * 1.175e9), accuracy: 1e-9)
        XCTAssertEqual(shares[0] + shares[1], 1, accuracy: 1e-9)
        let entries = Array(all.suffix(2))
        XCTAssertEqual(entries.map(\.host), ["hv01", "hv01"], "the one captured host")
        XCTAssertEqual(entries[1].instance, Self.nic1.replacingOccurrences(of: "#", with: "_"))
        XCTAssertEqual(entries.map(\.missingSamples), [0, 1])
        XCTAssertEqual(try XCTUnwrap(entries[0].rdmaSentBitsPerSecondPeak), 9.6e9, accuracy: 1)
        XCTAssertEqual(try XCTUnwrap(entries[1].rdmaSentBitsPerSecondPeak), 9.4e9, accuracy: 1)
        XCTAssertEqual(entries[0].sentBitsPerSecondAvg, 800_000, accuracy: 1)
        XCTAssertEqual(try XCTUnwrap(entries[0].rdmaShare), 0.9996, accuracy: 0.001)
        XCTAssertEqual(entries[1].throughput.receivedBitsPerSecond[4], nil, "the blank sample")
        // The NIC's bytes are the captured ones; RDMA's are unseen.
        for (e, seconds) in zip(entries, [8.0, 7.0]) {
            let c = try XCTUnwrap(e.capture)
            // The samples wholly inside the capture (5 ms after the first sample's start to 5 ms
            // before the last's end), without eth1's blank one.
            XCTAssertEqual(c.seconds, seconds, accuracy: 0.001, e.member)
            XCTAssertEqual(Double(c.capturedBytes), Double(c.countedBytes), accuracy: Double(c.countedBytes) * 0.01)
        }
        let f = try XCTUnwrap(r.findings.first { $0.kind == .captureIncomplete })
        XCTAssertEqual(f.cause, .rdmaNotCaptured)
        XCTAssertEqual(f.members, ["eth0", "eth1"])
        guard case let .unseen(u) = f.figures else { return XCTFail("\(f.figures)") }
        XCTAssertEqual(Double(u.rdma["eth0"] ?? 0), 6 * 1.2e9 + 6 * 2e6, accuracy: 1)
        XCTAssertEqual(u.captureDrops, ["eth0": 0, "eth1": 0])

        try Self.checkSchema(json.stdout, in: dir)

        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--wide"] + args).stdout
        let summary = text.components(separatedBy: "\nDetails")[0]
        XCTAssertTrue(summary.contains("SMB Direct (RDMA): both members used, 9.6 and 9.4 Gb/s peak, from counters"), summary)
        XCTAssertTrue(text.contains("Counters of hv01"), text)
        XCTAssertTrue(text.contains("warning capture_incomplete on hv01 (eth0, eth1)"), text)
        let markdown = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "markdown"] + args).stdout
        XCTAssertTrue(markdown.contains("## Counters of hv01"), markdown)
        let html = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "html"] + args).stdout
        XCTAssertTrue(html.contains("hv01: bits per second sent by RDMA per member, from counters"))
        XCTAssertTrue(text.contains("the team's own interface (not a member: outside the shares)"), text)
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1 - (try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "html"] + Array(args.prefix(4))).stdout
            .components(separatedBy: "<svg").count - 1), 4, "a chart per direction: NIC sent and received, RDMA sent and received")
    }

    func testCountersAloneAndAnUnreadableFile() throws {
        let dir = try TestEnvironment.temporaryFolder("perfmon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(Self.log.ansi).write(to: URL(fileURLWithPath: dir + "/hv01.csv"))
        let alone = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--counters", dir + "/hv01.csv"])
        XCTAssertEqual(alone.status, 0, alone.stderr)
        XCTAssertTrue(alone.stdout.contains("HV01: not judged (counters only: no capture of this host)"), alone.stdout)
        XCTAssertTrue(alone.stdout.contains("SMB Direct (RDMA): both members used"), alone.stdout)
        try Self.checkSchema(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--counters", dir + "/hv01.csv"]).stdout, in: dir)
        let badLog = "\"(PDH-CSV 4.0) (GMT Standard Time)(0)\",\"\\\\H\\Network Interface(x)\\Bytes Sent/sec\"\r\n\"12/07/2026 01:00:00.000\",\"fast\"\r\n"
        try Data(badLog.utf8).write(to: URL(fileURLWithPath: dir + "/bad.csv"))
        let at = badLog.utf8.distance(from: badLog.utf8.startIndex, to: badLog.range(of: "\"fast")!.lowerBound)
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--counters", dir + "/bad.csv"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad.csv: byte \(at): expected a number"), bad.stderr)
        let none = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("--counters"), none.stderr)
    }

    /// `json` follows schema/analyze-report.schema.json (JSONSchemaTests' validator; skipped,
    /// saying so, without Python's jsonschema).
    static func checkSchema(_ json: String, in dir: String) throws {
        guard let python = TestEnvironment.which("python3"), try TestEnvironment.run(python, ["-c", "import jsonschema"]).status == 0 else {
            print("CountersPerfmonTests: Python's jsonschema is not installed: the schema check is skipped")
            return
        }
        try json.write(toFile: dir + "/report.json", atomically: true, encoding: .utf8)
        try JSONSchemaTests.validator.write(toFile: dir + "/validate.py", atomically: true, encoding: .utf8)
        let check = try TestEnvironment.run(python, [dir + "/validate.py", TestEnvironment.repositoryRoot + "/schema/analyze-report.schema.json", dir + "/report.json"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }
}
