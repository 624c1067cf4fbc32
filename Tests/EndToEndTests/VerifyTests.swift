import Foundation
import Reporting
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `teamscope verify`: exit 0 when every claim holds, 1 when one fails, 2 when the claims or
/// the captures cannot be used; JUnit XML on request.
final class VerifyTests: XCTestCase {
    let captures = ["A", "B"].flatMap { h in ["eth0", "eth1"].map { "\(TestEnvironment.repositoryRoot)/Captures/lacp-l34/\(h)/\($0).pcap" } }

    private func verify(_ claims: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String) {
        try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", claims] + extra + captures)
    }

    func testPassingClaimsExitZero() throws {
        let r = try verify(TestEnvironment.repositoryRoot + "/Captures/lacp-l34/claims-pass.yaml")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("PASS") }.count, 7, r.stdout)
        XCTAssertTrue(r.stdout.contains("PASS  A's switch takes part through LACP: A: switch lacp (linux/802.3ad"), r.stdout)
        XCTAssertTrue(r.stdout.contains("member order eth0,eth1"), r.stdout)
    }

    func testFailingClaimsExitOneWithEvidenceAndJUnit() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let r = try verify(TestEnvironment.repositoryRoot + "/Captures/lacp-l34/claims-fail.yaml", ["--junit", dir + "/junit.xml", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try VerifyReport.parse(r.stdout)
        XCTAssertEqual(json.failed, 2)
        XCTAssertEqual(json.passed, 1)
        XCTAssertEqual(json.claims.filter { !$0.passed }.count, 2)
        XCTAssertTrue(json.claims[0].evidence.contains("2 members"), "\(json.claims[0])")
        let xml = try String(contentsOfFile: dir + "/junit.xml", encoding: .utf8)
        XCTAssertTrue(xml.contains("tests=\"3\" failures=\"2\""), xml)
        XCTAssertEqual(xml.components(separatedBy: "<failure ").count - 1, 2)
    }

    /// Mistakes in a claims file are said as such (exit 2), not read as a failing team: an
    /// unknown host or member, reversed bounds; and a claim about nothing fails, saying so,
    /// whatever its check.
    func testClaimsFileMistakesAndEmptySelections() throws {
        let dir = try TestEnvironment.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mistakes: [(String, String)] = [
            ("claims:\n  - host: C\n    sent_members: {at_least: 1}\n", "host C is not in the captures (hosts: A, B)"),
            ("claims:\n  - member: A/eth9\n    sent_share: {at_least: 0.1}\n", "member A/eth9 is not in the captures"),
            ("claims:\n  - member: A/eth1\n    sent_share: {between: [0.6, 0.4]}\n", "between: expected [low, high] with low ≤ high (found [0.6, 0.4])"),
        ]
        for (i, (yaml, message)) in mistakes.enumerated() {
            try yaml.write(toFile: "\(dir)/m\(i).yaml", atomically: true, encoding: .utf8)
            let r = try verify("\(dir)/m\(i).yaml")
            XCTAssertEqual(r.status, 2, yaml)
            XCTAssertTrue(r.stderr.contains(message), "\(yaml): \(r.stderr)")
        }
        for check in ["pinned: true", "spread_members: {at_least: 1}", "retransmissions: {at_most: 0}", "reordered_ratio: {below: 1}"] {
            try "claims:\n  - select: {dst_port: 9}\n    \(check)\n".write(toFile: dir + "/empty.yaml", atomically: true, encoding: .utf8)
            let r = try verify(dir + "/empty.yaml")
            XCTAssertEqual(r.status, 1, check)
            XCTAssertTrue(r.stdout.contains("FAIL") && r.stdout.contains("no flow matches"), "\(check): \(r.stdout)")
        }
    }

    /// A claim name carrying control characters (a terminal escape, a NUL-like byte) gives JUnit
    /// XML that an XML parser accepts, and a terminal line without the raw escape.
    func testClaimNamesWithControlCharactersStayInert() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try "claims:\n  - name: \"evil \\e[31mred\\x01 <b>&\"\n    mode: linux/layer3+4\n".write(toFile: dir + "/c.yaml", atomically: true, encoding: .utf8)
        let r = try verify(dir + "/c.yaml", ["--junit", dir + "/j.xml"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertFalse(r.stdout.contains("\u{1B}"), r.stdout)
        XCTAssertTrue(r.stdout.contains("evil \\u{1B}[31mred\\u{1}"), r.stdout)
        let xml = try Data(contentsOf: URL(fileURLWithPath: dir + "/j.xml"))
        let parser = XMLParser(data: xml)
        XCTAssertTrue(parser.parse(), "JUnit XML rejected: \(String(describing: parser.parserError)) \(String(decoding: xml, as: UTF8.self))")
        XCTAssertTrue(String(decoding: xml, as: UTF8.self).contains("&lt;b&gt;&amp;"))
    }

    /// SMB claims on the multichannel sample: the session's channels and the members they use.
    func testSMBClaims() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/"
        let files = ["A/NIC1", "A/NIC2", "B/NIC1", "B/NIC2"].map { root + $0 + ".pcap.gz" }
        let pass = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", root + "claims-pass.yaml"] + files)
        XCTAssertEqual(pass.status, 0, pass.stdout + pass.stderr)
        XCTAssertTrue(pass.stdout.contains("session 0x00001c0010000049: 4 channels (3 bound), want ≥ 2"), pass.stdout)
        let fail = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", root + "claims-fail.yaml"] + files)
        XCTAssertEqual(fail.status, 1, fail.stdout + fail.stderr)
        XCTAssertTrue(fail.stdout.contains("FAIL  a live migration between two hosts only ever uses one member: session 0x00001c0010000049 on A: 2 members (NIC1 50%, NIC2 50%), want = 1"), fail.stdout)
        // Without SMB in the captures, an SMB claim fails and says why.
        let dir = try TestEnvironment.temporaryFolder()
        try "claims:\n  - smb_channels: {at_least: 2}\n".write(toFile: dir + "/smb.yaml", atomically: true, encoding: .utf8)
        let none = try verify(dir + "/smb.yaml")
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stdout.contains("no SMB session in the captures"), none.stdout)
        try "claims:\n  - session: 12\n    smb_channels: {at_least: 2}\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try verify(dir + "/bad.yaml").status, 2)
    }

    func testUnusableClaimsOrCapturesExitTwo() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try "claims:\n  - pinned: maybe\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try verify(dir + "/bad.yaml")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].pinned: expected true or false"), bad.stderr)
        try "claims:\n  - wobble: 3\n".write(toFile: dir + "/unknown.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try verify(dir + "/unknown.yaml").status, 2)
        // A model name with a typo is a claims-file error, not a failing team.
        try "claims:\n  - mode: linux/layer9\n".write(toFile: dir + "/typo.yaml", atomically: true, encoding: .utf8)
        let typo = try verify(dir + "/typo.yaml")
        XCTAssertEqual(typo.status, 2, typo.stdout)
        XCTAssertTrue(typo.stderr.contains("claims[0].mode: linux/layer9 is not a teaming model TeamScope knows"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("linux/layer3+4"), typo.stderr)
        // YAML that Yams' own loader traps on (a mapping as a key; found by FuzzClaims) and a
        // key given twice are claims-file errors that say where.
        let fuzzFound = TestEnvironment.repositoryRoot + "/Fuzz/Regressions/FuzzClaims/mapping-as-key.yaml"
        let trap = try verify(fuzzFound)
        XCTAssertEqual(trap.status, 2, trap.stdout + trap.stderr)
        XCTAssertTrue(trap.stderr.contains("line 1, column 2: a mapping key must be a plain value, not a mapping"), trap.stderr)
        // A base-60 integer that overflows (Yams traps on it; found by FuzzClaims).
        let overflow = try verify(TestEnvironment.repositoryRoot + "/Fuzz/Regressions/FuzzClaims/sexagesimal-overflow.yaml")
        XCTAssertEqual(overflow.status, 2, overflow.stdout + overflow.stderr)
        XCTAssertTrue(overflow.stderr.contains("expected a top-level 'claims:' list"), overflow.stderr)
        try "claims:\n  - host: A\n    sent_members: {at_least: 7777000000018589944:3}\n".write(toFile: dir + "/base60.yaml", atomically: true, encoding: .utf8)
        let base60 = try verify(dir + "/base60.yaml")
        XCTAssertEqual(base60.status, 2)
        XCTAssertTrue(base60.stderr.contains("claims[0].sent_members.at_least: expected a number"), base60.stderr)
        // Nesting deep enough to overflow Yams' recursive composer (found by FuzzClaims), in
        // flow and in block style, is refused with where it went too deep.
        let deep = try verify(TestEnvironment.repositoryRoot + "/Fuzz/Regressions/FuzzClaims/deep-nesting.yaml")
        XCTAssertEqual(deep.status, 2)
        XCTAssertTrue(deep.stderr.contains("line 1, column 65: nested more than 64 levels deep"), deep.stderr)
        try String(repeating: "[", count: 200_000).write(toFile: dir + "/flow.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try verify(dir + "/flow.yaml").status, 2)
        try ("claims:\n" + (1..<100).map { String(repeating: "  ", count: $0) + "- a:\n" }.joined()).write(toFile: dir + "/block.yaml", atomically: true, encoding: .utf8)
        let block = try verify(dir + "/block.yaml")
        XCTAssertEqual(block.status, 2)
        XCTAssertTrue(block.stderr.contains("line 65: nested more than 64 levels deep"), block.stderr)
        try "claims:\n  - mode: linux/layer3+4\n    mode: linux/layer2\n".write(toFile: dir + "/twice.yaml", atomically: true, encoding: .utf8)
        let twice = try verify(dir + "/twice.yaml")
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.stderr.contains("line 3, column 5: 'mode' is given twice in one mapping"), twice.stderr)
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: dir + "/x.pcap"))
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary,
                                        ["verify", "--claims", TestEnvironment.repositoryRoot + "/Captures/lacp-l34/claims-pass.yaml", dir + "/x.pcap"])
        XCTAssertEqual(r.status, 2)
    }
}
