import Foundation
import TestSupport
import XCTest

/// The `teamscope` executable as a user runs it: exit statuses, errors on standard error, and
/// the options the README documents.
final class CommandLineTests: XCTestCase {
    func testExitStatusIsNonZeroOnlyWhenNothingCouldBeRead() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: dir + "/bad.pcap"))
        let good = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", dir + "/bad.pcap"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("\(dir)/bad.pcap: byte 0: "), bad.stderr)
        let mixed = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", dir + "/bad.pcap", good])
        XCTAssertEqual(mixed.status, 0)
        XCTAssertTrue(mixed.stderr.contains("bad.pcap: byte 0"), mixed.stderr)
        XCTAssertTrue(mixed.stdout.contains("eth0"))
        let usage = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--local-mac", "zz", good])
        XCTAssertNotEqual(usage.status, 0)
        XCTAssertTrue(usage.stderr.contains("--local-mac"), usage.stderr)
    }

    func testFilterOption() throws {
        let args = ["analyze", "--format", "json", "-f", "tcp port 6600"] + ["A", "B"].flatMap { h in
            ["eth0", "eth1"].map { "\(TestEnvironment.repositoryRoot)/Captures/lacp-l34/\(h)/\($0).pcap" }
        }
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, args)
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let filtered = json["packets_filtered"] as! Int
        XCTAssertGreaterThan(filtered, 0, "ARP, ICMP and LACPDUs are left out")
        let members = json["members"] as! [[String: Any]]
        XCTAssertEqual(members.map { $0["packets"] as! Int }.reduce(0, +) + filtered, json["packets_read"] as! Int)
    }

    /// The subcommands the README documents exist.
    func testSubcommandsAreDocumented() throws {
        let help = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["--help"]).stdout
        let readme = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/README.md", encoding: .utf8)
        for sub in ["analyze", "simulate", "verify", "samples"] {
            XCTAssertTrue(help.contains(sub), "--help lacks \(sub)")
            XCTAssertTrue(readme.contains("teamscope \(sub)") || readme.contains("make samples"), "README lacks \(sub)")
        }
    }

    /// Every option the README documents is one `--help` shows, and the other way round.
    func testHelpAndReadmeAgree() throws {
        let help = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--help"]).stdout
        let readme = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/README.md", encoding: .utf8)
        let options = ["--filter", "--local-mac", "--local-ip", "--aggregate", "--bin", "--dedupe-window", "--format", "--output",
                       "--pinned-threshold", "--move-debounce", "--migration-port", "--top-flows", "--max-flows", "--no-flows", "--members", "--kernel", "--rss-queues", "--rss-table"]
        for o in options {
            XCTAssertTrue(help.contains(o), "--help lacks \(o)")
            XCTAssertTrue(readme.contains(o), "README lacks \(o)")
        }
        for field in ["packets_read", "duplicates_removed", "inputs", "members", "direction_source", "unknown_direction", "sent", "received",
                      "flows", "migration_streams", "member_matrix", "pinned", "moves", "reordering", "retransmissions", "out_of_order",
                      "lost_segments", "inference", "rss_collisions"] {
            XCTAssertTrue(readme.contains("`\(field)"), "README does not document \(field)")
        }
    }
}
