import PacketWire
@testable import TeamAnalysis
@testable import TeamingModels
import XCTest

/// The weighing itself, on hand-made fits and evidence: what rules a model out, what stays tied,
/// how sure the verdict is.
final class VerdictJudgeTests: XCTestCase {
    func fit(_ model: ModelName, _ consistent: Int, of total: Int = 20, chance: Double? = nil, keys: Int? = nil) -> ModelFit {
        var f = ModelFit(model: model, flowsConsistent: consistent, flowsTotal: total, bytesConsistent: consistent * 1000, bytesTotal: total * 1000,
                         memberOrder: model.linuxHashPolicy != nil ? ["eth0", "eth1"] : nil, orderUnique: nil, chanceFit: chance, note: .exactHash)
        f.distinctKeys = keys
        return f
    }

    func samples(_ n: Int, member: (Int) -> Int = { $0 % 2 }) -> [FlowSample] {
        (0..<n).map { k in
            var bytes = [0, 0]
            bytes[member(k)] = 1000
            return FlowSample(frame: SampledFrame(ethernet: [UInt8](repeating: UInt8(k), count: 54)), sourceMAC: 0x02_00_00_00_00_01,
                              destinationMAC: 0x02_00_00_00_00_02, source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.\(2 + k % 5)")!,
                              packets: 20, memberBytes: bytes, firstMember: member(k))
        }
    }

    func testAnExactHashOnLACPIsHighConfidenceAndItsEncapTwinNoTie() {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.lacp.sentOn = ["eth0", "eth1"]
        e.macs = .shared(macs: ["02:00:00:00:00:01"])
        e.spanNs = 60_000_000_000
        let fits = [fit(.linux(.layer34), 20, chance: 1e-6, keys: 20), fit(.linux(.encap34), 20, chance: 1e-6, keys: 20),
                    fit(.windowsTransportPorts, 20), fit(.linuxActiveBackup, 10)]
        let (v, ranked) = VerdictJudge.judge(fits: fits, samples: samples(20), evidence: e)
        XCTAssertEqual(v.family, .linux8023ad)
        XCTAssertEqual(v.switchPart, .lacp)
        XCTAssertEqual(v.model, .linux(.layer34))
        XCTAssertEqual(v.confidence, .high, "encap3+4 differs only on tunnelled traffic")
        XCTAssertEqual(v.tiedModels, [.linux(.encap34)])
        XCTAssertTrue(v.wouldDecide.contains(.encapsulatedTraffic))
        XCTAssertEqual(v.ruledOut.first { $0.model == .windowsTransportPorts }?.reason, .exactHashFits(model: .linux(.layer34), chance: 1e-6))
        XCTAssertEqual(v.ruledOut.first { $0.model == .linuxActiveBackup }?.reason, .lacpSeen)
        XCTAssertEqual(ranked.first?.model, .linux(.layer34))
    }

    func testARewriteRanksTheLinuxHashBelowWhatItAllows() {
        var e = TeamEvidence(members: ["NIC1", "NIC2"])
        e.macs = .rewritten([.init(member: "NIC2", mac: "02:00:00:00:00:02", address: "192.0.2.1", original: "02:00:00:00:00:01")])
        e.receive = .oneMember("NIC1")
        // A lucky Linux hash explains as much and ranks first by specificity: the rewrite rules it out.
        let fits = [fit(.linux(.layer2), 20, chance: 0.5, keys: 1), fit(.windowsTransportPorts, 20), fit(.windowsHyperVPort, 20)]
        let (v, ranked) = VerdictJudge.judge(fits: fits, samples: samples(20), evidence: e)
        XCTAssertEqual(ranked.map(\.model), [.windowsTransportPorts, .linux(.layer2), .windowsHyperVPort])
        XCTAssertEqual(v.model, .windowsTransportPorts)
        XCTAssertEqual(v.family, .windowsLBFO)
        XCTAssertEqual(v.switchPart, .independent)
        XCTAssertEqual(v.ruledOut.first { $0.model == .windowsHyperVPort }?.reason, .rewrite(member: "NIC2", mac: "02:00:00:00:00:02"))
    }

