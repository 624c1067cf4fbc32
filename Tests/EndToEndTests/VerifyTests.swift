import Foundation
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
        XCTAssertEqual(r.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("PASS") }.count, 6, r.stdout)
        XCTAssertTrue(r.stdout.contains("member order eth0,eth1"), r.stdout)
    }

    func testFailingClaimsExitOneWithEvidenceAndJUnit() throws {
        let dir = try TestEnvironment.temporaryFolder()
        let r = try verify(TestEnvironment.repositoryRoot + "/Captures/lacp-l34/claims-fail.yaml", ["--junit", dir + "/junit.xml", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["failed"] as? Int, 2)
        XCTAssertEqual(json["passed"] as? Int, 1)
        let claims = json["claims"] as! [[String: Any]]
        XCTAssertTrue((claims[0]["evidence"] as! String).contains("2 members"), "\(claims[0])")
        let xml = try String(contentsOfFile: dir + "/junit.xml", encoding: .utf8)
        XCTAssertTrue(xml.contains("tests=\"3\" failures=\"2\""), xml)
        XCTAssertEqual(xml.components(separatedBy: "<failure ").count - 1, 2)
    }

    func testUnusableClaimsOrCapturesExitTwo() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try "claims:\n  - pinned: maybe\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try verify(dir + "/bad.yaml")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].pinned: expected true or false"), bad.stderr)
        try "claims:\n  - wobble: 3\n".write(toFile: dir + "/unknown.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try verify(dir + "/unknown.yaml").status, 2)
        try Data("not a capture".utf8).write(to: URL(fileURLWithPath: dir + "/x.pcap"))
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary,
                                        ["verify", "--claims", TestEnvironment.repositoryRoot + "/Captures/lacp-l34/claims-pass.yaml", dir + "/x.pcap"])
        XCTAssertEqual(r.status, 2)
    }
}
