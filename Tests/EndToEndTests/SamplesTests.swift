import Foundation
import LabTraffic
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `Captures/` and `Reports/` are what `teamscope-samples` makes, byte for byte: the samples are
/// reproducible and the reports current (re-record on purpose with `make samples`).
final class SamplesTests: XCTestCase {
    func testSamplesAndReportsAreCurrent() throws {
        let work = try TestEnvironment.temporaryFolder("samples")
        let arguments = ["--captures", "Captures", "--reports", "Reports"]
        let r = try TestEnvironment.run(TestEnvironment.samplesBinary, arguments, in: work)
        XCTAssertEqual(r.status, 0, r.stderr)
        let repo = TestEnvironment.repositoryRoot
        var compared = 0
        for folder in ["Captures", "Reports"] {
            let enumerator = FileManager.default.enumerator(atPath: "\(work)/\(folder)")!
            while let file = enumerator.nextObject() as? String {
                var isDir: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: "\(work)/\(folder)/\(file)", isDirectory: &isDir)
                if isDir.boolValue { continue }
                let fresh = try Data(contentsOf: URL(fileURLWithPath: "\(work)/\(folder)/\(file)"))
                let kept = try? Data(contentsOf: URL(fileURLWithPath: "\(repo)/\(folder)/\(file)"))
                XCTAssertEqual(fresh, kept, "\(folder)/\(file) differs from what `make samples` writes now")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 12 + 3 * SampleCaptures.samples.count)
    }

    /// What each sample is there to show.
    func testSamplesShowWhatTheirReadmeSays() throws {
        let repo = TestEnvironment.repositoryRoot
        func report(_ name: String) throws -> ReportDocument {
            try JSONReport.parse(try String(contentsOfFile: "\(repo)/Reports/\(name).json", encoding: .utf8))
        }
        func members(_ r: ReportDocument) -> [String: MemberReport] {
            Dictionary(uniqueKeysWithValues: r.members.map { ("\($0.host)/\($0.name)", $0) })
        }
        // Switch-independent Address Hash: inbound only on the primary NIC, outbound on both.
        let windows = try report("windows-pktmon")
        let pktmon = members(windows)
        XCTAssertGreaterThan(try XCTUnwrap(pktmon["hv01/NIC1"]).received.packets, 0)
        XCTAssertEqual(try XCTUnwrap(pktmon["hv01/NIC2"]).received.packets, 0)
        XCTAssertGreaterThan(try XCTUnwrap(pktmon["hv01/NIC2"]).sent.packets, 0)
        // …and the host's receive verdict says so, with NIC2's own source MAC (the rewrite).
        let hv01 = try XCTUnwrap(windows.hosts.first)
        XCTAssertTrue(hv01.receiveVerdict?.contains("received on 1 of 2 members") == true, "\(hv01)")
        XCTAssertEqual(hv01.macRewrite?["NIC2"], ["02:00:00:00:0c:02"])
        // lacp-l34: the peer's LACP spreads inbound; every member sends with the bond's MAC.
        let lacpReport = try report("lacp-l34")
        for h in lacpReport.hosts {
            XCTAssertTrue(h.receiveVerdict?.contains("received on 2 of 2 members") == true, "\(h)")
            XCTAssertNil(h.macRewrite)
        }
        // balance-rr: the bulk stream alternates members; bond0's copies are all removed.
        let rr = try report("balance-rr")
        let rrMembers = members(rr)
        XCTAssertLessThanOrEqual(abs(try XCTUnwrap(rrMembers["host/eth0"]).sent.packets - XCTUnwrap(rrMembers["host/eth1"]).sent.packets), 1)
        XCTAssertEqual(rr.duplicatesRemoved, rr.aggregates.first?.packets)
        // lacp-l34: both hosts, direction inferred, nothing unknown; what A sends B receives.
        let lacp = members(lacpReport)
        for i in 0..<2 {
            let a = try XCTUnwrap(lacp["A/eth\(i)"]), b = try XCTUnwrap(lacp["B/eth\(i)"])
            XCTAssertEqual(a.sent.packets, b.received.packets)
            XCTAssertEqual(a.unknownDirection.packets, 0)
        }
    }
}
