import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TeamingModels
import TestSupport
import XCTest

/// Direction from one host's own member captures, no option (issue 21, items 2 and 5): what the
/// capture shows decides (checksums left to the NIC, the LACP actor that sends data, a peer's
/// frames flooded to every member, one address sent from several members' MACs), and when
/// nothing does the team is judged under each hypothesis — never a table of zeros.
final class OneHostDirectionTests: XCTestCase {
    /// The README's first command on the lacp-l34 sample's A files alone: both bonds are the
    /// same, so every hypothesis gives 802.3ad layer3+4; it said "direction unknown" and judged
    /// nothing before.
    func testLACPSampleAloneIsJudgedUnderBothHypotheses() throws {
        let files = ["eth0", "eth1"].map { CaptureSpec(path: TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/\($0).pcap") }
        let report = try TeamAnalyzer(specs: files, options: AnalysisOptions()).run()
        let host = try XCTUnwrap(report.hosts.first)
        XCTAssertEqual(host.direction.method, .inferred)
        XCTAssertEqual(host.direction.hypotheses?.count, 2)
        XCTAssertEqual(Set(host.direction.hypotheses?.map(\.localMacs) ?? []), [["02:00:00:00:0a:01"], ["02:00:00:00:0b:01"]])
        for h in host.direction.hypotheses ?? [] {
            XCTAssertEqual(h.family, .linux8023ad)
            XCTAssertEqual(h.model, "linux/layer3+4")
        }
        let v = try XCTUnwrap(host.team)
        XCTAssertEqual(v.family, .linux8023ad)
        XCTAssertEqual(v.model, .linux(.layer34))
        XCTAssertLessThanOrEqual(v.confidence, .medium, "judged both ways: no more than medium")
        XCTAssertEqual(v.wouldDecide.first, .localMAC)
        XCTAssertTrue(report.members.allSatisfy { $0.sent.packets > 0 && $0.unknownDirection.packets == 0 })
    }

    /// Frames the host sent carry checksums left to the NIC (zero here), the peer's are right:
    /// that decides, though both MACs send on both members.
    func testChecksumsLeftToTheNICDecide() throws {
        let dir = try TestEnvironment.temporaryFolder("checksum")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let host = MACAddress(rawValue: 0x02_00_00_00_0C_01), peer = MACAddress(rawValue: 0x02_00_00_00_0C_02)
        let hostIP = IPAddress("192.0.2.1")!, peerIP = IPAddress("192.0.2.2")!
        for (m, name) in ["eth0", "eth1"].enumerated() {
            let w = try CaptureWriter(path: "\(dir)/\(name).pcap", format: .pcap(nanoseconds: false), interfaces: [.init(name: name, snapLength: 65_535)])
            for i in 0..<40 {
                let t = 1_000_000_000 + Int64(i) * 1_000_000 + Int64(m) * 300
                var sent = FrameBuilder.tcp(srcMAC: host, dstMAC: peer, src: hostIP, dst: peerIP, sport: UInt16(40_000 + m * 100 + i),
                                            dport: 5001, seq: 1, ack: 1, flags: [.ack], payloadBytes: [UInt8](repeating: 7, count: 101), ipID: UInt16(i))
                XCTAssertEqual(sent.bytes.withUnsafeBytes { TransportChecksum.check($0, PacketDecoder.decode($0, linkType: .ethernet)) }, .valid)
                sent.bytes[14 + 20 + 16] = 0
                sent.bytes[14 + 20 + 17] = 0
                XCTAssertEqual(sent.bytes.withUnsafeBytes { TransportChecksum.check($0, PacketDecoder.decode($0, linkType: .ethernet)) }, .invalid)
                let received = FrameBuilder.tcp(srcMAC: peer, dstMAC: host, src: peerIP, dst: hostIP, sport: 5001,
                                                dport: UInt16(40_000 + m * 100 + i), seq: 1, ack: 102, flags: [.ack], payloadBytes: [], ipID: UInt16(i))
                w.write(timestamp: t, bytes: sent.bytes, wireLength: sent.wireLength)
                w.write(timestamp: t + 50_000, bytes: received.bytes, wireLength: received.wireLength)
            }
            w.close()
        }
        let report = try TeamAnalyzer(specs: ["eth0", "eth1"].map { CaptureSpec(path: "\(dir)/\($0).pcap") }, options: AnalysisOptions()).run()
        let d = try XCTUnwrap(report.hosts.first?.direction)
        XCTAssertEqual(d.localMacs, [host.description], "\(String(describing: d.basis))")
        XCTAssertEqual(d.confidence, .medium)
        guard case .captureSignals(_, let signals)? = d.basis else { return XCTFail("\(String(describing: d.basis))") }
        XCTAssertTrue(signals.contains(.checksumsLeftToNIC(invalid: 80, checked: 80, otherChecked: 80)), "\(signals)")
        XCTAssertNil(d.hypotheses)
    }

    /// Behind a switch, the LACP actor system that also sends data on every member is the host's
    /// (the switch's own system sends none), and the verdict is 802.3ad with the exact hash.
    func testLACPActorBehindASwitchDecides() throws {
        let dir = try TestEnvironment.temporaryFolder("lacp-switch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = CalibrationScenario(mode: .ieee8023ad, policy: .layer34, members: 3, flows: 40, peer: .switch, seed: 7)
        let report = try TeamAnalyzer(specs: try s.write(to: dir).map { CaptureSpec(path: $0) }, options: AnalysisOptions()).run()
        let host = try XCTUnwrap(report.hosts.first)
        XCTAssertEqual(host.direction.localMacs, [s.localMACs[0].description], "\(String(describing: host.direction.basis))")
        guard case .captureSignals(_, let signals)? = host.direction.basis else { return XCTFail("\(String(describing: host.direction.basis))") }
        XCTAssertTrue(signals.contains(.lacpActor(system: s.localMACs[0].description)), "\(signals)")
        XCTAssertEqual(host.team?.family, .linux8023ad)
        XCTAssertEqual(host.team?.model, .linux(.layer34))
    }

    /// Item 5: balance-tlb and balance-alb behind a switch, host A's member files alone. The
    /// peer's ARP request reaches every member (flooded): it is the peer's; A's members send
    /// with their own MACs from one address: A's. Family and switch part right; alb told from
    /// tlb by the ARP replies each member sends with its own MAC.
    func testBalanceTLBAndALBBehindASwitch() throws {
        for mode in [BondMode.balanceTLB, .balanceALB] {
            for members in [2, 3] {
                let dir = try TestEnvironment.temporaryFolder("tlb-switch")
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let s = CalibrationScenario(mode: mode, members: members, flows: 40, peer: .switch, seed: 11)
                let report = try TeamAnalyzer(specs: try s.write(to: dir).map { CaptureSpec(path: $0) }, options: AnalysisOptions()).run()
                let host = try XCTUnwrap(report.hosts.first)
                XCTAssertEqual(Set(host.direction.localMacs), Set(s.localMACs.map(\.description)), "\(s.name): \(String(describing: host.direction.basis))")
                let v = try XCTUnwrap(host.team, s.name)
                XCTAssertEqual(v.family, s.family, "\(s.name): \(v)")
                XCTAssertEqual(v.switchPart, .independent, s.name)
                XCTAssertEqual(v.model, s.model, s.name)
            }
        }
    }
}
