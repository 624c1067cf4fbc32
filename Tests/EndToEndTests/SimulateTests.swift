import Foundation
import Reporting
import TeamingModels
import TestSupport
import XCTest

/// `simulate` redistributes a capture's flows. On the lacp-l34 sample, whose frames were placed
/// with the kernel's layer3+4 hash, simulating layer3+4 over two members must give back exactly
/// the bytes each member carried in its flows.
final class SimulateTests: XCTestCase {
    func testLayer34SimulationReproducesTheSample() throws {
        let files = ["eth0", "eth1"].map { "\(TestEnvironment.repositoryRoot)/Captures/lacp-l34/A/\($0).pcap" }
        let sim = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["simulate", "--format", "json", "--policy", "linux/layer3+4,linux/layer2+3,linux/round-robin", "--members", "2"] + files)
        XCTAssertEqual(sim.status, 0, sim.stderr)
        let results = try XCTUnwrap(try JSONOutput.parse([String: [SimulationResult]].self, from: sim.stdout)["host"])
        let analyze = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "--top-flows", "1000"] + files)
        var carried = [0, 0]
        for f in try JSONReport.parse(analyze.stdout).flows {
            for (name, t) in f.members {
                carried[name.hasSuffix("eth0") ? 0 : 1] += t.forward.bytes + t.reverse.bytes
            }
        }
        let l34 = try XCTUnwrap(results.first { $0.policy == "linux/layer3+4" })
        XCTAssertEqual(l34.bytesPerMember, carried)
        // Round robin spreads evenly; layer2+3 keeps the single IP pair on one member.
        let rr = try XCTUnwrap(results.first { $0.policy == "linux/round-robin" })
        XCTAssertEqual(rr.imbalance, 1.0, accuracy: 0.001)
        let l23 = try XCTUnwrap(results.first { $0.policy == "linux/layer2+3" })
        XCTAssertEqual(l23.bytesPerMember.filter { $0 > 0 }.count, 1)
    }
}
