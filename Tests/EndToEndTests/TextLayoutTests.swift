import Foundation
import TestSupport
import XCTest

/// Terminal text fits a width: sentences wrap with a hanging indent, the member table splits
/// into sent and received, a flow's carriers go under its row; `--wide` keeps every line whole;
/// a host nobody named is not called "host".
final class TextLayoutTests: XCTestCase {
    let root = TestEnvironment.repositoryRoot + "/Captures/"
    var lacp: [String] { ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { root + "lacp-l34/\($0).pcap" } }
    var rr: [String] { ["eth0", "eth1", "bond0"].map { root + "balance-rr/\($0).pcap.gz" } }

    private func analyze(_ args: [String], env: [String: String] = [:]) throws -> [String] {
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze"] + args, environment: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.components(separatedBy: "\n")
    }

    func testEveryLineFitsTheDefaultWidthAndWideKeepsThemWhole() throws {
        for inputs in [lacp, rr, [root + "windows-pktmon/hv01.pcapng"]] {
            let lines = try analyze(inputs)
            let long = lines.filter { $0.count > 100 }
            XCTAssertEqual(long, [], "lines over 100 columns")
            // The member table, split: a sent table and a received table, each under 100.
            XCTAssertTrue(lines.contains { $0.hasPrefix("  member  sent pkts  sent bytes  sent share  avg sent  peak sent") })
            XCTAssertTrue(lines.contains { $0.hasPrefix("  member  recv pkts  recv bytes  recv share") })
            let wide = try analyze(["--wide"] + inputs)
            XCTAssertGreaterThan(wide.map(\.count).max() ?? 0, 100)
            XCTAssertTrue(wide.contains { $0.hasPrefix("  member  sent pkts  sent bytes  sent share  avg sent  peak sent  recv pkts") })
            // Whole: no line is a wrapped sentence's continuation (six spaces and a word).
            XCTAssertFalse(wide.contains { $0.hasPrefix("      ") && !$0.hasPrefix("       ") }, wide.joined(separator: "\n"))
        }
    }

    func testSentencesWrapWithAHangingIndentAndCarriersGoUnderTheirRow() throws {
        let lines = try analyze(["--width", "72"] + lacp)
        let model = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  teaming model: best fit: linux/layer3+4") })
        XCTAssertLessThanOrEqual(lines[model].count, 72)
        XCTAssertTrue(lines[model + 1].hasPrefix("      ") && lines[model + 1].count <= 72, lines[model + 1])
        // The words of the sentence, in order, across its lines.
        var sentence = lines[model]
        var i = model + 1
        while lines[i].hasPrefix("      ") { sentence += " " + lines[i].trimmingCharacters(in: .whitespaces); i += 1 }
        XCTAssertTrue(sentence.contains("member order eth0,eth1; the data cannot tell apart linux/layer3+4, linux/encap3+4"), sentence)
        let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  flow ") })
        XCTAssertFalse(lines[header].contains("carried by"))
        XCTAssertEqual(lines[header + 1], "      carried by")
        XCTAssertTrue(lines[header + 3].hasPrefix("      forward: A sent on "), lines[header + 3])
        // COLUMNS says the width when standard output is not a terminal.
        let env = try analyze(lacp, env: ["COLUMNS": "72"])
        XCTAssertEqual(env, lines)
    }

    func testWidthOptionsAreChecked() throws {
        let narrow = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--width", "20", lacp[0]])
        XCTAssertEqual(narrow.status, 2)
        XCTAssertTrue(narrow.stderr.contains("--width 20: give at least 40 columns"), narrow.stderr)
        let both = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--wide", "--width", "80", lacp[0]])
        XCTAssertEqual(both.status, 2)
    }

    func testAnUnnamedHostIsNotCalledHost() throws {
        let lines = try analyze(rr)
        XCTAssertTrue(lines.contains("Host (unnamed: HOST/MEMBER=PATH names it)"), lines.joined(separator: "\n"))
        XCTAssertFalse(lines.contains { $0.contains("Host host") || $0.contains("host sent") || $0.contains("host/bond0") })
        XCTAssertTrue(lines.contains { $0.contains("forward: sent on eth0 50.0% + eth1 50.0%; reverse: received on eth1") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("  bond0: 629 packets") })
        let json = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json"] + rr).stdout
        XCTAssertTrue(json.contains("\"unnamed\" : true"))
        // Named, the host is called by its name, and JSON says nothing of it.
        let named = try analyze(rr.map { "srv/" + (($0 as NSString).lastPathComponent.components(separatedBy: ".")[0]) + "=" + $0 })
        XCTAssertTrue(named.contains("Host srv"))
        XCTAssertTrue(named.contains { $0.contains("forward: srv sent on eth0") })
        let namedJSON = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "host/eth0=" + rr[0]]).stdout
        XCTAssertFalse(namedJSON.contains("\"unnamed\""), "a host named host by the user is named")
    }
}

/// Shell completions come from the binary's own commands (make install writes them beside the
/// man page): every subcommand and option is there, and bash accepts the script.
final class CompletionTests: XCTestCase {
    func testCompletionScriptsKnowEverySubcommand() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["--generate-completion-script", shell])
            XCTAssertEqual(r.status, 0, r.stderr)
            for word in ["analyze", "capture", "simulate", "verify", "link-speed", "wide", "claims", "with-master"] {
                XCTAssertTrue(r.stdout.contains(word), "\(shell) completion lacks \(word)")
            }
            if shell == "bash", let bash = TestEnvironment.which("bash") {
                let dir = try TestEnvironment.temporaryFolder("completion")
                try r.stdout.write(toFile: dir + "/teamscope.bash", atomically: true, encoding: .utf8)
                let check = try TestEnvironment.run(bash, ["-n", dir + "/teamscope.bash"])
                XCTAssertEqual(check.status, 0, check.stderr)
            }
        }
    }
}