    func testEverythingOnOneMemberFromManyKeysRulesOutBalancing() {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.macs = .oneMember("eth0")
        e.receive = .oneMember("eth0")
        let s = samples(12) { _ in 0 }
        let fits = [fit(.linuxActiveBackup, 12, of: 12), fit(.windowsTransportPorts, 12, of: 12), fit(.windowsHyperVPort, 12, of: 12)]
        let (v, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: e)
        XCTAssertEqual(v.family, .linuxActiveBackup)
        XCTAssertEqual(v.switchPart, .independent)
        XCTAssertEqual(v.ruledOut.first { $0.model == .windowsTransportPorts }?.reason, .allOnOne(member: "eth0", keys: 12))
        XCTAssertEqual(v.tiedModels, [.windowsHyperVPort], "one source MAC: Hyper-V Port with one vPort sends the same way")
        XCTAssertEqual(v.confidence, .medium)
    }

    func testNothingAllowedSaysSo() {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.platform = .lbfoTeamAdapter(interface: "Team")
        let (v, _) = VerdictJudge.judge(fits: [fit(.linux(.layer34), 20, chance: 1e-6, keys: 20)], samples: samples(20), evidence: e)
        XCTAssertNil(v.family)
        XCTAssertEqual(v.confidence, .low)
        XCTAssertEqual(v.ruledOut.map(\.reason), [.windowsAdapter(interface: "Team")])
    }

    /// Everything left on eth1 and everything arrived on eth0 while the flows went on: an
    /// active-backup bond drops what its inactive members receive, so it is ruled out.
    func testSentOnOneMemberReceivedOnAnotherIsNoActiveBackup() {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.macs = .oneMember("eth1")
        e.receive = .oneMember("eth0")
        let s = samples(12) { _ in 1 }
        let fits = [fit(.linuxActiveBackup, 12, of: 12), fit(.linux(.vlanSrcMAC), 12, of: 12, chance: 1, keys: 1)]
        let (v, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: e)
        XCTAssertEqual(v.ruledOut.first { $0.model == .linuxActiveBackup }?.reason, .receivedElsewhere(sent: "eth1", received: "eth0"))
        XCTAssertEqual(v.model, .linux(.vlanSrcMAC))
        XCTAssertEqual(v.family, .linuxBalanceXOR)
    }

    /// `tcpdump -i any` shows one member under the bond master (the backup carried nothing): a
    /// team, judged; at most medium, and the bond's configuration would decide.
    func testOneMemberUnderABondMasterIsJudged() {
        var alone = TeamEvidence(members: ["if3"])
        XCTAssertNotNil(VerdictJudge.notATeam(alone), "one member alone: not judged")
        alone.underBondMaster = true
        XCTAssertNil(VerdictJudge.notATeam(alone))
        var e = TeamEvidence(members: ["if3"])
        e.underBondMaster = true
        e.macs = .oneMember("if3")
        e.receive = .oneMember("if3")
        e.spanNs = 60_000_000_000
        let s = samples(12) { _ in 0 }.map { var x = $0; x.memberBytes = [1000]; return x }
        let fits = [fit(.linuxActiveBackup, 12, of: 12), fit(.linux(.layer34), 12, of: 12, chance: 1, keys: 12)]
        let (v, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: e)
        XCTAssertEqual(v.model, .linuxActiveBackup)
        XCTAssertEqual(v.ruledOut.first { $0.model == .linux(.layer34) }?.reason, .allOnOne(member: "if3", keys: 12))
        XCTAssertEqual(v.confidence, .medium)
        XCTAssertTrue(v.wouldDecide.contains(.bondConfiguration))
    }
}
