import FlowTracking
import XCTest

final class MoveTrackerTests: XCTestCase {
    let debounce: Int64 = 50_000_000

    /// A failover: member 1 for a second, member 0 for three, then back: exactly two moves, at
    /// the first packet on each new member.
    func testFailoverIsTwoMoves() {
        var m = MoveTracker()
        var t: Int64 = 0
        for _ in 0..<1000 { m.observe(member: 1, time: t, debounce: debounce); t += 1_000_000 }
        let down = t
        for _ in 0..<3000 { m.observe(member: 0, time: t, debounce: debounce); t += 1_000_000 }
        let up = t
        for _ in 0..<1000 { m.observe(member: 1, time: t, debounce: debounce); t += 1_000_000 }
        m.finish(debounce: debounce)
        XCTAssertEqual(m.moves, [MoveTracker.Move(time: down, from: 1, to: 0, idleBefore: 1_000_000),
                                 MoveTracker.Move(time: up, from: 0, to: 1, idleBefore: 1_000_000)])
    }

    /// Round robin alternates every packet: no move at all, many flaps.
    func testRoundRobinIsNoMove() {
        var m = MoveTracker()
        for i in 0..<10_000 { m.observe(member: Int32(i % 2), time: Int64(i) * 10_000, debounce: debounce) }
        m.finish(debounce: debounce)
        XCTAssertEqual(m.moves, [])
        XCTAssertGreaterThan(m.flaps, 4000)
    }

    /// One packet on a member, then, after a long quiet, one on another: a move (a clean switch).
    func testQuietSwitchAtTheEnd() {
        var m = MoveTracker()
        m.observe(member: 1, time: 0, debounce: debounce)
        m.observe(member: 0, time: 5_000_000_000, debounce: debounce)
        m.finish(debounce: debounce)
        XCTAssertEqual(m.moves, [MoveTracker.Move(time: 5_000_000_000, from: 1, to: 0, idleBefore: 5_000_000_000)])
    }
}
