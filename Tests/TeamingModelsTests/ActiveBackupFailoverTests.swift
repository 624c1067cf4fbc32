import PacketWire
@testable import TeamingModels
import XCTest

/// active-backup over time (`ActiveTimeline`): everything on one member, then, at a failover,
/// every flow on the other at once — and what is not that.
final class ActiveBackupFailoverTests: XCTestCase {
    /// A flow direction sent from `start` to `end` (ms) on `member`, moving to `to` at `move` (ms).
    func flow(_ k: Int, start: Int64, end: Int64, member: Int, move: (at: Int64, to: Int)? = nil) -> FlowSample {
        var bytes = [0, 0]
        bytes[member] = 1000
        if let move { bytes[move.to] = 1000 }
        var s = FlowSample(frame: SampledFrame(ethernet: [UInt8](repeating: UInt8(k), count: 54)), sourceMAC: 0x02_00_00_00_00_01,
                           destinationMAC: 0x02_00_00_00_00_02, source: IPAddress("192.0.2.1")!, destination: IPAddress("192.0.2.2")!,
                           packets: 40, memberBytes: bytes, firstMember: member)
        s.firstTime = 1_000_000_000 + start * 1_000_000
        s.lastTime = 1_000_000_000 + end * 1_000_000
        if let move {
            s.moves = [FlowSample.Move(time: 1_000_000_000 + move.at * 1_000_000, member: move.to, quietBefore: 100_000_000)]
            s.memberChanges = 1
        }
        return s
    }

    func fit(_ samples: [FlowSample]) -> ModelFit? {
        ActiveBackupModel().fit(InferenceInput(samples: samples, memberNames: ["eth0", "eth1"]))
    }

    func testAFailoverMovingEveryFlowAtOnceIsActiveBackup() throws {
        // Six flows on eth0; at 5 s eth0 fails: the three still running move to eth1 at once,
        // and four begun later use eth1 only.
        var samples = (0..<3).map { flow($0, start: Int64($0) * 100, end: 2_000 + Int64($0) * 100, member: 0) }
        samples += (3..<6).map { flow($0, start: Int64($0) * 100, end: 9_000, member: 0, move: (5_000, 1)) }
        samples += (6..<10).map { flow($0, start: 6_000 + Int64($0) * 100, end: 9_500, member: 1) }
        let f = try XCTUnwrap(fit(samples))
        XCTAssertEqual(f.flowsConsistent, 10)
        XCTAssertEqual(f.memberOrder, ["eth0", "eth1"])
        XCTAssertEqual(f.note, .activeInTurn(["eth0", "eth1"]))
    }

    func testFlowsThatStayOnTheOldMemberAreNoFailover() throws {
        // Balance-xor-like: two long flows on eth0 run throughout while flows on eth1 start: no
        // single member was active, whatever the switch-over.
        var samples = (0..<4).map { flow($0, start: Int64($0) * 10, end: 9_000, member: 0) }
        samples += (4..<8).map { flow($0, start: 3_000 + Int64($0) * 10, end: 9_000, member: 1) }
        let f = try XCTUnwrap(fit(samples))
        XCTAssertEqual(f.flowsConsistent, 4, "only one member's flows agree with any one active member")
    }

    func testTimesUnknownFallBackToTheBusiestMember() throws {
        var samples = (0..<4).map { flow($0, start: 0, end: 10, member: $0 == 3 ? 1 : 0) }
        samples[0].firstTime = 0
        let f = try XCTUnwrap(fit(samples))
        XCTAssertEqual(f.flowsConsistent, 3)
        XCTAssertEqual(f.note, .activeMember("eth0"))
    }
}
