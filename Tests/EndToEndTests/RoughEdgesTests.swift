import Foundation
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
}
