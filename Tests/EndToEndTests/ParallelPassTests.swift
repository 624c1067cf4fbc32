import Foundation
import TestSupport
import XCTest

/// Reading on threads of its own and tracking flows on another must not change a single byte of
/// the report: every sample and every shared kernel-bonding scenario (both hosts, with bond0)
/// gives the same JSON with and without `--single-thread`.
final class ParallelPassTests: XCTestCase {
    private func assertSameReport(_ inputs: [String], _ label: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let parallel = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + inputs)
        let single = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--single-thread"] + inputs)
        XCTAssertEqual(parallel.status, 0, parallel.stderr, file: file, line: line)
        XCTAssertEqual(single.status, 0, single.stderr, file: file, line: line)
        XCTAssertGreaterThan(single.stdout.count, 1000, label, file: file, line: line)
        XCTAssertTrue(parallel.stdout == single.stdout, "\(label): the parallel pass's report differs from the single-threaded one",
                      file: file, line: line)
    }

    func testSamplesGiveTheSameReport() throws {
        let c = TestEnvironment.repositoryRoot + "/Captures"
        try assertSameReport(["A", "B"].flatMap { h in ["eth0", "eth1"].map { "\(c)/lacp-l34/\(h)/\($0).pcap" } }, "lacp-l34")
        try assertSameReport(["hv01/*=\(c)/windows-pktmon/hv01.pcapng"], "windows-pktmon")
        try assertSameReport(["eth0", "eth1", "bond0"].map { "\(c)/balance-rr/\($0).pcap.gz" }, "balance-rr")
        try assertSameReport(["A", "B"].flatMap { h in ["NIC1", "NIC2"].map { "\(c)/smb-multichannel/\(h)/\($0).pcap.gz" } }, "smb-multichannel")
    }

    func testKernelBondingScenariosGiveTheSameReport() throws {
        let root = try TestEnvironment.corpus("kernel-bonding")
        for scenario in ["lacp_l34", "rr", "ab", "lacp_l34_failover", "lacp_l34_offload"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: "\(root)/\(scenario)/pcap").filter { $0.hasSuffix(".pcap") }.sorted()
            XCTAssertGreaterThanOrEqual(files.count, 5, scenario)
            let inputs = files.map { f -> String in
                let stem = String(f.dropLast(5))
                let side = String(stem.prefix(1)), member = String(stem.dropFirst(2))
                return "\(side)/\(member)=\(root)/\(scenario)/pcap/\(f)"
            }
            try assertSameReport(inputs, scenario)
        }
    }
}
