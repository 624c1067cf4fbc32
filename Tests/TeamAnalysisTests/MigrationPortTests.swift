@testable import FlowTracking
import PacketWire
@testable import TeamAnalysis
import TestSupport
import XCTest

/// A migration stream is labelled by its server's port: a Windows client's ephemeral port
/// (49152–65535) must not read as libvirt/QEMU's 49152–49215.
final class MigrationPortTests: XCTestCase {
    private func key(_ p: UInt16, _ q: UInt16) -> FlowKey {
        FlowKey(a: IPAddress("198.51.100.10")!, b: IPAddress("198.51.100.20")!, aPort: p, bPort: q, ipProtocol: 6)
    }

    func testTheServersPortNamesTheStream() {
        XCTAssertEqual(MigrationPort.reason(key(49200, 6600), extra: []), .port(.hyperV, 6600), "no SYN: a fixed port before the libvirt range")
        XCTAssertEqual(MigrationPort.reason(key(49200, 6600), server: 6600, extra: []), .port(.hyperV, 6600))
        XCTAssertEqual(MigrationPort.reason(key(51000, 49160), server: 49160, extra: []), .port(.libvirt, 49160))
        XCTAssertEqual(MigrationPort.reason(key(49160, 5001), server: 5001, extra: []), nil, "a client port in the libvirt range says nothing")
        XCTAssertEqual(MigrationPort.reason(key(49160, 5001), server: 5001, extra: [5001]), .port(.given, 5001))
    }

    /// SMB Direct over iWARP ([MS-SMBD] 2.1: TCP 5445) is labelled as such, with or without the SYN.
    func testSMBDirectOverIWARP() {
        XCTAssertEqual(MigrationPort.reason(key(49200, 5445), extra: []), .port(.smbDirect, 5445))
        XCTAssertEqual(MigrationPort.reason(key(49200, 5445), server: 5445, extra: []), .port(.smbDirect, 5445))
    }

    func testPktmonSamplesLiveMigrationIsHyperV() throws {
        let spec = CaptureSpec.parse("hv01/*=\(TestEnvironment.repositoryRoot)/Captures/windows-pktmon/hv01.pcapng")
        let r = try TeamAnalyzer(specs: [spec], options: AnalysisOptions()).run()
        let f = try XCTUnwrap(r.migrationStreams.first { $0.dstPort == 6600 })
        XCTAssertEqual(f.srcPort, 49200)
        XCTAssertEqual(f.migration, .port(.hyperV, 6600))
    }
}
