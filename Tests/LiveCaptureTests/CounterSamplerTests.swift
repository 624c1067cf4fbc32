import Counters
import Foundation
import LiveCapture
import TestSupport
import XCTest

/// What `teamscope counters` reads from a sysfs tree built in a folder: each member's
/// statistics, and for the member a RoCE port's GIDs name, the port's counters (data in
/// 4-octet words) and hw_counters; the log it writes reads back to the same rates.
final class CounterSamplerTests: XCTestCase {
    func file(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func tree(_ dir: String, tx: UInt64, words: UInt64) throws -> SysfsTree {
        let sysfs = SysfsTree(root: dir)
        for (m, scale) in [("eth0", 1 as UInt64), ("eth1", 2)] {
            for (name, v) in [("tx_bytes", tx * scale), ("rx_bytes", 7 * scale), ("tx_packets", 3), ("rx_packets", 4), ("tx_dropped", 0), ("rx_dropped", 5),
                              ("rx_missed_errors", tx / 500)] {
                try file("\(sysfs.net)/\(m)/statistics/\(name)", "\(v)\n")
            }
        }
        let port = "\(sysfs.infiniband)/mlx5_1/ports/1"
        try file("\(port)/gid_attrs/ndevs/0", "eth1\n")
        try file("\(port)/gid_attrs/ndevs/1", "\n")
        try file("\(port)/counters/port_xmit_data", "\(words)\n")
        try file("\(port)/counters/port_rcv_data", "\(words * 2)\n")
        try file("\(port)/counters/port_xmit_packets", "10\n")
        try file("\(port)/counters/port_rcv_packets", "20\n")
        try file("\(port)/hw_counters/out_of_sequence", "3\n")
        try file("\(port)/hw_counters/duplicate_request", "1\n")
        // A device whose port names no member.
        try file("\(sysfs.infiniband)/mlx5_0/ports/1/gid_attrs/ndevs/0", "eth9\n")
        return sysfs
    }

    func testRowsAndTheirRates() throws {
        let dir = try TestEnvironment.temporaryFolder("sysfs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var sysfs = try tree(dir, tx: 1000, words: 100)
        let sampler = CounterSampler(members: ["eth0", "eth1", "gone"], sysfs: sysfs)
        XCTAssertEqual(sampler.rdma, ["eth1": RDMAPort(device: "mlx5_1", port: "1")])
        let first = sampler.sample(timeNs: 1_000_000_000)
        XCTAssertEqual(first.map(\.line), [
            "1000000000,eth0,1000,7,3,4,0,5,,,,,,,rx_missed_errors=2\n",
            "1000000000,eth1,2000,14,3,4,0,5,mlx5_1/1,400,800,10,20,duplicate_request=1 out_of_sequence=3,rx_missed_errors=2\n",
            "1000000000,gone,,,,,,,,,,,,,\n",
        ])
        sysfs = try tree(dir, tx: 6000, words: 350)
        let second = sampler.sample(timeNs: 1_500_000_000)
        let log = CounterLogRow.header(host: "lab", intervalNs: 500_000_000) + (first + second).map(\.line).joined()
        let members = try CounterFile.parse(bytes: Array(log.utf8), file: "lab.csv")
        XCTAssertEqual(members.map(\.instance), ["eth0", "eth1", "gone"])
        XCTAssertEqual(members[0].rates[.sent]!, [10_000])
        XCTAssertEqual(members[1].rates[.sent]!, [20_000])
        // 250 words more in half a second: 2000 bytes a second.
        XCTAssertEqual(members[1].rates[.rdmaSent]!, [2000])
        XCTAssertEqual(members[1].rates[.rdmaReceived]!, [4000])
        XCTAssertNil(members[0].rates[.rdmaSent])
        XCTAssertEqual(members[2].rates[.sent], nil)
        // rx_missed_errors went from 2 to 12.
        XCTAssertEqual(members[0].droppedPackets, 10)
    }
}
