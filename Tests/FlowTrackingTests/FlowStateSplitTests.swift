import FlowTracking
import XCTest

/// The per-flow state keeps only what every flow needs in place and allocates the rest at its
/// first use (ring of arrivals grown one at a time, counters of rare events, member changes).
/// These tests feed the same random arrivals to the compact types and to the straightforward
/// form they replaced (kept here as the oracle) and require every figure to agree.
final class FlowStateSplitTests: XCTestCase {
    /// RFC 4737 reordering as first written: a fixed ring of 64 arrivals and every counter in place.
    private struct ReferenceReordering {
        var packets = 0, reordered = 0, maxExtent = 0, n3Reordered = 0, discontinuities = 0, duplicates = 0
        var afterSwitch = 0, sameMember = 0
        var histogram = [Int](repeating: 0, count: 8)
        var maxLateTime: Int64 = 0, totalLateTime: Int64 = 0
        var discontinuityBytes: UInt64 = 0
        var nextExpected: UInt32 = 0
        var started = false
        var recent = [(seq: UInt32, time: Int64)](repeating: (0, 0), count: 64)
        var arrivals = 0
        var lastMember: Int32 = -1

        mutating func observe(seq: UInt32, length: UInt32, member: Int32, time: Int64) {
            let previousMember = lastMember
            lastMember = member
            if started && TCPSequenceNumber.lt(seq, nextExpected) {
                let window = min(arrivals, 64)
                for back in 1...max(1, window) where window > 0 && recent[(arrivals - back) % 64].seq == seq {
                    duplicates += 1
                    return
                }
            }
            packets += 1
            let end = seq &+ length
            defer { recent[arrivals % 64] = (seq, time); arrivals += 1 }
            guard started else { started = true; nextExpected = end; return }
            if TCPSequenceNumber.ge(seq, nextExpected) {
                if TCPSequenceNumber.gt(seq, nextExpected) { discontinuities += 1; discontinuityBytes += UInt64(seq &- nextExpected) }
                nextExpected = end
                return
            }
            reordered += 1
            if previousMember >= 0 && previousMember != member { afterSwitch += 1 } else { sameMember += 1 }
            let window = min(arrivals, 64)
            var extent = 0
            for back in stride(from: window, through: 1, by: -1) where TCPSequenceNumber.gt(recent[(arrivals - back) % 64].seq, seq) {
                extent = back
                break
            }
            if extent > 0 {
                let late = max(0, time &- recent[(arrivals - extent) % 64].time)
                maxLateTime = max(maxLateTime, late)
                totalLateTime &+= late
            }
            maxExtent = max(maxExtent, extent)
            let bin = extent <= 1 ? 0 : extent == 2 ? 1 : extent == 3 ? 2 : extent < 8 ? 3 : extent < 16 ? 4 : extent < 32 ? 5 : extent < 64 ? 6 : 7
            histogram[bin] += 1
            if arrivals >= 3 && (1...3).allSatisfy({ TCPSequenceNumber.gt(recent[(arrivals - $0) % 64].seq, seq) }) { n3Reordered += 1 }
        }
    }

    /// Arrivals of 100-byte segments mostly in order, some late by up to 80 places (past the
    /// ring's 64), some repeated, some skipped ahead; two members.
    private func arrivals(count: Int, seed: UInt64) -> [(seq: UInt32, member: Int32, time: Int64)] {
        var rng = Mix(seed: seed)
        var order = Array(0..<count)
        for i in order.indices where rng.next() % 10 == 0 {
            let j = min(order.count - 1, i + Int(rng.next() % 80))
            order.swapAt(i, j)
        }
        var out: [(UInt32, Int32, Int64)] = []
        var time: Int64 = 0
        for k in order {
            time += Int64(rng.next() % 5000)
            // Sequence numbers near 2^32, so that some flows wrap.
            let seq = UInt32(truncatingIfNeeded: 4_294_900_000 &+ UInt64(k) * 100 &+ (rng.next() % 50 == 0 ? 7 : 0))
            out.append((seq, Int32(rng.next() % 2), time))
            if rng.next() % 30 == 0 { out.append((seq, Int32(rng.next() % 2), time + 1)) }
        }
        return out
    }

