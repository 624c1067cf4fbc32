import Counters
import TestSupport
import XCTest

/// Perfmon CSV as typeperf writes it on a German Windows: localised counter paths, a blank
/// value, the header's bias, ANSI bytes.
final class PerfmonCSVTests: XCTestCase {
    static let nic1 = "Mellanox ConnectX-4 Lx Ethernet Adapter"
    static let nic2 = "Mellanox ConnectX-4 Lx Ethernet Adapter _2"
    /// RDMA Activity names the second adapter with its `#`, as the NIC's description has it.
    static let rdma2 = "Mellanox ConnectX-4 Lx Ethernet Adapter #2"

    static var log: PerfmonLog {
        PerfmonLog(times: ["12/07/2026 01:00:01.015", "12/07/2026 01:00:02.015", "12/07/2026 01:00:03.016", "12/07/2026 01:00:04.015"], columns: [
            .init(path: "\\\\HV01\\Prozessor(_Total)\\Prozessorzeit (%)", values: [3.5, 4.25, 2.0, 1.0]),
            .init(path: "\\\\HV01\\Netzwerkschnittstelle(\(nic1))\\Gesendete Bytes/s", values: [1_250_000.5, 2_500_000, 1_000_000, 0]),
            .init(path: "\\\\HV01\\Netzwerkschnittstelle(\(nic1))\\Empfangene Bytes/s", values: [10_000, 20_000, 30_000, 40_000]),
            .init(path: "\\\\HV01\\Netzwerkschnittstelle(\(nic2))\\Gesendete Bytes/s", values: [500_000, nil, 700_000, 800_000]),
            .init(path: "\\\\HV01\\Netzwerkschnittstelle(\(nic2))\\Empfangene Bytes/s", values: [1_000, 2_000, 3_000, 4_000]),
            .init(path: "\\\\HV01\\RDMA-Aktivität(\(rdma2))\\Eingehende RDMA-Bytes/s", values: [1.2e9, 1.175e9, 1.18e9, 0]),
            .init(path: "\\\\HV01\\RDMA-Aktivität(\(rdma2))\\Ausgehende RDMA-Bytes/s", values: [5e6, 6e6, 7e6, 0]),
        ])
    }

    func testReadsEachAdapterAsAMemberWithItsRates() throws {
        let members = try CounterFile.parse(bytes: Self.log.ansi, file: "hv01.csv")
        XCTAssertEqual(members.map(\.instance), [Self.nic1, Self.nic2])
        XCTAssertEqual(members.map(\.machine), ["HV01", "HV01"])
        XCTAssertTrue(members.allSatisfy { $0.format == .perfmon })
        // 01:00:01.015 local, 60 minutes of bias to add for UTC: 00:00:01.015 UTC.
        let first = Int64(PerfmonTimeTests.epochSeconds("2026-12-07 00:00:01")) * 1_000_000_000 + 15_000_000
        XCTAssertEqual(members[0].timesNs.first, first)
        XCTAssertEqual(members[0].intervalNs, 1_000_000_000)
        let a = members[0], b = members[1]
        XCTAssertEqual(a.rates[.sent]!, [1_250_000.5, 2_500_000, 1_000_000, 0])
        XCTAssertEqual(a.rates[.received]!, [10_000, 20_000, 30_000, 40_000])
        XCTAssertNil(a.rates[.rdmaReceived])
        // The blank is a missing sample, not a zero.
        XCTAssertEqual(b.rates[.sent]!, [500_000, nil, 700_000, 800_000])
        XCTAssertEqual(b.rates[.rdmaReceived]!, [1.2e9, 1.175e9, 1.18e9, 0])
        XCTAssertEqual(b.rates[.rdmaSent]!, [5e6, 6e6, 7e6, 0])
    }

    func testReadsTheSameLogInUTF8AndUTF16() throws {
        let ansi = try CounterFile.parse(bytes: Self.log.ansi, file: "a.csv")
        let utf8 = try CounterFile.parse(bytes: Array(Self.log.text.utf8), file: "a.csv")
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.log.text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try CounterFile.parse(bytes: utf16, file: "a.csv")
        XCTAssertEqual(ansi, utf8)
        XCTAssertEqual(ansi, wide)
    }

