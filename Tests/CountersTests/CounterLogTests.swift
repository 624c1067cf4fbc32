import Counters
import XCTest

/// The log `teamscope counters` writes, read back into rates.
final class CounterLogTests: XCTestCase {
    static func log(_ rows: [CounterLogRow]) -> String {
        CounterLogRow.header(host: "lab", intervalNs: 1_000_000_000) + rows.map(\.line).joined()
    }

    static func row(_ t: Int64, _ m: String, tx: UInt64?, rx: UInt64?, rdma: (UInt64, UInt64)? = nil) -> CounterLogRow {
        var r = CounterLogRow(timeNs: t, member: m)
        r.txBytes = tx
        r.rxBytes = rx
        r.txDropped = 0
        r.rxDropped = UInt64(t / 1_000_000_000)
        if let rdma {
            r.rdmaPort = "mlx5_0/1"
            r.rdmaTxBytes = rdma.0
            r.rdmaRxBytes = rdma.1
            r.rdmaHardware = [("out_of_sequence", 3), ("packet_seq_err", 1)]
        }
        return r
    }

    func testRatesAreDifferencesOverTime() throws {
        let s: Int64 = 1_000_000_000
        let text = Self.log([
            Self.row(10 * s, "eth0", tx: 1000, rx: 0, rdma: (0, 0)), Self.row(10 * s, "eth1", tx: 0, rx: 0),
            Self.row(11 * s, "eth0", tx: 3000, rx: 500, rdma: (4000, 8000)), Self.row(11 * s, "eth1", tx: nil, rx: 10),
            Self.row(13 * s, "eth0", tx: 7000, rx: 500, rdma: (8000, 8000)), Self.row(13 * s, "eth1", tx: 100, rx: 30),
        ])
        let members = try CounterFile.parse(bytes: Array(text.utf8), file: "c.csv")
        XCTAssertEqual(members.map(\.instance), ["eth0", "eth1"])
        XCTAssertEqual(members[0].machine, "lab")
        XCTAssertEqual(members[0].timesNs, [11 * s, 13 * s])
        XCTAssertEqual(members[0].intervalStart(0), 10 * s)
        XCTAssertEqual(members[0].rates[.sent]!, [2000, 2000])
        XCTAssertEqual(members[0].rates[.received]!, [500, 0])
        XCTAssertEqual(members[0].rates[.rdmaSent]!, [4000, 2000])
        XCTAssertEqual(members[0].rates[.rdmaReceived]!, [8000, 0])
        XCTAssertNil(members[1].rates[.rdmaSent])
        // tx missing at 11 s: both intervals it bounds are missing.
        XCTAssertEqual(members[1].rates[.sent]!, [nil, nil])
        XCTAssertEqual(members[1].rates[.received]!, [10, 10])
        XCTAssertEqual(members[0].droppedPackets, 3)
    }

    func testACounterThatWentDownIsMissingNotNegative() throws {
        let s: Int64 = 1_000_000_000
        let text = Self.log([Self.row(1 * s, "eth0", tx: 5000, rx: 0), Self.row(2 * s, "eth0", tx: 100, rx: 0), Self.row(3 * s, "eth0", tx: 200, rx: 0)])
        let m = try CounterFile.parse(bytes: Array(text.utf8), file: "c.csv")[0]
        XCTAssertEqual(m.rates[.sent]!, [nil, 100])
    }

    func testErrorsSayWhere() {
        let s: Int64 = 1_000_000_000
        let good = Self.log([Self.row(1 * s, "eth0", tx: 1, rx: 2), Self.row(2 * s, "eth0", tx: 3, rx: 4)])
        let bad = good.replacingOccurrences(of: "2000000000,eth0,3", with: "2000000000,eth0,x3")
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array(bad.utf8), file: "c.csv")) { error in
            let e = error as! CounterError
            XCTAssertEqual(e.offset, bad.utf8.distance(from: bad.utf8.startIndex, to: bad.range(of: ",x3")!.lowerBound) + 1)
            XCTAssertTrue(e.expected.contains("tx_bytes"), e.description)
        }
        let later = good.replacingOccurrences(of: "# teamscope counters 1", with: "# teamscope counters 7")
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array(later.utf8), file: "c.csv")) { error in
            XCTAssertEqual((error as! CounterError).offset, 21)
        }
        let bytes = Array(good.utf8)
        for n in 0..<bytes.count {
            do { _ = try CounterFile.parse(bytes: Array(bytes[0..<n]), file: "t.csv") } catch {
                XCTAssertLessThanOrEqual(error.offset, n, "prefix \(n): \(error)")
            }
        }
    }
}