    func testReorderingMetricsAgreeWithTheFixedRing() {
        for (seed, count) in [(1, 3), (2, 5), (3, 9), (4, 40), (5, 65), (6, 200), (7, 3000)] as [(UInt64, Int)] {
            var compact = ReorderingMetrics()
            let rings = ArrivalRings()
            var reference = ReferenceReordering()
            for a in arrivals(count: count, seed: seed) {
                compact.observe(seq: a.seq, length: 100, member: a.member, time: a.time, rings: rings)
                reference.observe(seq: a.seq, length: 100, member: a.member, time: a.time)
            }
            let label = "\(count) arrivals, seed \(seed)"
            XCTAssertEqual(compact.packets, reference.packets, label)
            XCTAssertEqual(compact.reordered, reference.reordered, label)
            XCTAssertEqual(compact.maxExtent, reference.maxExtent, label)
            XCTAssertEqual(compact.extentHistogram, reference.histogram, label)
            XCTAssertEqual(compact.n3Reordered, reference.n3Reordered, label)
            XCTAssertEqual(compact.maxLateTime, reference.maxLateTime, label)
            XCTAssertEqual(compact.totalLateTime, reference.totalLateTime, label)
            XCTAssertEqual(compact.discontinuities, reference.discontinuities, label)
            XCTAssertEqual(compact.discontinuityBytes, reference.discontinuityBytes, label)
            XCTAssertEqual(compact.duplicates, reference.duplicates, label)
            XCTAssertEqual(compact.reorderedAfterMemberSwitch, reference.afterSwitch, label)
            XCTAssertEqual(compact.reorderedOnSameMember, reference.sameMember, label)
            if count >= 200 { XCTAssertGreaterThan(reference.reordered, 0, "the arrivals must exercise reordering: \(label)") }
        }
    }

    /// Member moves as first written: every field in place.
    private struct ReferenceMoves {
        var moves: [MoveTracker.Move] = []
        var flaps = 0, changes = 0
        var firstTime: Int64 = 0
        var lastMember: Int32 = -1, current: Int32 = -1, candidate: Int32 = -1
        var candidateStart: Int64 = 0, lastOnCurrent: Int64 = 0, lastTime: Int64 = 0, candidateIdle: Int64 = 0

        mutating func observe(member: Int32, time: Int64, debounce: Int64) {
            let previousTime = lastTime
            lastTime = time
            if lastMember >= 0 && member != lastMember { changes += 1 }
            lastMember = member
            if current < 0 { current = member; firstTime = time; lastOnCurrent = time; return }
            if member == current {
                if candidate >= 0 { flaps += 1; candidate = -1 }
                lastOnCurrent = time
                return
            }
            if candidate != member {
                if candidate >= 0 { flaps += 1 }
                candidate = member
                candidateStart = time
                candidateIdle = time &- previousTime
                if candidateIdle >= debounce { confirm(); return }
            }
            if time &- candidateStart >= debounce { confirm() }
        }

        mutating func finish(debounce: Int64) {
            guard candidate >= 0 else { return }
            if candidateStart &- lastOnCurrent >= debounce || lastTime &- candidateStart >= debounce { confirm() }
        }

        mutating func confirm() {
            moves.append(MoveTracker.Move(time: candidateStart, from: current, to: candidate, idleBefore: candidateIdle))
            current = candidate
            lastOnCurrent = lastTime
            candidate = -1
        }
    }

    func testMoveTrackerAgreesWithTheFullState() {
        let debounce: Int64 = 50_000_000
        for seed in 1...40 as ClosedRange<UInt64> {
            var rng = Mix(seed: seed)
            var compact = MoveTracker()
            var reference = ReferenceMoves()
            var time: Int64 = 0
            var member: Int32 = Int32(rng.next() % 3)
            // Runs on one member, gaps short and long, now and then a member for one packet.
            for _ in 0..<Int(rng.next() % 400) {
                switch rng.next() % 20 {
                case 0: member = Int32(rng.next() % 3)
                case 1: time += 200_000_000
                default: break
                }
                time += Int64(rng.next() % 2_000_000)
                let m = rng.next() % 25 == 0 ? Int32(rng.next() % 3) : member
                compact.observe(member: m, time: time, debounce: debounce)
                reference.observe(member: m, time: time, debounce: debounce)
            }
            compact.finish(debounce: debounce)
            reference.finish(debounce: debounce)
            XCTAssertEqual(compact.moves, reference.moves, "seed \(seed)")
            XCTAssertEqual(compact.flaps, reference.flaps, "seed \(seed)")
            XCTAssertEqual(compact.changes, reference.changes, "seed \(seed)")
            XCTAssertEqual(compact.firstTime, reference.firstTime, "seed \(seed)")
        }
    }
}

/// splitmix64: the same random arrivals on every run.
private struct Mix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
