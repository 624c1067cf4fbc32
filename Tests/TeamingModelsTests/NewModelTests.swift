import PacketWire
@testable import TeamingModels
import XCTest

/// A new teaming model is one file (`DestinationPortModel`, in this test target only) plus one
/// registry line: with it registered, inference scores it and the verdict takes its family,
/// switch part and contradictions from it, with no other code naming it.
final class NewModelTests: XCTestCase {
    /// The one registry line.
    let registry = ModelRegistry(ModelRegistry.standard.models + [DestinationPortModel()])

    /// Flows to ports 6600… on member `port % 2`, all with the team's one MAC; the frames are
    /// alike, so no standard hash tells them apart.
    func samples(_ n: Int) -> [FlowSample] {
        (0..<n).map { k in
            let port = 6600 + k
            var bytes = [0, 0]
            bytes[port % 2] = 1000
            var s = FlowSample(frame: SampledFrame(ethernet: [UInt8](repeating: 0, count: 54)), sourceMAC: 0x02_00_00_00_00_01,
                               destinationMAC: 0x02_00_00_00_00_02, source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.2")!,
                               packets: 20, memberBytes: bytes, firstMember: port % 2)
            s.label = .init(protocol: .tcp, src: "192.0.2.1", srcPort: 40000 + k, dst: "192.0.2.2", dstPort: port, firstNs: Int64(k))
            return s
        }
    }

    func evidence() -> TeamEvidence {
        var e = TeamEvidence(members: ["eth0", "eth1"])
        e.macs = .shared(macs: ["02:00:00:00:00:01"])
        e.receive = .spread(members: 2)
        e.spanNs = 60_000_000_000
        return e
    }

    func testTheStandardRegistryDoesNotKnowIt() {
        XCTAssertFalse(ModelRegistry.standard.names.contains(ModelName("lab/destination-port")))
        XCTAssertTrue(registry.names.contains(ModelName("lab/destination-port")))
    }

    func testInferenceScoresItAndTheVerdictTakesItsMeaning() throws {
        let s = samples(24)
        let fits = ModelInference.rank(samples: s, memberNames: ["eth0", "eth1"], registry: registry)
        XCTAssertEqual(fits.first?.model, ModelName("lab/destination-port"), "the exact hash that explains every flow ranks first")
        XCTAssertEqual(fits.first?.flowsConsistent, 24)
        let (verdict, ranked) = VerdictJudge.judge(fits: fits, samples: s, evidence: evidence(), registry: registry)
        XCTAssertEqual(verdict.model, ModelName("lab/destination-port"))
        XCTAssertEqual(verdict.family, .linuxBalanceXOR, "its own families(): an exact Linux hash without LACPDUs")
        XCTAssertEqual(verdict.switchPart, .static, "its own switchPart()")
        XCTAssertEqual(verdict.confidence, .high)
        XCTAssertEqual(ranked.first?.model, ModelName("lab/destination-port"))
        // The consistency rules it implies are not needed beside it.
        let transportPorts = verdict.ruledOut.first { $0.model == .windowsTransportPorts }
        XCTAssertEqual(transportPorts?.reason, .exactHashFits(model: ModelName("lab/destination-port"), chance: fits[0].chanceFit!))

        // With LACPDUs from the host, the same model is 802.3ad.
        var lacp = evidence()
        lacp.lacp.sentOn = ["eth0", "eth1"]
        let (withLACP, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: lacp, registry: registry)
        XCTAssertEqual(withLACP.family, .linux8023ad)
        XCTAssertEqual(withLACP.switchPart, .lacp)
    }

    func testItsOwnContradictionRulesItOut() {
        let s = samples(24)
        let fits = ModelInference.rank(samples: s, memberNames: ["eth0", "eth1"], registry: registry)
        var e = evidence()
        e.macs = .rewritten([.init(member: "eth1", mac: "02:00:00:00:00:09", address: "192.0.2.1", original: "02:00:00:00:00:01")])
        let (verdict, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: e, registry: registry)
        XCTAssertNotEqual(verdict.model, ModelName("lab/destination-port"))
        XCTAssertEqual(verdict.ruledOut.first { $0.model == ModelName("lab/destination-port") }?.reason,
                       .rewrite(member: "eth1", mac: "02:00:00:00:00:09"))
    }

    func testAWindowsAdapterRulesOutItsOperatingSystem() {
        let s = samples(24)
        let fits = ModelInference.rank(samples: s, memberNames: ["eth0", "eth1"], registry: registry)
        var e = evidence()
        e.platform = .lbfoTeamAdapter(interface: "Microsoft Network Adapter Multiplexor Driver")
        let (verdict, _) = VerdictJudge.judge(fits: fits, samples: s, evidence: e, registry: registry)
        XCTAssertEqual(verdict.ruledOut.first { $0.model == ModelName("lab/destination-port") }?.reason,
                       .windowsAdapter(interface: "Microsoft Network Adapter Multiplexor Driver"))
    }
}
