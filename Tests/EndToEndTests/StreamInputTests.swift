import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// Inputs that can be read only once — standard input (`-`), a FIFO — are opened once: the
/// evidence pass's first look is kept and read again, so `tcpdump -w - | teamscope analyze -`
/// gives what the same file gives (a FIFO used to be opened twice and hang, or be read from
/// its middle).
final class StreamInputTests: XCTestCase {
    private func figures(_ r: ReportDocument) -> [String] {
        r.members.map { "\($0.name) \($0.packets) \($0.sent.packets) \($0.received.packets) \($0.unknownDirection.packets)" }
            + r.flows.map { "\($0.src):\($0.srcPort)>\($0.dst):\($0.dstPort) \($0.packets) \($0.bytes) \($0.retransmissions)" }
            + r.inference.map { "\($0.host) \($0.model) \($0.flowsConsistent)" }
    }

    func testStandardInputReadsLikeTheFile() throws {
        for file in ["lacp-l34/A/eth0.pcap", "balance-rr/eth0.pcap.gz", "windows-pktmon/hv01.pcapng"] {
            let path = TestEnvironment.repositoryRoot + "/Captures/" + file
            let piped = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "-"], stdin: path)
            XCTAssertEqual(piped.status, 0, piped.stderr)
            let direct = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", path])
            let a = try JSONReport.parse(piped.stdout), b = try JSONReport.parse(direct.stdout)
            XCTAssertEqual(a.packetsRead, b.packetsRead, file)
            XCTAssertEqual(a.inputs.first?.path, "-")
            XCTAssertNil(a.inputs.first?.error, file)
            // Members are named by the argument: "-" instead of the file's stem.
            XCTAssertEqual(a.members.map(\.packets), b.members.map(\.packets), file)
            XCTAssertEqual(a.flows.map(\.bytes), b.flows.map(\.bytes), file)
        }
    }

    func testFIFOBesideAFileReadsLikeTwoFiles() throws {
        let dir = try TestEnvironment.temporaryFolder("fifo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let source = TestEnvironment.repositoryRoot + "/Captures/balance-rr"
        try FileManager.default.createDirectory(atPath: dir + "/fifo", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/files", withIntermediateDirectories: true)
        for folder in ["fifo", "files"] {
            try FileManager.default.copyItem(atPath: source + "/eth1.pcap.gz", toPath: "\(dir)/\(folder)/eth1.pcap.gz")
        }
        try FileManager.default.copyItem(atPath: source + "/eth0.pcap.gz", toPath: dir + "/files/eth0.pcap.gz")
        XCTAssertEqual(mkfifo(dir + "/fifo/eth0.pcap.gz", 0o600), 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: source + "/eth0.pcap.gz"))
        let done = DispatchSemaphore(value: 0)
        let fifo = dir + "/fifo/eth0.pcap.gz"
        Thread {
            if let h = FileHandle(forWritingAtPath: fifo) { h.write(data); try? h.close() }
            done.signal()
        }.start()
        let viaFIFO = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", fifo, dir + "/fifo/eth1.pcap.gz"])
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success, "the FIFO writer did not finish")
        XCTAssertEqual(viaFIFO.status, 0, viaFIFO.stderr)
        let viaFiles = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", dir + "/files/eth0.pcap.gz", dir + "/files/eth1.pcap.gz"])
        let a = try JSONReport.parse(viaFIFO.stdout), b = try JSONReport.parse(viaFiles.stdout)
        XCTAssertGreaterThan(a.packetsRead, 600)
        XCTAssertEqual(figures(a), figures(b))
        XCTAssertEqual(a.hosts.map(\.direction.explanation), b.hosts.map(\.direction.explanation))
    }
}
