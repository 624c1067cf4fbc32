import Foundation
import Reporting
import TeamAnalysis
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
        let report = try JSONReport.parse(r.stdout)
        XCTAssertGreaterThan(report.packetsFiltered, 0, "ARP, ICMP and LACPDUs are left out")
        XCTAssertEqual(report.members.map(\.packets).reduce(0, +) + report.packetsFiltered, report.packetsRead)
    }

    /// Unusable options exit 2 (as the README says, not ArgumentParser's 64) and name the
    /// option and its value: negative numbers are values, not "Missing value"; `teamscope`
    /// alone shows the help and exits 2.
    func testOptionErrorsExitTwoAndNameTheOption() throws {
        let bin = TestEnvironment.teamscopeBinary
        let sample = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"
        let cases: [([String], String)] = [
            (["--bin", "-5ms"], "--bin -5ms: expected a positive duration"),
            (["--top-flows", "-1"], "--top-flows -1: expected 0 or more"),
            (["--rss-queues", "-1"], "--rss-queues and --rss-table must not be negative"),
            (["--max-flows", "0"], "--max-flows 0: expected at least 1"),
            (["--nosuch"], "Unknown option '--nosuch'"),
        ]
        for (args, message) in cases {
            let r = try TestEnvironment.run(bin, ["analyze"] + args + [sample])
            XCTAssertEqual(r.status, 2, "\(args)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        }
        let alone = try TestEnvironment.run(bin, [])
        XCTAssertEqual(alone.status, 2)
        XCTAssertTrue(alone.stderr.contains("SUBCOMMANDS"), alone.stderr)
        XCTAssertEqual(try TestEnvironment.run(bin, ["--help"]).status, 0)
    }

    /// Names that match nothing are said, not silently ignored.
    func testUnknownAggregateAndMemberOrderAreSaid() throws {
        let files = ["eth0", "eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/\($0).pcap" }
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--members", "eth9,eth7", "--aggregate", "nosuch"] + files)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        XCTAssertEqual(report.warningDetails?.map(\.kind), [.unknownAggregate, .memberOrderUnmatched])
        XCTAssertTrue(report.warnings.contains { $0.hasPrefix("--aggregate nosuch: no interface of the captures is called so") }, "\(report.warnings)")
        XCTAssertTrue(report.warnings.contains { $0.hasPrefix("--members eth9,eth7: no host has exactly these members") }, "\(report.warnings)")
        let fine = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--members", "eth1,eth0"] + files).stdout)
        XCTAssertNil(fine.warningDetails)
    }

    /// Help texts read as prose: no run of spaces inside a sentence, no line over 80 columns
    /// before the option list (the analyze discussion had runs of spaces; simulate's example
    /// was split over two lines).
    func testHelpTextsReadWell() throws {
        for (sub, help) in try Self.helpTexts() {
            let prose = help.components(separatedBy: "USAGE:")[0]
            for line in prose.split(separator: "\n") {
                let text = line.drop { $0 == " " }
                XCTAssertFalse(text.contains("  "), "\(sub) --help: '\(line)'")
                XCTAssertLessThanOrEqual(line.count, 80, "\(sub) --help: '\(line)'")
            }
        }
    }

    /// `--local-ip` with one member file: the MACs sending from that address are learned, so
    /// every packet (IPv6 too) is decided, and the header says what the table says.
    func testLocalIPWithOneFileDecidesEveryPacket() throws {
        let sample = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--local-ip", "192.0.2.1", sample])
        let report = try JSONReport.parse(r.stdout)
        XCTAssertEqual(report.hosts.first?.direction.method, .localIP)
        XCTAssertEqual(report.hosts.first?.direction.localMacs, ["02:00:00:00:0a:01"])
        XCTAssertEqual(report.members.first?.unknownDirection.packets, 0)
        XCTAssertEqual(report.members.first?.directionSource, .method(.localIP))
    }

    /// Messages say what is wrong in the user's words: a directory, a missing file, a gzip
    /// offset that counts decompressed bytes, an output that cannot be written (said before the
    /// analysis, with the reason); and nothing readable means no empty report on stdout.
    func testMessagesSayWhatIsWrong() throws {
        let bin = TestEnvironment.teamscopeBinary
        let dir = try TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = try TestEnvironment.run(bin, ["analyze", dir])
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.stderr.contains("\(dir): is a directory; give the capture files in it"), folder.stderr)
        XCTAssertEqual(folder.stdout, "", "nothing was read: no report")
        let missing = try TestEnvironment.run(bin, ["analyze", dir + "/nosuch.pcap"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nosuch.pcap: cannot be read (No such file or directory)"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("byte 0"), missing.stderr)
        XCTAssertEqual(missing.stdout, "")
        let gz = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.repositoryRoot + "/Captures/balance-rr/eth0.pcap.gz"))
        try gz.prefix(2000).write(to: URL(fileURLWithPath: dir + "/cut.pcap.gz"))
        let cut = try TestEnvironment.run(bin, ["analyze", dir + "/cut.pcap.gz"])
        XCTAssertEqual(cut.status, 0, "what came before the damage counts")
        XCTAssertTrue(cut.stderr.contains("of the decompressed stream: more gzip data"), cut.stderr)
        let good = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap"
        let unwritable = try TestEnvironment.run(bin, ["analyze", "-o", dir + "/no/such/dir/report.txt", good])
        XCTAssertEqual(unwritable.status, 2)
        XCTAssertTrue(unwritable.stderr.contains("-o \(dir)/no/such/dir/report.txt: cannot be written (No such file or directory)"), unwritable.stderr)
    }

    /// A filter that cannot apply to a link type (`ether host` on raw IP) gives one warning with
    /// the count, not one per packet, and every packet of that link type is left out.
    func testFilterThatCannotApplyWarnsOnceWithACount() throws {
        let dir = try TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let raw = dir + "/raw.pcap"
        try RawIPRewrite.rewrite(TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/eth0.pcap", to: raw)
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "-f", "ether host 02:00:00:00:0a:01", raw])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        let about = report.warnings.filter { $0.contains("ether host") }
        XCTAssertEqual(about.count, 1, "\(report.warnings)")
        XCTAssertTrue(about.first?.contains("\(report.packetsRead) packets on raw IP left out") == true, "\(about)")
        XCTAssertEqual(report.packetsFiltered, report.packetsRead)
        // The same warning as a fact: the kind, the file, the link type and the count.
        let fact = try XCTUnwrap(report.warningDetails?.first { $0.kind == .filterNotApplicable })
        XCTAssertEqual(fact.path, raw)
        XCTAssertEqual(fact.linkType, "raw IP")
        XCTAssertEqual(fact.packets, report.packetsRead)
    }

    /// Every subcommand `--help` lists is shown in use in the README (`teamscope SUB`), and the
    /// other way round.
    func testSubcommandsAreDocumented() throws {
        let help = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["--help"]).stdout
        let readme = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/README.md", encoding: .utf8)
        let listed = Self.subcommands(inHelp: help)
        XCTAssertEqual(listed, ["analyze", "capture", "counters", "monitor", "simulate", "verify"], help)
        for sub in listed { XCTAssertTrue(readme.contains("teamscope \(sub)"), "README never shows teamscope \(sub)") }
        let used = Set(readme.matches(of: /teamscope ([a-z]+)/).map { String($0.output.1) })
        for sub in used.subtracting(["teamscope"]) { XCTAssertTrue(listed.contains(sub), "README shows teamscope \(sub), which --help does not list") }
    }

    /// Every long option a subcommand's `--help` shows is in the README, and every option the
    /// README gives a subcommand is one its `--help` shows.
    func testHelpAndReadmeAgree() throws {
        let readme = try String(contentsOfFile: TestEnvironment.repositoryRoot + "/README.md", encoding: .utf8)
        let documented = Set(readme.matches(of: /`(--[a-z][a-z0-9-]*)/).map { String($0.output.1) })
        var everyHelpOption: Set<String> = []
        for (sub, help) in try Self.helpTexts() {
            let options = Self.longOptions(inHelp: help)
            XCTAssertFalse(options.isEmpty, "\(sub) --help shows no option")
            everyHelpOption.formUnion(options)
            for o in options where o != "--help" && o != "--version" {
                XCTAssertTrue(readme.contains(o), "README lacks \(sub) \(o)")
            }
        }
        for o in documented where !everyHelpOption.contains(o) {
            XCTFail("README documents \(o), which no subcommand's --help shows")
        }
        for field in ["packets_read", "duplicates_removed", "inputs", "members", "direction_source", "unknown_direction", "sent", "received",
                      "flows", "migration_streams", "member_matrix", "pinned", "moves", "reordering", "retransmissions", "out_of_order",
                      "lost_segments", "inference", "rss_collisions", "hosts[].models_undecidable"] {
            XCTAssertTrue(readme.contains("`\(field)"), "README does not document \(field)")
        }
    }

    /// Each subcommand's `--help`, and the `teamscope-samples` development tool's.
    static func helpTexts() throws -> [(String, String)] {
        let subcommands = try ["analyze", "capture", "counters", "monitor", "simulate", "verify"].map { sub in
            (sub, try TestEnvironment.run(TestEnvironment.teamscopeBinary, [sub, "--help"]).stdout)
        }
        let samples = try TestEnvironment.run(TestEnvironment.samplesBinary, ["--help"]).stdout
        return subcommands + [("teamscope-samples", samples)]
    }

    /// The checks above fail when they should: a README without an option, or with one no
    /// command has, is caught by the same parsing.
    func testReadmeChecksCanFail() {
        let help = "OPTIONS:\n  -f, --filter <expr>     Only count.\n  --bin <duration>  Width.\n  -h, --help  Show help.\n"
        XCTAssertEqual(Self.longOptions(inHelp: help), ["--filter", "--bin", "--help"])
        XCTAssertEqual(Self.subcommands(inHelp: "SUBCOMMANDS:\n  analyze   Report.\n  verify    Check.\n\n  See 'x help'.\n"), ["analyze", "verify"])
    }

    /// Long options in the OPTIONS section of an ArgumentParser help text, in order.
    static func longOptions(inHelp help: String) -> [String] {
        var out: [String] = []
        var inOptions = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("OPTIONS:") { inOptions = true; continue }
            if inOptions, !line.hasPrefix(" "), !line.isEmpty { inOptions = false }
            guard inOptions else { continue }
            let trimmed = line.drop { $0 == " " }
            // An option's own line starts with it (after "-x, "); wrapped help text does not.
            guard line.hasPrefix("  "), !line.hasPrefix("                "), trimmed.hasPrefix("-") else { continue }
            if let m = trimmed.firstMatch(of: /--[a-z][a-z0-9-]*/) { out.append(String(m.output)) }
        }
        return out
    }

    /// Subcommand names in the SUBCOMMANDS section of an ArgumentParser help text.
    static func subcommands(inHelp help: String) -> [String] {
        var out: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inSection = true; continue }
            guard inSection else { continue }
            if line.isEmpty { break }
            if let m = line.firstMatch(of: /^  ([a-z][a-z-]*)\b/) { out.append(String(m.output.1)) }
        }
        return out
    }
}
