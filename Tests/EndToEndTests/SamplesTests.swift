import Foundation
import LabTraffic
import TestSupport
import XCTest

/// `Captures/` and `Reports/` are what `teamscope samples` makes, byte for byte: the samples are
/// reproducible and the reports current (re-record on purpose with `make samples`).
final class SamplesTests: XCTestCase {
    func testSamplesAndReportsAreCurrent() throws {
        let work = try TestEnvironment.temporaryFolder("samples")
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["samples", "--captures", "Captures", "--reports", "Reports"], in: work)
        XCTAssertEqual(r.status, 0, r.stderr)
        let repo = TestEnvironment.repositoryRoot
        var compared = 0
        for folder in ["Captures", "Reports"] {
            let enumerator = FileManager.default.enumerator(atPath: "\(work)/\(folder)")!
            while let file = enumerator.nextObject() as? String {
                var isDir: ObjCBool = false
                FileManager.default.fileExists(atPath: "\(work)/\(folder)/\(file)", isDirectory: &isDir)
                if isDir.boolValue { continue }
                let fresh = try Data(contentsOf: URL(fileURLWithPath: "\(work)/\(folder)/\(file)"))
                let kept = try? Data(contentsOf: URL(fileURLWithPath: "\(repo)/\(folder)/\(file)"))
                XCTAssertEqual(fresh, kept, "\(folder)/\(file) differs from what `make samples` writes now")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 12 + 2 * SampleCaptures.samples.count)
    }

    /// What each sample is there to show.
    func testSamplesShowWhatTheirReadmeSays() throws {
        let repo = TestEnvironment.repositoryRoot
        func report(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(repo)/Reports/\(name).json"))
            return try JSONSerialization.jsonObject(with: data) as! [String: Any]
        }
        func members(_ r: [String: Any]) -> [String: [String: Any]] {
            var out: [String: [String: Any]] = [:]
            for m in r["members"] as! [[String: Any]] { out["\(m["host"]!)/\(m["name"]!)"] = m }
            return out
        }
        func count(_ m: [String: Any]?, _ direction: String) -> Int { (m?[direction] as? [String: Any])?["packets"] as? Int ?? -1 }
        // Switch-independent Address Hash: inbound only on the primary NIC, outbound on both.
        let pktmon = members(try report("windows-pktmon"))
        XCTAssertGreaterThan(count(pktmon["hv01/NIC1"], "received"), 0)
        XCTAssertEqual(count(pktmon["hv01/NIC2"], "received"), 0)
        XCTAssertGreaterThan(count(pktmon["hv01/NIC2"], "sent"), 0)
        // …and the host's receive verdict says so, with NIC2's own source MAC (the rewrite).
        let hv01 = (try report("windows-pktmon")["hosts"] as! [[String: Any]])[0]
        XCTAssertTrue((hv01["receive_verdict"] as! String).contains("received on 1 of 2 members"), "\(hv01)")
        XCTAssertEqual((hv01["mac_rewrite"] as? [String: [String]])?["NIC2"], ["02:00:00:00:0c:02"])
        // lacp-l34: the peer's LACP spreads inbound; every member sends with the bond's MAC.
        for h in try report("lacp-l34")["hosts"] as! [[String: Any]] {
            XCTAssertTrue((h["receive_verdict"] as! String).contains("received on 2 of 2 members"), "\(h)")
            XCTAssertNil(h["mac_rewrite"] as? [String: Any])
        }
        // balance-rr: the bulk stream alternates members; bond0's copies are all removed.
        let rr = try report("balance-rr")
        let rrMembers = members(rr)
        XCTAssertLessThanOrEqual(abs(count(rrMembers["host/eth0"], "sent") - count(rrMembers["host/eth1"], "sent")), 1)
        XCTAssertEqual(rr["duplicates_removed"] as? Int, (rr["aggregates"] as! [[String: Any]])[0]["packets"] as? Int)
        // lacp-l34: both hosts, direction inferred, nothing unknown; what A sends B receives.
        let lacp = members(try report("lacp-l34"))
        for i in 0..<2 {
            XCTAssertEqual(count(lacp["A/eth\(i)"], "sent"), count(lacp["B/eth\(i)"], "received"))
            XCTAssertEqual(count(lacp["A/eth\(i)"], "unknown_direction"), 0)
        }
    }
}
