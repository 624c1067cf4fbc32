import PacketWire
import TeamingModels
import XCTest

/// balance-tlb / balance-alb as consistency models: per-member source MACs, flows on one member,
/// and the receive side telling the two apart.
final class AdaptiveLoadBalancingTests: XCTestCase {
    let bondMAC: UInt64 = 0x02_00_00_00_00_01, ownMAC: UInt64 = 0x02_00_00_00_00_02

    func sample(_ k: Int, member: Int, mac: UInt64, striped: Bool = false) -> FlowSample {
        var bytes = [0, 0]
        if striped { bytes = [5_000, 5_000] } else { bytes[member] = 10_000 }
        return FlowSample(frame: SampledFrame(ethernet: [UInt8](repeating: UInt8(k), count: 54)), sourceMAC: mac, destinationMAC: 0x02_00_00_00_00_10 + UInt64(k % 3),
                          source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.\(10 + k % 3)")!, packets: 20,
                          memberBytes: bytes, firstMember: member, striped: striped)
    }

    func fit(_ fits: [ModelFit], _ model: String) -> ModelFit { fits.first { $0.model == ModelName(model) }! }

    func testPerMemberMACsFitTLBAndALB() {
        // The active member (eth0) sends with the bond's MAC, eth1 with its own.
        let samples = (0..<6).map { sample($0, member: $0 % 2, mac: $0 % 2 == 0 ? bondMAC : ownMAC) }
        let names = ["eth0", "eth1"]
        let one = ModelInference.rank(samples: samples, memberNames: names, receive: .oneMember)
        XCTAssertEqual(fit(one, "linux/balance-tlb").flowsConsistent, 6)
        XCTAssertEqual(fit(one, "linux/balance-alb").flowsConsistent, 6, "one receiving member: alb with one peer looks the same")
        let perPeer = ModelInference.rank(samples: samples, memberNames: names, receive: .perPeer)
        XCTAssertEqual(fit(perPeer, "linux/balance-tlb").flowsConsistent, 0, "tlb receives on the active member only")
        XCTAssertEqual(fit(perPeer, "linux/balance-alb").flowsConsistent, 6)
        let spread = ModelInference.rank(samples: samples, memberNames: names, receive: .spread)
        XCTAssertEqual(fit(spread, "linux/balance-alb").flowsConsistent, 0, "a peer split over members is not ARP balancing")
        XCTAssertEqual(fit(spread, "linux/balance-alb").note, .adaptive(alb: true, receive: .spread), "a peer split over members")
    }

    func testSharedBondMACIsNotTLB() {
        // 802.3ad / balance-xor: every member sends with the bond's MAC.
        let samples = (0..<6).map { sample($0, member: $0 % 2, mac: bondMAC) }
        let fits = ModelInference.rank(samples: samples, memberNames: ["eth0", "eth1"], receive: .oneMember)
        XCTAssertEqual(fit(fits, "linux/balance-tlb").flowsConsistent, 0)
        XCTAssertEqual(fit(fits, "linux/balance-alb").flowsConsistent, 0)
    }

    func testStripedFlowIsNotTLB() {
        var samples = (0..<4).map { sample($0, member: $0 % 2, mac: $0 % 2 == 0 ? bondMAC : ownMAC) }
        samples.append(sample(4, member: 0, mac: bondMAC, striped: true))
        let fits = ModelInference.rank(samples: samples, memberNames: ["eth0", "eth1"], receive: nil)
        XCTAssertEqual(fit(fits, "linux/balance-tlb").flowsConsistent, 4)
        XCTAssertEqual(fit(fits, "linux/balance-tlb").flowsTotal, 5)
    }
}
