import Foundation
import LabTraffic
import TestSupport
import XCTest

/// Findings and the live migration summary as users read them: the text report's sections and
/// the claims about them.
final class FindingsTextTests: XCTestCase {
    func testFindingsSectionAndClaims() throws {
        let dir = try TestEnvironment.temporaryFolder("findings")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = HealthScenario()
        s.vlan = [0: 10, 1: 20]
        let args = try s.write(to: dir)
        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--wide"] + args)
        XCTAssertEqual(text.status, 0, text.stderr)
        let lines = text.stdout.components(separatedBy: "\n")
        XCTAssertTrue(lines.contains { $0.hasPrefix("  problem vlan_mismatch on A (eth0, eth1): the members carry different VLANs (eth0 [10], eth1 [20]): every member of a team must be in the same VLANs") }, text.stdout)
        XCTAssertTrue(lines.contains("Live migration (A ↔ B)"), text.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  4 streams (at most 4 at once); together ") }, text.stdout)
        XCTAssertTrue(lines.contains("  the migrations used every member (A on eth0+eth1; B on eth0+eth1); every stream held to one member"), text.stdout)

        try """
        claims:
          - name: no VLAN trouble on A
            host: A
            findings: {none_of: [vlan_mismatch]}
          - name: no MTU trouble
            findings: {none_of: [mtu_mismatch, capture_gap]}
          - migration_concurrency: {at_least: 4}
          - host: B
            migration_members: {exactly: 2}
        """.write(toFile: dir + "/claims.yaml", atomically: true, encoding: .utf8)
        let v = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--wide", "--claims", dir + "/claims.yaml"] + args)
        XCTAssertEqual(v.status, 1, v.stdout + v.stderr)
        XCTAssertTrue(v.stdout.contains("FAIL  no VLAN trouble on A: vlan_mismatch on A (eth0, eth1)"), v.stdout)
        XCTAssertTrue(v.stdout.contains("PASS  no MTU trouble: none of mtu_mismatch, capture_gap on A, B"), v.stdout)
        XCTAssertTrue(v.stdout.contains("PASS  migration_concurrency: A↔B: at most 4 of 4 streams at once, want ≥ 4"), v.stdout)
        XCTAssertTrue(v.stdout.contains("PASS  migration_members on B: B: 2 members (eth0, eth1), want = 2"), v.stdout)

        try "claims:\n  - findings: {none_of: [mtu_mismatch, jitter]}\n".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["verify", "--claims", dir + "/bad.yaml"] + args)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("claims[0].findings.none_of: jitter is not a finding kind"), bad.stderr)
        let speed = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--link-speed", "eth0=fast"] + args)
        XCTAssertEqual(speed.status, 2)
        XCTAssertTrue(speed.stderr.contains("--link-speed eth0=fast: expected MEMBER=SPEED"), speed.stderr)
    }

    func testHealthyTeamSaysNoFindings() throws {
        let dir = try TestEnvironment.temporaryFolder("findings")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = try HealthScenario().write(to: dir)
        let text = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--rss-queues", "0"] + args)
        XCTAssertTrue(text.stdout.contains("\nFindings: none ("), text.stdout)
    }
}
