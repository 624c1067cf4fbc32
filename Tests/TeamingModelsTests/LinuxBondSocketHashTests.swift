import PacketWire
import TeamingModels
import XCTest

/// encap3+4 returns a socket's random txhash for what a local socket sends (bond_xmit_hash():
/// `skb->l4_hash`), so TCP and connected UDP flows land on members no header predicts; the
/// model then asks only that each stays on one member, unless a header hash explains them.
final class LinuxBondSocketHashTests: XCTestCase {
    func sample(_ k: Int, member: Int) -> FlowSample {
        let port = UInt16(40_000 + k * 7)
        let ip: [UInt8] = [0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, UInt8(2 + k % 3)]
        let tcp: [UInt8] = [UInt8(port >> 8), UInt8(port & 0xFF), 0x19, 0xC8] + [UInt8](repeating: 0, count: 8) + [0x50, 0x10, 0xFF, 0xFF, 0, 0, 0, 0]
        let frame = [0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00] + ip + tcp
        var bytes = [0, 0]
        bytes[member] = 1000
        return FlowSample(frame: SampledFrame(ethernet: frame), sourceMAC: 0x02_00_00_00_00_01, destinationMAC: 0x02_00_00_00_00_02,
                          source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.\(2 + k % 3)")!, packets: 20,
                          memberBytes: bytes, firstMember: member)
    }

    func layer34Member(_ k: Int) -> Int {
        let s = sample(k, member: 0)
        let h = s.frame.bytes.withUnsafeBytes { LinuxBondHash.hash(frame: $0, policy: .layer34) }
        return Int(h % 2)
    }

    func fit(_ policy: LinuxHashPolicy, _ samples: [FlowSample]) -> ModelFit? {
        LinuxHashModel(policy).fit(InferenceInput(samples: samples, memberNames: ["eth0", "eth1"], order: ["eth0", "eth1"]))
    }

    func testSocketHashedFlowsNeedOnlyStayOnOneMember() throws {
        // Every other flow on the member layer3+4 does not pick: no header hash explains them.
        let samples = (0..<24).map { k in sample(k, member: k % 2 == 0 ? layer34Member(k) : 1 - layer34Member(k)) }
        let encap = try XCTUnwrap(fit(.encap34, samples))
        XCTAssertEqual(encap.flowsConsistent, 24)
        XCTAssertEqual(encap.chanceFit, 1, "a random hash per socket proves nothing by luck")
        XCTAssertEqual(encap.distinctKeys, 24, "each socket's hash is a key of its own")
        XCTAssertLessThan(try XCTUnwrap(fit(.layer34, samples)).flowsConsistent, 20)
    }

    func testFlowsTheHeaderHashExplainsAreScoredByIt() throws {
        let samples = (0..<24).map { k in sample(k, member: layer34Member(k)) }
        let encap = try XCTUnwrap(fit(.encap34, samples))
        let layer34 = try XCTUnwrap(fit(.layer34, samples))
        XCTAssertEqual(encap.flowsConsistent, 24)
        XCTAssertEqual(encap.chanceFit, layer34.chanceFit, "the header hash's fit, with its chance")
        XCTAssertLessThan(try XCTUnwrap(encap.chanceFit), 0.01)
    }
}
