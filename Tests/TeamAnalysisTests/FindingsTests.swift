import LabTraffic
import TeamAnalysis
import TestSupport
import XCTest

/// Each finding kind on a generated capture that has the fault, and nothing on its healthy
/// twin; and no false alarm on the kernel's own captures (each scenario says what it has).
final class FindingsTests: XCTestCase {
    private func analyze(_ scenario: HealthScenario, _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> AnalysisReport {
        let dir = try TestEnvironment.temporaryFolder("health")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = AnalysisOptions()
        configure(&options)
        return try TeamAnalyzer(specs: try scenario.write(to: dir).map(CaptureSpec.parse), options: options).run()
    }

    private func kinds(_ r: AnalysisReport) -> [String] { r.findings.map { "\($0.kind.rawValue)/\($0.cause.rawValue)@\($0.host)" } }

    func testHealthyTeamRaisesNothing() throws {
        let r = try analyze(HealthScenario())
        XCTAssertEqual(r.findings.filter { $0.kind != .rssCoreShared }, [], "\(kinds(r))")
        XCTAssertEqual(r.migrationSummary.count, 1)
        let m = r.migrationSummary[0]
        XCTAssertEqual(m.hosts, ["A", "B"])
        XCTAssertEqual(m.streams, 4)
        XCTAssertEqual(m.maxConcurrent, 4)
        XCTAssertEqual(m.membersUsed, ["A": ["eth0", "eth1"], "B": ["eth0", "eth1"]])
        XCTAssertEqual(m.heldToOneMember, 4)
        // Four streams of 3 MB at 8 Mb/s each, together: about 32 Mb/s at their busiest second.
        XCTAssertEqual(m.bitsPerSecondPeak, 32e6, accuracy: 3e6)
        XCTAssertLessThanOrEqual(m.bitsPerSecondAvg, m.bitsPerSecondPeak)
    }

    func testJumboFramesOnOneMember() throws {
        var s = HealthScenario()
        s.mss = [0: 8948]
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.kind == .mtuMismatch && $0.host == "A" }, "\(kinds(r))")
        XCTAssertEqual(f.cause, .jumboOnSomeMembers)
        XCTAssertEqual(f.severity, .problem)
        XCTAssertEqual(f.members, ["eth0", "eth1"])
        XCTAssertGreaterThan(f.figures.values["jumbo_packets"]?.map?["eth0"]?.int ?? 0, 300)
        XCTAssertEqual(f.figures.values["jumbo_packets"]?.map?["eth1"]?.int, 0)
        XCTAssertEqual(f.figures.values["largest_datagram"]?.map?["eth0"]?.int, 8988)
        // Twins: jumbo everywhere, and a capture taken with offloads on, raise nothing.
        s.mss = [0: 8948, 1: 8948]
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .mtuMismatch })
        var offload = HealthScenario()
        offload.offloadFrames = true
        offload.mss = [0: 4000]
        let o = try analyze(offload)
        XCTAssertFalse(o.findings.contains { $0.kind == .mtuMismatch }, "\(kinds(o))")
        XCTAssertEqual(o.members.first { $0.host == "A" && $0.name == "eth1" }?.health.offloadPackets, 1)
    }

    func testJumboSegmentsRetransmittedWhileSmallOnesGetThrough() throws {
        var s = HealthScenario()
        s.jumboDropped = true
        s.mss = [1: 8948]  // both members send jumbo frames: only the path drops member 0's
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.cause == .largeSegmentsRetransmitted }, "\(kinds(r))")
        XCTAssertEqual(f.host, "A")
        XCTAssertEqual(f.members, ["eth0"])
        let retransmitted = f.figures.values["large_retransmissions"]?.map?["eth0"]?.int ?? 0
        let large = f.figures.values["jumbo_packets"]?.map?["eth0"]?.int ?? 0
        XCTAssertEqual(Double(retransmitted), Double(large) * 2 / 3, accuracy: 2, "two of every three copies are retransmissions")
        s.jumboDropped = false
        s.mss = [0: 8948, 1: 8948]
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .mtuMismatch })
    }

    func testSYNsAnnouncingDifferentMTUs() throws {
        var s = HealthScenario()
        s.synMSS = [0: 8960, 1: 1460]
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.kind == .mtuMismatch && $0.cause == .mssDiffers && $0.host == "A" }, "\(kinds(r))")
        XCTAssertEqual(f.figures.values["mss_mtu"]?.map?["eth0"]?.int, 9000)
        XCTAssertEqual(f.figures.values["mss_mtu"]?.map?["eth1"]?.int, 1500)
        XCTAssertEqual(r.members.first { $0.host == "B" && $0.name == "eth0" }?.health.receivedMSSMTUs, [9000])
        s.synMSS = [0: 1460, 1: 1460]
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .mtuMismatch })
    }

    func testFragmentationNeededNamesTheMTU() throws {
        var s = HealthScenario()
        s.fragmentationNeeded = 1400
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.cause == .tooBigMessages && $0.host == "A" }, "\(kinds(r))")
        XCTAssertEqual(f.members, ["eth0"])
        XCTAssertEqual(f.figures.values["mtus"], .list([.int(1400)]))
        XCTAssertEqual(f.figures.values["messages"], .int(1))
    }

    func testMembersInDifferentVLANs() throws {
        var s = HealthScenario()
        s.vlan = [0: 10, 1: 20]
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.kind == .vlanMismatch && $0.host == "A" }, "\(kinds(r))")
        XCTAssertEqual(f.figures.values["vlans"]?.map?["eth0"], .list([.int(10)]))
        XCTAssertEqual(f.figures.values["vlans"]?.map?["eth1"], .list([.int(20)]))
        s.vlan = [1: 20]
        XCTAssertTrue(try analyze(s).findings.contains { $0.kind == .vlanMismatch }, "one tagged, one untagged")
        s.vlan = [0: 10, 1: 10]
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .vlanMismatch })
    }

    func testSilentMemberAndItsCeiling() throws {
        var s = HealthScenario()
        s.allOnMember0 = true
        let r = try analyze(s)
        let silent = r.findings.filter { $0.kind == .memberSilent }
        XCTAssertEqual(silent.map(\.host), ["A", "B"], "\(kinds(r))")
        XCTAssertEqual(silent.map(\.members), [["eth1"], ["eth1"]])
        XCTAssertEqual(silent.first?.cause, .noData, "LACPDUs alone are not data")
        XCTAssertEqual(silent.first?.severity, .warning)
        XCTAssertEqual(r.migrationSummary.first?.membersUnused, ["A": ["eth1"], "B": ["eth1"]])
        // With link speeds: member 0 runs at its speed while member 1 has room.
        let peak = try XCTUnwrap(r.members.first { $0.host == "A" && $0.name == "eth0" }).sent.peakBitsPerSecond
        let capped = try analyze(s) { $0.linkSpeeds = ["A/eth0": peak * 1.05, "A/eth1": 1e9] }
        let ceiling = try XCTUnwrap(capped.findings.first { $0.kind == .singleMemberCeiling }, "\(kinds(capped))")
        XCTAssertEqual(ceiling.host, "A")
        XCTAssertEqual(ceiling.members, ["eth0"])
        XCTAssertEqual(ceiling.figures.values["with_room"], .list([.text("eth1")]))
        let roomy = try analyze(s) { $0.linkSpeeds = ["eth0": 10e9, "eth1": 10e9] }
        XCTAssertFalse(roomy.findings.contains { $0.kind == .singleMemberCeiling })
    }

    /// A member's speed from what the SMB server advertised for the address its flows used;
    /// --link-speed wins.
    func testLinkSpeedFromTheSMBServersAdvertisement() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/"
        let specs = ["A/NIC1", "A/NIC2", "B/NIC1", "B/NIC2"].map { CaptureSpec.parse("\($0)=\(root)\($0).pcap.gz") }
        let r = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
        let b = r.members.filter { $0.host == "B" }
        XCTAssertEqual(b.map(\.linkSpeed), [20e9, 20e9], "the server 198.51.100.12 advertised 20 Gb/s")
        XCTAssertEqual(b.map(\.linkSpeedSource), [.smb, .smb])
        XCTAssertEqual(r.members.filter { $0.host == "A" }.compactMap(\.linkSpeed), [], "the client advertises nothing")
        var given = AnalysisOptions()
        given.linkSpeeds = ["B/NIC1": 10e9]
        let g = try TeamAnalyzer(specs: specs, options: given).run().members.first { $0.host == "B" && $0.name == "NIC1" }
        XCTAssertEqual(g?.linkSpeed, 10e9)
        XCTAssertEqual(g?.linkSpeedSource, .option)
    }

    func testOutageIsACaptureGap() throws {
        var s = HealthScenario()
        s.outage = 500_000_000..<3_000_000_000
        let r = try analyze(s)
        let gaps = r.findings.filter { $0.kind == .captureGap }
        XCTAssertEqual(gaps.map(\.host), ["A", "B"], "\(kinds(r))")
        XCTAssertEqual(gaps.first?.members, ["eth1"])
        XCTAssertEqual(gaps.first?.figures.values["seconds"]?.number ?? 0, 2.5, accuracy: 0.25)
        XCTAssertGreaterThan(gaps.first?.figures.values["teammates_bytes"]?.int ?? 0, 1_000_000)
        // A short hiccup is not a gap.
        s.outage = 500_000_000..<1_200_000_000
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .captureGap })
    }

    func testLACPPortLeavingAndRejoiningIsChurn() throws {
        var s = HealthScenario()
        s.lacpFlapSecond = 2
        let r = try analyze(s)
        let churn = r.findings.filter { $0.cause == .lacpChurn }
        XCTAssertEqual(churn.map(\.host), ["A", "B"], "\(kinds(r))")
        XCTAssertEqual(churn.first?.members, ["eth1"])
        XCTAssertEqual(churn.first?.figures.values["left"], .int(2), "the host's own port and its partner's, both seen on the member")
        XCTAssertEqual(churn.first?.figures.values["rejoined"], .int(2))
        let port = try XCTUnwrap(r.members.first { $0.host == "A" && $0.name == "eth1" }?.health.lacpPorts.first)
        XCTAssertEqual(port.lacpdus, 5)
        XCTAssertEqual(port.distributing, true)
        XCTAssertEqual(port.leftAtNs.count, 1)
        // The healthy twin's ports never left.
        XCTAssertFalse(try analyze(HealthScenario()).findings.contains { $0.cause == .lacpChurn })
    }

    func testCaptureDrops() throws {
        var s = HealthScenario()
        s.drops = 17
        let r = try analyze(s)
        let f = try XCTUnwrap(r.findings.first { $0.kind == .drops }, "\(kinds(r))")
        XCTAssertEqual(f.host, "A")
        XCTAssertEqual(f.members, ["eth0"])
        XCTAssertEqual(f.figures.values["drops"], .int(17))
        s.drops = nil
        XCTAssertFalse(try analyze(s).findings.contains { $0.kind == .drops })
    }

    /// One host's captures with no option: which host sent what is unknown, and the receiver of
    /// the streams is not captured. The finding still belongs to the captured host (it named the
    /// receiver's address before, so no host's summary counted it while --fail-on did).
    func testRSSFindingBelongsToACapturedHostWhenTheDirectionIsUnknown() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/A/"
        let specs = ["NIC1", "NIC2"].map { CaptureSpec(path: root + $0 + ".pcap.gz") }
        let r = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
        let rss = r.findings.filter { $0.kind == .rssCoreShared }
        XCTAssertFalse(rss.isEmpty)
        let hosts = Set(r.hosts.map(\.name))
        for f in rss { XCTAssertTrue(hosts.contains(f.host), "\(f.host) is not a host of the report: \(hosts)") }
    }

    func testRSSSharedQueueIsInformation() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34/"
        let specs = ["A/eth0", "A/eth1", "B/eth0", "B/eth1"].map { CaptureSpec.parse("\($0)=\(root)\($0).pcap") }
        let r = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
        let f = try XCTUnwrap(r.findings.first { $0.kind == .rssCoreShared })
        XCTAssertEqual(f.severity, .info)
        XCTAssertEqual(f.host, "B", "the receiver of the streams' data")
        XCTAssertEqual(f.figures.values["streams"]?.list?.count, r.rssCollisions.first?.streams.count)
        var off = AnalysisOptions()
        off.rssQueues = 0
        XCTAssertFalse(try TeamAnalyzer(specs: specs, options: off).run().findings.contains { $0.kind == .rssCoreShared })
    }

    /// The real kernel: no mtu, vlan, silent-member or gap finding except where the scenario has
    /// one — active-backup's standby members (information), the failover scenario's downed member
    /// (a capture gap of about 2.75 s on both hosts' member 1).
    func testKernelScenariosRaiseOnlyWhatTheyHave() throws {
        let root = try TestEnvironment.corpus("kernel-bonding")
        for scenario in ["lacp_l34", "rr", "ab", "lacp_l34_failover", "lacp_l34_offload"] {
            let d = "\(root)/\(scenario)/pcap/"
            let specs = ["A/vethA0=\(d)A_vethA0.pcap", "A/vethA1=\(d)A_vethA1.pcap", "B/vethB0=\(d)B_vethB0.pcap",
                         "B/vethB1=\(d)B_vethB1.pcap", "A/bond0=\(d)A_bond0.pcap"].map(CaptureSpec.parse)
            let r = try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
            let watched: Set<FindingKind> = [.mtuMismatch, .vlanMismatch, .memberSilent, .captureGap]
            let found = r.findings.filter { watched.contains($0.kind) }.map { "\($0.kind.rawValue)/\($0.cause.rawValue)@\($0.host)/\($0.members.joined())" }
            switch scenario {
            case "ab": XCTAssertEqual(found, ["member_silent/standby@A/vethA1", "member_silent/standby@B/vethB1"], scenario)
            case "lacp_l34_failover":
                XCTAssertEqual(found, ["capture_gap/quiet_stretch@A/vethA1", "capture_gap/quiet_stretch@B/vethB1"], scenario)
                let gap = try XCTUnwrap(r.findings.first { $0.kind == .captureGap })
                XCTAssertEqual(gap.figures.values["seconds"]?.number ?? 0, 2.75, accuracy: 0.2)
                // LACP saw the same outage: the port's LACPDUs stopped, then it rejoined.
                XCTAssertGreaterThan(gap.figures.values["lacp_silence_seconds"]?.number ?? 0, 2.75)
                XCTAssertEqual(gap.figures.values["lacp_rejoined_ns"]?.list?.count, 2)
            default: XCTAssertEqual(found, [], scenario)
            }
        }
    }

    /// The samples in Captures/ are healthy teams.
    func testSamplesRaiseNoFaultFinding() throws {
        for sample in SampleCaptures.samples {
            let args = sample.arguments.map { $0.replacingOccurrences(of: "Captures/", with: TestEnvironment.repositoryRoot + "/Captures/") }
            let r = try TeamAnalyzer(specs: args.map(CaptureSpec.parse), options: AnalysisOptions()).run()
            let faults = r.findings.filter { [.mtuMismatch, .vlanMismatch, .memberSilent, .captureGap, .drops].contains($0.kind) }
            XCTAssertEqual(faults, [], sample.name)
        }
    }
}
