import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TestSupport
import XCTest

/// The per-host migration answer counts every migration stream, also those past the
/// `migration_streams_listed` the report lists one by one (which get no full flow report).
final class MigrationAnswerTests: XCTestCase {
    /// 250 Hyper-V migration streams from one host with two members: the even ones split
    /// packet by packet over both members, the odd ones pinned to eth0. Smaller streams have
    /// lower numbers, so the 50 streams not listed hold 25 of each kind.
    func testStreamsPastTheListedOnesCount() throws {
        let dir = try TestEnvironment.temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/A", withIntermediateDirectories: true)
        let hostMAC = MACAddress(rawValue: 0x02_00_00_00_0A_01), peerMAC = MACAddress(rawValue: 0x02_00_00_00_0B_01)
        var eth0: [(Int64, FrameBuilder.Frame)] = [], eth1: [(Int64, FrameBuilder.Frame)] = []
        for k in 0..<250 {
            for p in 0..<4 {
                let frame = FrameBuilder.tcp(srcMAC: hostMAC, dstMAC: peerMAC, src: IPAddress("192.0.2.1")!, dst: IPAddress("192.0.2.2")!,
                                             sport: UInt16(40_000 + k), dport: 6600, seq: UInt32(1 + p * (100 + k)), ack: 1,
                                             flags: .ack, payload: 100 + k, ipID: UInt16(k * 4 + p))
                let t = 1_000_000_000 + Int64(k * 4 + p) * 10_000
                if k % 2 == 0 && p % 2 == 1 { eth1.append((t, frame)) } else { eth0.append((t, frame)) }
            }
        }
        for (name, packets) in [("eth0", eth0), ("eth1", eth1)] {
            let w = try CaptureWriter(path: "\(dir)/A/\(name).pcap", format: .pcap(nanoseconds: true), interfaces: [.init(name: name, snapLength: 128)])
            for (t, f) in packets { w.write(timestamp: t, bytes: f.bytes, wireLength: f.wireLength) }
            w.close()
        }
        let report = try TeamAnalyzer(specs: [CaptureSpec(path: dir + "/A/eth0.pcap"), CaptureSpec(path: dir + "/A/eth1.pcap")],
                                      options: AnalysisOptions()).run()
        XCTAssertEqual(report.flowSummary.migrationStreams, 250)
        XCTAssertEqual(report.flowSummary.migrationStreamsListed, 200)
        let answer = try XCTUnwrap(report.hosts.first?.migration)
        XCTAssertEqual(answer.streams, 250)
        XCTAssertEqual(answer.pinned, 125)
        XCTAssertEqual(answer.split, 125)
        XCTAssertEqual(Array(answer.byMember.values), [125])
        XCTAssertFalse(answer.allPinned)
        // The examples are the largest split streams, with both members' halves.
        XCTAssertEqual(answer.splitExamples?.map(\.srcPort), [40_248, 40_246, 40_244, 40_242])
        XCTAssertEqual(answer.splitExamples?.first?.shares.values.sorted(), [0.5, 0.5])
        // The listed streams' own verdicts agree with the answer's count of them.
        XCTAssertEqual(report.migrationStreams.filter(\.pinned).count, 100)
    }
}
