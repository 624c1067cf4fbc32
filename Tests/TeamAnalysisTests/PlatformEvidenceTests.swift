import PacketWire
@testable import TeamAnalysis
@testable import TeamingModels
import XCTest

/// The platform as the capture tells it (issue 21, item 3): the initial TTL the host sent with,
/// its EUI-64 link-local address and pktmon's component interfaces, weighed together; a known
/// platform rules the other operating system's models out, contradicting signals leave it unknown.
final class PlatformEvidenceTests: XCTestCase {
    private struct Judge {
        func fit(_ model: ModelName, _ consistent: Int, of total: Int = 20, chance: Double? = nil, keys: Int? = nil) -> ModelFit {
            var f = ModelFit(model: model, flowsConsistent: consistent, flowsTotal: total, bytesConsistent: consistent * 1000, bytesTotal: total * 1000,
                             memberOrder: model.linuxHashPolicy != nil ? ["eth0", "eth1"] : nil, orderUnique: nil, chanceFit: chance, note: .exactHash)
            f.distinctKeys = keys
            return f
        }

        func samples(_ n: Int) -> [FlowSample] {
            (0..<n).map { k in
                var bytes = [0, 0]
                bytes[k % 2] = 1000
                return FlowSample(frame: SampledFrame(ethernet: [UInt8](repeating: UInt8(k), count: 54)), sourceMAC: 0x02_00_00_00_00_01,
                                  destinationMAC: 0x02_00_00_00_00_02, source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.\(2 + k % 5)")!,
                                  packets: 20, memberBytes: bytes, firstMember: k % 2)
            }
        }
    }

    private let judge = Judge()

    /// A switch-independent Address Hash team whose flows a lucky balance-tlb reading fits as
    /// well (the case: it ranked linux/balance-tlb first).
    private func windowsLikeEvidence() -> TeamEvidence {
        var e = TeamEvidence(members: ["NIC1", "NIC2"])
        e.macs = .rewritten([.init(member: "NIC2", mac: "02:00:00:00:00:02", address: "192.0.2.1", original: "02:00:00:00:00:01")])
        e.receive = .oneMember("NIC1")
        return e
    }

    private var fits: [ModelFit] {
        [judge.fit(.linuxBalanceTLB, 20), judge.fit(.windowsTransportPorts, 20), judge.fit(.windowsDynamic, 19)]
    }

    func testTTL128RulesOutTheLinuxModes() {
        var e = windowsLikeEvidence()
        let (before, _) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertEqual(before.platform.os, nil)
        XCTAssertFalse(before.ruledOut.contains { $0.model == .linuxBalanceTLB && !$0.reason.isFit })
        e.sentTTL128 = 240
        let (v, ranked) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertEqual(v.platform.os, .windows)
        XCTAssertEqual(v.platform.evidence, [.initialTTL(value: 128, packets: 240)])
        XCTAssertEqual(v.family, .windowsLBFO)
        XCTAssertEqual(v.model, .windowsTransportPorts)
        XCTAssertEqual(v.ruledOut.first { $0.model == .linuxBalanceTLB }?.reason, .initialTTL(value: 128, packets: 240))
        XCTAssertEqual(ranked.last?.model, .linuxBalanceTLB)
        XCTAssertTrue(v.evidence.contains(.initialTTL(value: 128, packets: 240)))
    }

    func testTTL64RulesOutTheWindowsModes() {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.macs = .shared(macs: ["02:00:00:00:00:01"])
        e.sentTTL64 = 500
        let fits = [judge.fit(.windowsTransportPorts, 20), judge.fit(.linux(.layer34), 20, chance: 1e-6, keys: 20)]
        let (v, _) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertEqual(v.platform.os, .linux)
        XCTAssertEqual(v.ruledOut.first { $0.model == .windowsTransportPorts }?.reason, .initialTTL(value: 64, packets: 500))
    }

    /// Values that disagree (a host sending both 64 and 128, or a TTL against the EUI-64 tell)
    /// say nothing: no model is ruled out by the platform.
    func testContradictingSignalsLeaveThePlatformUnknown() {
        var e = windowsLikeEvidence()
        e.sentTTL128 = 240
        e.sentTTL64 = 3
        var (v, _) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertNil(v.platform.os)
        XCTAssertTrue(v.platform.contradicted)
        XCTAssertFalse(v.ruledOut.contains { $0.model == .linuxBalanceTLB && !$0.reason.isFit }, "\(v.ruledOut)")

        e.sentTTL64 = 0
        e.eui64LinkLocal = "fe80::ff:fe00:1"
        (v, _) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertNil(v.platform.os)
        XCTAssertEqual(v.platform.evidence, [.eui64LinkLocal(address: "fe80::ff:fe00:1"), .initialTTL(value: 128, packets: 240)])
    }

    /// pktmon's components exist only on Windows: they settle the platform whatever the TTL.
    func testAComponentInterfaceSettlesIt() {
        var e = windowsLikeEvidence()
        e.platform = .lbfoTeamAdapter(interface: "Team1")
        e.sentTTL64 = 10
        let (v, _) = VerdictJudge.judge(fits: fits, samples: judge.samples(20), evidence: e)
        XCTAssertEqual(v.platform.os, .windows)
        XCTAssertEqual(v.ruledOut.first { $0.model == .linuxBalanceTLB }?.reason, .windowsAdapter(interface: "Team1"))
    }
}