    func testEnglishNamesAndTheNetworkAdapterObject() throws {
        let log = PerfmonLog(zone: "Pacific Standard Time", bias: 480, times: ["01/31/2027 23:59:59.500", "02/01/2027 00:00:00.500"], columns: [
            .init(path: "\\\\SRV\\Network Adapter(Ethernet 2)\\Bytes Sent/sec", values: [100, 200]),
            .init(path: "\\\\SRV\\Network Adapter(Ethernet 2)\\Bytes Received/sec", values: [300, 400]),
            // The same adapter under Network Interface: the first object's columns are kept.
            .init(path: "\\\\SRV\\Network Interface(Ethernet 2)\\Bytes Sent/sec", values: [999, 999]),
            .init(path: "\\\\SRV\\RDMA Activity(Ethernet 2)\\RDMA Inbound Bytes/sec", values: [5, 6]),
            .init(path: "\\\\SRV\\RDMA Activity(Ethernet 2)\\RDMA Outbound Bytes/sec", values: [7, 8]),
        ])
        let members = try CounterFile.parse(bytes: Array(log.text.utf8), file: "srv.csv")
        XCTAssertEqual(members.count, 1)
        XCTAssertEqual(members[0].rates[.sent]!, [100, 200])
        XCTAssertEqual(members[0].rates[.rdmaReceived]!, [5, 6])
        XCTAssertEqual(members[0].rates[.rdmaSent]!, [7, 8])
        // 23:59:59.5 PST on 31 January is 07:59:59.5 UTC on 1 February.
        XCTAssertEqual(members[0].timesNs[0], Int64(PerfmonTimeTests.epochSeconds("2027-02-01 07:59:59")) * 1_000_000_000 + 500_000_000)
    }

    func testAnUnknownLocalisationIsAClearError() {
        let log = PerfmonLog(times: ["12/07/2026 01:00:01.015"], columns: [
            .init(path: "\\\\HV01\\Síťové rozhraní(Ethernet)\\Odeslané bajty/s", values: [1]),
        ])
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array(log.text.utf8), file: "cz.csv")) { error in
            let e = error as! CounterError
            XCTAssertEqual(e.file, "cz.csv")
            XCTAssertEqual(e.offset, Array(log.text.utf8).firstIndex(of: UInt8(ascii: ",")).map { $0 + 1 })
            XCTAssertTrue(e.description.contains("Network Interface(NAME)\\Bytes Sent/sec"), e.description)
        }
    }

    func testBadValuesAndTimesSayWhere() {
        var text = Self.log.text
        text = text.replacingOccurrences(of: "\"2500000.000000000000000\"", with: "\"fast\"")
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array(text.utf8), file: "x.csv")) { error in
            let e = error as! CounterError
            XCTAssertEqual(e.offset, text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: "\"fast\"")!.lowerBound))
            XCTAssertTrue(e.expected.hasPrefix("a number"), e.description)
        }
        let badTime = Self.log.text.replacingOccurrences(of: "12/07/2026 01:00:03.016", with: "2026-12-07 01:00:03")
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array(badTime.utf8), file: "x.csv")) { error in
            XCTAssertTrue((error as! CounterError).expected.contains("MM/DD/YYYY"))
        }
        XCTAssertThrowsError(try CounterFile.parse(bytes: Array("hello,world\n".utf8), file: "x.csv")) { error in
            XCTAssertEqual((error as! CounterError).offset, 0)
        }
    }

    /// Every prefix of the log reads or fails with an error inside the prefix; none crashes.
    func testEveryTruncatedPrefixReadsOrFailsWithinIt() {
        let bytes = Self.log.ansi
        for n in 0..<bytes.count {
            do {
                let members = try CounterFile.parse(bytes: Array(bytes[0..<n]), file: "t.csv")
                // Whole rows only: a prefix ending at a row's end.
                XCTAssertTrue(members.allSatisfy { $0.timesNs.count <= 4 })
            } catch {
                XCTAssertLessThanOrEqual(error.offset, n, "prefix \(n): \(error)")
            }
        }
    }
}
