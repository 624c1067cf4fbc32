import PacketWire
import TeamingModels
import XCTest

/// Scoring an exact hash against the members the team could use when each flow began
/// (`TeamState`): before any port distributes, the kernel sends on its individual aggregator's
/// one port; while one port distributes, everything hashes onto it; then over both.
final class TeamStateTests: XCTestCase {
    /// An Ethernet/IPv4/TCP header from 192.0.2.1:`sport` to 192.0.2.2:80.
    func frame(sport: UInt16) -> SampledFrame {
        var b: [UInt8] = [0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00]
        b += [0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2]
        b += [UInt8(sport >> 8), UInt8(sport & 0xFF), 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xFF, 0xFF, 0, 0, 0, 0]
        return SampledFrame(ethernet: b)
    }

    func sample(_ sport: UInt16, member: Int, at time: Int64) -> FlowSample {
        var bytes = [0, 0]
        bytes[member] = 10_000
        var s = FlowSample(frame: frame(sport: sport), sourceMAC: 0x02_00_00_00_00_01, destinationMAC: 0x02_00_00_00_00_02,
                           source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.2")!, packets: 10, memberBytes: bytes, firstMember: member)
        s.firstTime = time
        return s
    }

    let state = TeamState(members: [
        [.init(time: 100, distributing: false), .init(time: 200, distributing: true)],
        [.init(time: 100, distributing: false), .init(time: 300, distributing: true)],
    ])

    func testUsableMembersOverTime() {
        XCTAssertEqual(state.usable(at: 50), [false, false], "before the first LACPDU: as it says (not distributing)")
        XCTAssertEqual(state.usable(at: 250), [true, false])
        XCTAssertEqual(state.usable(at: 300), [true, true])
        let midSession = TeamState(members: [[.init(time: 100, distributing: true)], []])
        XCTAssertEqual(midSession.usable(at: 0), [true, true], "a first LACPDU that distributes: it did before; no LACPDU: usable")
        XCTAssertFalse(TeamState(members: [[], []]).isKnown)
    }

    func testFlowsFitTheMembersUsableWhenTheyBegan() throws {
        let names = ["eth0", "eth1"]
        let policy = LinuxHashPolicy.layer34
        func hashed(_ sport: UInt16) -> Int {
            frame(sport: sport).bytes.withUnsafeBytes { LinuxBondHash.member(frame: $0, policy: policy, count: 2) }
        }
        var samples: [FlowSample] = []
        // Before any port distributes: everything on the individual port (eth0).
        for p in UInt16(1000)..<1003 { samples.append(sample(p, member: 0, at: 150)) }
        // Only eth0 distributes: everything hashes onto it.
        for p in UInt16(2000)..<2004 { samples.append(sample(p, member: 0, at: 250)) }
        // Both distribute: the hash picks, in enslave order.
        for p in UInt16(3000)..<3012 { samples.append(sample(p, member: hashed(p), at: 400)) }
        let early = samples.prefix(7).filter { hashed(UInt16(truncatingIfNeeded: Int($0.frame.bytes[34]) << 8 | Int($0.frame.bytes[35]))) == 1 }.count
        XCTAssertGreaterThan(early, 0, "some early flow hashes to eth1 over both members, or the test proves nothing")

        let input = InferenceInput(samples: samples, memberNames: names, order: names, teamState: state)
        let fit = try XCTUnwrap(LinuxHashModel(policy).fit(input))
        XCTAssertEqual(fit.flowsConsistent, samples.count)
        XCTAssertEqual(fit.disagreeing, [])
        // Flows with one usable port prove nothing of the hash: the chance of a lucky fit counts
        // only the 12 hashed over both (the order given, so one order tried: 2⁻¹²).
        XCTAssertEqual(fit.distinctKeys, 19)
        XCTAssertEqual(try XCTUnwrap(fit.chanceFit), 1.0 / 4096, accuracy: 1e-12)
        let blind = try XCTUnwrap(LinuxHashModel(policy).fit(InferenceInput(samples: samples, memberNames: names, order: names)))
        XCTAssertEqual(blind.flowsConsistent, samples.count - early, "without the team's state the early flows on eth0 disagree")

        // A flow on the other port while the individual one carried the rest disagrees.
        var odd = samples
        odd.append(sample(1500, member: 1, at: 160))
        let oddFit = try XCTUnwrap(LinuxHashModel(policy).fit(InferenceInput(samples: odd, memberNames: names, order: names, teamState: state)))
        XCTAssertEqual(oddFit.flowsConsistent, samples.count)
        XCTAssertEqual(oddFit.disagreeing.map(\.sample), [odd.count - 1])
    }
}
