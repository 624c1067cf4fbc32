import PacketWire
import TeamingModels
import XCTest

/// The registry is the one list of models: inference scores exactly its models in its order,
/// `simulate`'s policies and claims' names come from it, and each model says which layer-2
/// fields it reads.
final class ModelRegistryTests: XCTestCase {
    func testNamesAreUniqueAndKnown() {
        let names = ModelRegistry.names.map(\.rawValue)
        XCTAssertEqual(names, ["linux/layer2", "linux/layer2+3", "linux/layer3+4", "linux/encap2+3", "linux/encap3+4", "linux/vlan+srcmac",
                               "linux/round-robin", "linux/active-backup", "windows/transport-ports", "windows/dynamic",
                               "windows/ip-addresses", "windows/mac-addresses", "windows/hyperv-port",
                               "linux/balance-tlb", "linux/balance-alb"])
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertTrue(ModelName("linux/layer3+4").isKnown)
        XCTAssertFalse(ModelName("linux/layer9").isKnown)
        XCTAssertEqual(ModelName("linux/layer3+4").linuxHashPolicy, .layer34)
        XCTAssertNil(ModelName("linux/round-robin").linuxHashPolicy)
        for p in Simulator.policies { XCTAssertTrue(p.isKnown, "\(p)") }
    }

    func testLayer2Needs() {
        func needs(_ n: String) -> SampledFrame.Layer2 { ModelRegistry.model(ModelName(n))!.layer2Needed }
        XCTAssertEqual(needs("linux/layer2"), .all)
        XCTAssertEqual(needs("linux/layer2+3"), .all)
        XCTAssertEqual(needs("linux/layer3+4"), [])
        XCTAssertEqual(needs("linux/vlan+srcmac"), .sourceMAC)
        XCTAssertEqual(needs("windows/mac-addresses"), .all)
        XCTAssertEqual(needs("windows/hyperv-port"), .sourceMAC)
        XCTAssertEqual(needs("windows/ip-addresses"), [])
    }

    /// Frames without a destination MAC (SLL): exactly the models reading it are undecidable,
    /// and ranking scores every other model.
    func testRankingLeavesOutWhatTheCaptureCannotScore() {
        var frame = [UInt8](repeating: 0, count: 54)
        frame[6] = 2; frame[11] = 1; frame[12] = 0x08; frame[14] = 0x45
        let sampled = SampledFrame(ethernet: frame, linkType: .linuxSLL, known: .sourceMAC)
        let samples = (0..<4).map { k in
            FlowSample(frame: sampled, sourceMAC: 0x02_00_00_00_00_01, destinationMAC: 0, source: IPAddress("192.0.2.1")!,
                       destination: IPAddress("192.0.2.\(10 + k)")!, packets: 20, memberBytes: k % 2 == 0 ? [100, 0] : [0, 100], firstMember: k % 2)
        }
        let undecidable = ModelInference.undecidable(samples: samples)
        XCTAssertEqual(undecidable.map(\.model.rawValue), ["linux/layer2", "linux/layer2+3", "linux/encap2+3", "windows/mac-addresses"])
        XCTAssertTrue(undecidable.allSatisfy { $0.missing == .destinationMAC && $0.linkTypes == [.linuxSLL] })
        let ranked = Set(ModelInference.rank(samples: samples, memberNames: ["eth0", "eth1"]).map(\.model))
        XCTAssertEqual(ranked, Set(ModelRegistry.names).subtracting(undecidable.map(\.model)))
    }
}
