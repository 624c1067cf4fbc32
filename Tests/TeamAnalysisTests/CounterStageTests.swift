import Counters
import LabTraffic
import TeamAnalysis
import TestSupport
import XCTest

/// From counter series to `counters[]`: averages and peaks over the intervals present, each
/// member's share of its host, the RDMA share, which members carried traffic, aliases across
/// perfmon's spellings of one adapter, and a series grid with its missing samples; and no input
/// a reader accepts makes the stage trap.
final class CounterStageTests: XCTestCase {
    static let second: Int64 = 1_000_000_000

    static func series(_ instance: String, sent: [Double?], received: [Double?], rdma: [Double?]? = nil) -> MemberCounters {
        let times = sent.indices.map { 100 * second + Int64($0 + 1) * second }
        var rates: [CounterQuantity: [Double?]] = [.sent: sent, .received: received]
        if let rdma { rates[.rdmaSent] = rdma; rates[.rdmaReceived] = rdma.map { _ in 0 } }
        return MemberCounters(machine: "HV01", instance: instance, format: .perfmon, file: "hv01.csv", timesNs: times, intervalNs: second, rates: rates)
    }

    static func report(_ inputs: [CounterInput], aliases: [String: String] = [:]) throws -> AnalysisReport {
        var o = AnalysisOptions()
        o.counters = inputs
        o.memberAliases = aliases
        return try TeamAnalyzer(specs: [], options: o).run()
    }

    func testAveragesSharesAndRDMA() throws {
        let a = Self.series("Adapter", sent: [1000, 3000, nil, 2000], received: [0, 0, 0, 0], rdma: [1e9, 1e9, 0, 0])
        let b = Self.series("Adapter #2", sent: [1000, 1000, 1000, 1000], received: [10, 10, 10, 10], rdma: [0, 0, 0, 1e6])
        let r = try Self.report([CounterInput(host: nil, series: [a, b])], aliases: ["Adapter _2": "eth1", "Adapter": "eth0"])
        let c = try XCTUnwrap(r.counters)
        XCTAssertEqual(c.map(\.member), ["eth0", "eth1"])
        XCTAssertEqual(c.map(\.host), ["HV01", "HV01"], "no capture: the machine the file names")
        XCTAssertEqual(c[0].instance, "Adapter")
        // Over the three samples present: 6000 bytes in 3 s.
        XCTAssertEqual(c[0].sentBitsPerSecondAvg, 16_000, accuracy: 1e-6)
        XCTAssertEqual(c[0].sentBitsPerSecondPeak, 24_000)
        XCTAssertEqual(c[0].missingSamples, 1)
        XCTAssertEqual(c[0].throughput.sentBitsPerSecond, [8000, 24_000, nil, 16_000])
        XCTAssertEqual(try XCTUnwrap(c[0].rdmaSentBitsPerSecondPeak), 8e9)
        XCTAssertEqual(c[0].carriedRdma, true)
        XCTAssertEqual(c[1].carriedRdma, false, "1 MB against 2 GB: under 5 % of the busiest member's RDMA")
        XCTAssertTrue(c[0].carried && c[1].carried)
        let sentShare = try XCTUnwrap(c[0].sentShare)
        XCTAssertEqual(sentShare + (c[1].sentShare ?? 0), 1, accuracy: 1e-9)
        XCTAssertGreaterThan(sentShare, 0.99)
        XCTAssertEqual(try XCTUnwrap(c[1].rdmaShare), 1e6 / (1e6 + 4000 + 40), accuracy: 1e-9)
        XCTAssertNil(c[0].capture, "no capture to compare with")
        XCTAssertTrue(r.findings.isEmpty)
    }

    func testTheArgumentsHostWins() throws {
        let r = try Self.report([CounterInput(host: "A", series: [Self.series("eth0", sent: [1], received: [1])])])
        XCTAssertEqual(r.counters?.first?.host, "A")
        XCTAssertNil(r.counters?.first?.rdmaShare)
    }

    /// Bytes of the sample log changed at random: whatever the readers accept, the stage takes
    /// without trapping.
    func testMutatedLogsNeverTrap() throws {
        let log = PerfmonLog(times: (1...6).map { PerfmonLog.localTime(ns: 1_795_000_000_000_000_000 + Int64($0) * Self.second, bias: 0) }, columns: [
            .init(path: "\\\\H\\Network Interface(a)\\Bytes Sent/sec", values: [1, 2, nil, 4, 5, 6]),
            .init(path: "\\\\H\\Network Interface(a)\\Bytes Received/sec", values: [1, 2, 3, 4, 5, 6]),
            .init(path: "\\\\H\\RDMA Activity(a)\\RDMA Inbound Bytes/sec", values: [1, 2, 3, 4, 5, 6]),
        ])
        var teamscope = CounterLogRow.header(host: "h", intervalNs: Self.second)
        for k in 0..<6 {
            var row = CounterLogRow(timeNs: 1_795_000_000_000_000_000 + Int64(k) * Self.second, member: "eth0")
            row.txBytes = UInt64(k * 1000)
            row.rxBytes = UInt64(k * 10)
            teamscope += row.line
        }
        var rng = SplitMix64(seed: 26)
        var accepted = 0
        for original in [log.ansi, Array(teamscope.utf8)] {
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<Int(rng.next() % 4 + 1) {
                    let i = Int(rng.next() % UInt64(bytes.count))
                    let choices: [UInt8] = [UInt8(ascii: "9"), UInt8(ascii: "0"), UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "\n"), UInt8(ascii: "-"), 0xFF, UInt8(truncatingIfNeeded: rng.next())]
                    bytes[i] = choices[Int(rng.next() % UInt64(choices.count))]
                }
                guard let members = try? CounterFile.parse(bytes: bytes, file: "m.csv") else { continue }
                accepted += 1
                let r = try Self.report([CounterInput(host: nil, series: members)])
                XCTAssertEqual(r.counters?.count, members.count)
            }
        }
        XCTAssertGreaterThan(accepted, 50, "some mutations keep the file readable")
    }
}
