import Foundation
import LabTraffic
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Issue 23's rough edges, tried as a newcomer would, through the built `teamscope`.
final class RoughEdgesTests: XCTestCase {
    private let bin = TestEnvironment.teamscopeBinary
    private let root = TestEnvironment.repositoryRoot

    /// Item 4: one byte damaged in a sample's gzip (the issue's `dd … seek=7000`): the trailer
    /// no longer matches, every packet is kept (as TShark reads them), with a warning; exit 0.
    func testDamagedGzipSampleKeepsItsPackets() throws {
        let dir = try TestEnvironment.temporaryFolder()
        var data = try Data(contentsOf: URL(fileURLWithPath: root + "/Captures/balance-rr/bond0.pcap.gz"))
        let whole = try TestEnvironment.run(bin, ["analyze", "--format", "json", root + "/Captures/balance-rr/bond0.pcap.gz"])
        data[7000] = 0x55
        try data.write(to: URL(fileURLWithPath: dir + "/x.gz"))
        let r = try TestEnvironment.run(bin, ["analyze", "--format", "json", dir + "/x.gz"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONReport.parse(r.stdout)
        XCTAssertEqual(report.packetsRead, try JSONReport.parse(whole.stdout).packetsRead)
        XCTAssertNil(report.inputs[0].error)
        XCTAssertEqual(report.warningDetails?.map(\.kind), [.gzipTrailerMismatch])
        let text = try TestEnvironment.run(bin, ["analyze", "--wide", dir + "/x.gz"])
        XCTAssertTrue(text.stdout.contains("gzip trailer's CRC-32 or length does not match"), text.stdout)
    }

    /// Item 4: damage that zlib cannot inflate past (byte 4649 of the same sample): the packets
    /// before it are kept — as many as TShark reads — with one error line naming the file, the
    /// decompressed offset (said so) and what was expected; exit 0.
    func testUninflatableGzipKeepsThePacketsBeforeTheDamage() throws {
        let dir = try TestEnvironment.temporaryFolder()
        var data = try Data(contentsOf: URL(fileURLWithPath: root + "/Captures/balance-rr/bond0.pcap.gz"))
        data[4649] = 0x55
        try data.write(to: URL(fileURLWithPath: dir + "/d.gz"))
        let r = try TestEnvironment.run(bin, ["analyze", "--format", "json", dir + "/d.gz"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("teamscope: ") }
        XCTAssertEqual(lines.count, 1, r.stderr)
        XCTAssertTrue(lines.first?.hasPrefix("teamscope: \(dir)/d.gz: byte ") ?? false, r.stderr)
        XCTAssertTrue(r.stderr.contains(" of the decompressed stream: valid gzip data at compressed byte "), r.stderr)
        let report = try JSONReport.parse(r.stdout)
        XCTAssertGreaterThan(report.packetsRead, 0)
        if let tshark = TestEnvironment.which("tshark") {
            let lines = try TestEnvironment.run(tshark, ["-r", dir + "/d.gz", "-T", "fields", "-e", "frame.number"]).stdout
            XCTAssertEqual(report.packetsRead, lines.split(separator: "\n").count, "as many packets as TShark reads")
        }
    }

    /// Item 10: a pktmon `.etl` is named as an ETW trace with the command that converts it, exit 2.
    func testPktmonETLNamesTheConversion() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let etl = [UInt8]([0x00, 0x00, 0x01, 0x00]) + [UInt8](repeating: 0, count: 0x44)
            + [0x02, 0x00, 0x02, 0xC0, 0x18, 0x01, 0x00, 0x00] + [UInt8](repeating: 0x11, count: 0x110)
        try Data(etl).write(to: URL(fileURLWithPath: dir + "/PktMon.etl"))
        let r = try TestEnvironment.run(bin, ["analyze", dir + "/PktMon.etl"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("this is an ETW trace"), r.stderr)
        XCTAssertTrue(r.stderr.contains("convert it with `pktmon etl2pcap \(dir)/PktMon.etl`"), r.stderr)
        XCTAssertFalse(r.stderr.contains("magic"), r.stderr)
    }

    private func json(_ args: [String], in directory: String? = nil, stdin: String? = nil) throws -> ReportDocument {
        let r = try TestEnvironment.run(bin, ["analyze", "--format", "json"] + args, in: directory, stdin: stdin)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONReport.parse(r.stdout)
    }

    /// Item 5: one folder written two ways is one host, never `.` and `..` or `.` and `dir`;
    /// standard input is the member `stdin`.
    func testOneFolderWrittenTwoWaysIsOneHost() throws {
        let parent = try TestEnvironment.temporaryFolder()
        let dir = parent + "/dir"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for m in ["eth0", "eth1"] {
            try FileManager.default.copyItem(atPath: root + "/Captures/lacp-l34/A/\(m).pcap", toPath: dir + "/\(m).pcap")
        }
        for second in ["../dir/eth1.pcap", dir + "/eth1.pcap", "./eth1.pcap"] {
            let report = try json(["eth0.pcap", second], in: dir)
            XCTAssertEqual(report.hosts.map(\.name), [TeamAnalyzer.unnamedHost], second)
            XCTAssertEqual(report.members.map(\.name), ["eth0", "eth1"], second)
        }
        // Two real folders are still two hosts, named by their folders, from any spelling.
        try FileManager.default.createDirectory(atPath: parent + "/other", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/Captures/lacp-l34/B/eth0.pcap", toPath: parent + "/other/eth0.pcap")
        XCTAssertEqual(try json(["eth0.pcap", "../other/eth0.pcap"], in: dir).hosts.map(\.name), ["dir", "other"])
        let piped = try json(["-"], stdin: dir + "/eth0.pcap")
        XCTAssertEqual(piped.members.map(\.name), ["stdin"])
    }

    /// Items 5 and 7: a split SLL2 capture's `if<N>` members come with how to name them; an
    /// `--ifname` or `--link-speed` that names nothing is a warning, not silently ignored.
    func testUnnamedAndUnmatchedNamesAreSaid() throws {
        let dir = try TestEnvironment.temporaryFolder()
        _ = try LinkRewriter.mergeAsAny([(path: root + "/Captures/lacp-l34/A/eth0.pcap", index: 2),
                                         (path: root + "/Captures/lacp-l34/A/eth1.pcap", index: 3)],
                                        to: dir + "/any.pcap", localMACs: [])
        let unnamed = try json([dir + "/any.pcap"])
        let hint = try XCTUnwrap(unnamed.warningDetails?.first { $0.kind == .interfacesUnnamed })
        XCTAssertEqual(hint.indices, [2, 3])
        let text = try TestEnvironment.run(bin, ["analyze", "--wide", dir + "/any.pcap"])
        XCTAssertTrue(text.stdout.contains("members if2, if3 are named by their interface index in the Linux SLL2 capture; save the host's links beside the capture (ip -d -j link show > links.json) and give them with --links links.json, or name each with --ifname N=NAME (e.g. --ifname 2=eth0, repeatable)"), text.stdout)

        let named = try json(["--ifname", "2=eth0", "--ifname", "3=eth1", "--ifname", "9=x", "--link-speed", "eth9=10G",
                              "--link-speed", "eth0=10G", dir + "/any.pcap"])
        XCTAssertEqual(named.warningDetails?.map(\.kind), [.linkSpeedUnmatched, .interfaceNameUnmatched])
        XCTAssertEqual(named.warningDetails?.last?.interface, 9)
        XCTAssertEqual(named.warningDetails?.last?.indices, [2, 3])
        XCTAssertEqual(named.members.first { $0.name == "eth0" }?.linkSpeed, 10e9)
        let words = try TestEnvironment.run(bin, ["analyze", "--wide", "--link-speed", "eth9=10G", "--ifname", "9=x",
                                                  root + "/Captures/lacp-l34/A/eth0.pcap"]).stdout
        XCTAssertTrue(words.contains("--link-speed eth9: no member of the captures is called so (they are: host/eth0); the speed was not used"), words)
        XCTAssertTrue(words.contains("--ifname 9=x: no Linux SLL2 capture of several interfaces carried interface index 9 (none of the captures is one); the name was not used"), words)
    }

    /// Item 7: a capture whose frames are mostly malformed (its link type rewritten, as
    /// `editcap -T null` does) warns with the share.
    func testMostlyMalformedFramesWarnWithTheShare() throws {
        let dir = try TestEnvironment.temporaryFolder()
        var data = try Data(contentsOf: URL(fileURLWithPath: root + "/Captures/lacp-l34/A/eth0.pcap"))
        data[20] = 0 // the pcap header's link type (bytes 20–23, little-endian here): DLT_NULL
        try data.write(to: URL(fileURLWithPath: dir + "/n.pcap"))
        let report = try json([dir + "/n.pcap"])
        let w = try XCTUnwrap(report.warningDetails?.first { $0.kind == .malformedFrames })
        XCTAssertEqual(w.total, report.members[0].packets)
        XCTAssertGreaterThan(Double(w.packets ?? 0) / Double(w.total ?? 1), 0.9)
        let text = try TestEnvironment.run(bin, ["analyze", "--wide", dir + "/n.pcap"]).stdout
        XCTAssertTrue(text.contains("host/n: \(w.packets!) of \(w.total!) frames (99.4%) are malformed"), text)
        // The samples have none: their reports carry no such warning.
        XCTAssertNil(try json([root + "/Captures/lacp-l34/A/eth0.pcap"]).warningDetails)
    }

    private var lacpFiles: [String] {
        ["A", "B"].flatMap { h in ["eth0", "eth1"].map { "\(root)/Captures/lacp-l34/\(h)/\($0).pcap" } }
    }

    /// Item 6: `-o FILE` for verify and simulate too, `-o -` is standard output everywhere, and
    /// `--format csv -o x.csv` is refused with the reason.
    func testOutputOptionIsTheSameEverywhere() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let verify = try TestEnvironment.run(bin, ["verify", "--claims", root + "/Captures/lacp-l34/claims-pass.yaml", "-o", dir + "/verdicts.txt"] + lacpFiles)
        XCTAssertEqual(verify.status, 0, verify.stderr)
        XCTAssertEqual(verify.stdout, "")
        XCTAssertTrue(try String(contentsOfFile: dir + "/verdicts.txt", encoding: .utf8).contains("PASS"))
        let simulate = try TestEnvironment.run(bin, ["simulate", "--format", "json", "-o", dir + "/sim.json"] + lacpFiles)
        XCTAssertEqual(simulate.status, 0, simulate.stderr)
        XCTAssertEqual(simulate.stdout, "")
        XCTAssertTrue(try String(contentsOfFile: dir + "/sim.json", encoding: .utf8).hasPrefix("{"))
        for command in [["analyze", "--format", "json"], ["simulate", "--format", "json"],
                        ["verify", "--format", "json", "--claims", root + "/Captures/lacp-l34/claims-pass.yaml"]] {
            let r = try TestEnvironment.run(bin, command + ["-o", "-"] + lacpFiles, in: dir)
            XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stdout.hasPrefix("{") || r.stdout.hasPrefix("["), "\(command): \(r.stdout.prefix(80))")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/-"), "\(command) wrote a file named -")
        }
        let csv = try TestEnvironment.run(bin, ["analyze", "--format", "csv", "-o", dir + "/x.csv"] + lacpFiles)
        XCTAssertEqual(csv.status, 2)
        XCTAssertTrue(csv.stderr.contains("CSV writes a folder of three tables (members.csv, flows.csv, throughput.csv), not one file: name a folder (e.g. -o \(dir)/x)"), csv.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/x.csv"))
        let folder = try TestEnvironment.run(bin, ["analyze", "--format", "csv", "-o", dir + "/tables"] + lacpFiles)
        XCTAssertEqual(folder.status, 0, folder.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/tables/members.csv"))
    }

    /// Item 6: one meaning per option name (simulate's team sizes are --member-counts, the old
    /// --members still read); capture takes the team options; each help lists only what the
    /// command uses.
    func testOptionsMeanOneThingAndHelpListsWhatIsUsed() throws {
        let counts = try TestEnvironment.run(bin, ["simulate", "--format", "json", "--member-counts", "2,4"] + lacpFiles)
        XCTAssertEqual(counts.status, 0, counts.stderr)
        let legacy = try TestEnvironment.run(bin, ["simulate", "--format", "json", "--members", "2,4"] + lacpFiles)
        XCTAssertEqual(legacy.stdout, counts.stdout, "the old spelling still works")
        let both = try TestEnvironment.run(bin, ["simulate", "--members", "2", "--member-counts", "4"] + lacpFiles)
        XCTAssertEqual(both.status, 2)

        let simulateHelp = try TestEnvironment.run(bin, ["simulate", "--help"]).stdout
        for unused in ["--bin", "--top-flows", "--pinned-threshold", "--link-speed", "--no-flows", "--migration-port",
                       "--move-debounce", "--rss-queues", "--rss-table", "--members "] {
            XCTAssertFalse(simulateHelp.contains(unused), "simulate --help lists \(unused), which it ignores")
        }
        XCTAssertTrue(simulateHelp.contains("--member-counts"))
        let analyzeHelp = try TestEnvironment.run(bin, ["analyze", "--help"]).stdout
        let captureHelp = try TestEnvironment.run(bin, ["capture", "--help"]).stdout
        for option in ["--migration-port", "--top-flows", "--link-speed", "--members", "--pinned-threshold"] {
            XCTAssertTrue(analyzeHelp.contains(option), option)
            XCTAssertTrue(captureHelp.contains(option), "capture --help lacks \(option)")
        }
        // Capture checks them as analyze does (before any handle is opened).
        let bad = try TestEnvironment.run(bin, ["capture", "-i", "lo", "--pinned-threshold", "0.2"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--pinned-threshold: expected a share between 0.5 and 1"), bad.stderr)
    }

    /// Item 3: piped into a pager, the text is laid out to the controlling terminal's width
    /// (here an 80-column pseudo-terminal that `script` makes); written to a file, or piped with
    /// standard error away from the terminal (a program reading it), at 100.
    func testPipedTextTakesTheTerminalsWidth() throws {
        guard let script = TestEnvironment.which("script") else {
            throw XCTSkip("script (util-linux) is not installed: the controlling-terminal width test is skipped")
        }
        let dir = try TestEnvironment.temporaryFolder()
        let sample = root + "/Captures/lacp-l34/A/eth0.pcap"
        let shell = "stty cols 80 rows 40; unset COLUMNS; '\(bin)' analyze '\(sample)' | cat > '\(dir)/piped.txt'; '\(bin)' analyze '\(sample)' > '\(dir)/file.txt'; "
            + "'\(bin)' analyze '\(sample)' 2>/dev/null | cat > '\(dir)/read.txt'"
        let r = try TestEnvironment.run(script, ["-qec", shell, "/dev/null"])
        guard r.status == 0, FileManager.default.fileExists(atPath: dir + "/piped.txt") else {
            throw XCTSkip("script could not make a pseudo-terminal here (\(r.status)): \(r.stdout.prefix(200))")
        }
        let width80 = try TestEnvironment.run(bin, ["analyze", "--width", "80", sample]).stdout
        let width100 = try TestEnvironment.run(bin, ["analyze", "--width", "100", sample]).stdout
        XCTAssertNotEqual(width80, width100)
        XCTAssertEqual(try String(contentsOfFile: dir + "/piped.txt", encoding: .utf8), width80, "a pipe gets the terminal's 80 columns")
        XCTAssertEqual(try String(contentsOfFile: dir + "/file.txt", encoding: .utf8), width100, "a file gets 100 columns")
        XCTAssertEqual(try String(contentsOfFile: dir + "/read.txt", encoding: .utf8), width100,
                       "a pipe read by a program (standard error not the terminal either) gets 100 columns")
    }

    /// Item 9: the bash, zsh and fish completions complete capture files, claims files, output
    /// paths and interfaces; bash's, run, offers exactly the captures and the claims file.
    func testCompletionsOfferFilesAndInterfaces() throws {
        var scripts: [String: String] = [:]
        for shell in ["bash", "zsh", "fish"] {
            let r = try TestEnvironment.run(bin, ["--generate-completion-script", shell])
            XCTAssertEqual(r.status, 0, r.stderr)
            scripts[shell] = r.stdout
            XCTAssertTrue(r.stdout.contains("ls /sys/class/net 2>/dev/null"), "\(shell): interfaces for -i")
            XCTAssertTrue(r.stdout.contains("cat /sys/class/net/bonding_masters 2>/dev/null"), "\(shell): bonds for --bond")
        }
        XCTAssertTrue(scripts["bash"]!.contains("-fX '!*.@(pcap|pcapng|gz|cap)'"))
        XCTAssertTrue(scripts["bash"]!.contains("-fX '!*.@(yaml|yml)'"))
        XCTAssertTrue(scripts["zsh"]!.contains("_files -g '\\''*.pcap *.pcapng *.gz *.cap'\\''"))
        XCTAssertTrue(scripts["zsh"]!.contains("_files -g '\\''*.yaml *.yml'\\''"))
        XCTAssertTrue(scripts["fish"]!.contains("set -l exts \\'pcap\\' \\'pcapng\\' \\'gz\\' \\'cap\\'"))
        XCTAssertTrue(scripts["fish"]!.contains("set -l exts \\'yaml\\' \\'yml\\'"))

        guard let bash = TestEnvironment.which("bash") else { throw XCTSkip("bash is not installed: the completion run is skipped") }
        let dir = try TestEnvironment.temporaryFolder()
        for f in ["eth0.pcap", "eth1.pcap.gz", "hv.pcapng", "notes.txt", "claims.yaml"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/" + f, contents: Data()))
        }
        try scripts["bash"]!.write(toFile: dir + "/teamscope.bash", atomically: true, encoding: .utf8)
        func complete(_ words: [String]) throws -> [String] {
            let line = words.joined(separator: " ")
            let quoted = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source ./teamscope.bash; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; "
                + "COMP_POINT=${#COMP_LINE}; _teamscope teamscope '\(words.last!)' '\(words[words.count - 2])'; printf '%s\\n' \"${COMPREPLY[@]}\""
            let r = try TestEnvironment.run(bash, ["-c", program], in: dir)
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout.split(separator: "\n").map(String.init).sorted()
        }
        XCTAssertEqual(try complete(["teamscope", "analyze", ""]), ["eth0.pcap", "eth1.pcap.gz", "hv.pcapng"])
        XCTAssertEqual(try complete(["teamscope", "verify", "--claims", "cl"]), ["claims.yaml"])
        let interfaces = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []
        if !interfaces.isEmpty {
            XCTAssertEqual(try complete(["teamscope", "capture", "-i", ""]), interfaces.sorted())
        }
    }
}
