@testable import FlowTracking
import PacketWire
import XCTest

/// A flow's times kept in 32 bits (`FlowTime`, `FlowClock`, `FlowTimeCells`) read back exactly
/// what was set, whatever the times, and a flow's analysis does not depend on when it happened:
/// a long flow (hours, far beyond what 32 bits of microseconds or nanoseconds hold) with a
/// handshake, retransmissions, late segments and a member move gives the same figures, shifted,
/// at any start time, stamped in microseconds or in nanoseconds.
final class FlowTimeTests: XCTestCase {
    /// The reordering rings keep an arrival's time in 32 bits of its flow's clock: every time
    /// reads back exactly, those the 32 bits cannot hold from the arena's cells, which a slot
    /// overwritten takes over or frees and a released ring gives back (at most one per slot).
    func testArrivalTimesReadBackExactly() {
        for base: Int64 in [0, 1_000, 1_700_000_000_000_000_123, -5_000] {
            let clock = FlowClock(base: base)
            let unit: Int64 = clock.microseconds ? 1000 : 1
            // In reach, beyond it, before the base, not a whole unit, 0: each fourth needs a cell.
            let offsets: [Int64] = [0, 7 * unit, unit * FlowTime.maxOffset, unit * (FlowTime.maxOffset + 5), -unit, 1, 3 * unit + 1]
            let rings = ArrivalRings()
            var ring: UInt32 = 0
            var times: [Int64] = []
            for k in 0..<200 {
                let t = k % 13 == 12 ? 0 : base &+ offsets[k % offsets.count] &+ Int64(k) * unit
                let now = FlowClock(base: base, microseconds: clock.microseconds, now: k % 2 == 0 ? t : base)
                rings.append(&ring, count: k, seq: UInt32(k), time: t, clock: now)
                times.append(t)
                let kept = min(k + 1, ReorderingMetrics.maxTracked)
                for back in 1...kept {
                    let a = rings.arrival(ring, at: (k + 1 - back) & (ReorderingMetrics.maxTracked - 1))
                    XCTAssertEqual(a.seq, UInt32(k + 1 - back), "base \(base), arrival \(k)")
                    XCTAssertEqual(rings.time(a, clock: clock), times[k + 1 - back], "base \(base), arrival \(k), \(back) back")
                }
                XCTAssertLessThanOrEqual(rings.cellsInUse, kept, "one cell at most per slot")
            }
            let needing = times.suffix(ReorderingMetrics.maxTracked).filter { clock.compact($0) == nil }.count
            XCTAssertGreaterThan(needing, 0, "base \(base): the times must exercise the cells")
            XCTAssertGreaterThanOrEqual(rings.cellsInUse, needing)
            rings.release(&ring, count: times.count)
            XCTAssertEqual(ring, 0)
            XCTAssertEqual(rings.cellsInUse, 0, "a released ring gives its cells back")
        }
    }

    func testEveryTimeReadsBackExactly() {
        let bases: [Int64] = [0, 1, 1_000, -5_000, 1_700_000_000_000_000_000, 1_700_000_000_000_000_123, .max - 10, .min + 10]
        for base in bases {
            let clock = FlowClock(base: base)
            XCTAssertEqual(clock.microseconds, base % 1000 == 0)
            let unit: Int64 = clock.microseconds ? 1000 : 1
            let offsets: [Int64] = [0, 1, 999, 1000, unit * (FlowTime.maxOffset - 1), unit * FlowTime.maxOffset,
                                    unit * FlowTime.maxOffset + 1, unit * (FlowTime.maxOffset + 1), -1, -1000, 10_000_000_000_000]
            var values: [Int64] = offsets.map { base &+ $0 } + [0, .min, .max, -base]
            values += values.reversed()
            var cells = FlowTimeCells()
            var kept = FlowTime()
            for v in values {
                var fresh = FlowTime()
                clock.set(&fresh, v, &cells)
                XCTAssertEqual(clock.time(fresh, cells), v, "base \(base), time \(v), fresh")
                clock.set(&kept, v, &cells)
                XCTAssertEqual(clock.time(kept, cells), v, "base \(base), time \(v), overwritten")
            }
            // One cell per fresh time that needed one, and at most one for the time set again
            // and again: the cells grow with the times a flow keeps, never with packets.
            let fresh = values.filter { clock.compact($0) == nil }.count
            XCTAssertLessThanOrEqual(cells.count, fresh + 1)
        }
        // What fits: offsets up to 2^31 - 2 units from the base, whole units, not before it.
        let micro = FlowClock(base: 5_000)
        XCTAssertNotNil(micro.compact(5_000 + 1000 * FlowTime.maxOffset))
        XCTAssertNil(micro.compact(5_000 + 1000 * (FlowTime.maxOffset + 1)))
        XCTAssertNil(micro.compact(5_001))
        XCTAssertNil(micro.compact(4_000))
        let nano = FlowClock(base: 5_001)
        XCTAssertNotNil(nano.compact(5_001 + FlowTime.maxOffset))
        XCTAssertNil(nano.compact(5_002 + FlowTime.maxOffset))
    }

    /// One TCP segment of the test flow (client 192.0.2.1:40000, server 198.51.100.1:7000),
    /// client to server when `toServer`.
    private func segment(toServer: Bool, seq: UInt32, ack: UInt32, flags: TCPFlags, length: Int) -> DecodedPacket {
        tcpSegment(toServer: toServer, seq: seq, ack: ack, flags: flags, length: length)
    }

    /// The test flow's packets: (time offset in ns, member, packet). A handshake with a 1 ms
    /// iRTT, then 600 data segments of 1000 bytes 18 s apart (3 hours), each acknowledged; every
    /// 50th is held back 400 µs behind the next one (out of order: within the iRTT of the
    /// advance it missed), every 70th is sent again 9 s later (a retransmission), and from
    /// segment 300 on the data goes on member 1 (a move).
    private func flowPackets() -> [(offset: Int64, member: Int32, packet: DecodedPacket)] {
        var out: [(Int64, Int32, DecodedPacket)] = []
        let clientISN: UInt32 = 4_294_000_000, serverISN: UInt32 = 77
        out.append((0, 0, segment(toServer: true, seq: clientISN, ack: 0, flags: [.syn], length: 0)))
        out.append((400_000, 0, segment(toServer: false, seq: serverISN, ack: clientISN &+ 1, flags: [.syn, .ack], length: 0)))
        out.append((1_000_000, 0, segment(toServer: true, seq: clientISN &+ 1, ack: serverISN + 1, flags: [.ack], length: 0)))
        let gap: Int64 = 18_000_000_000
        var k = 0
        while k < 600 {
            let t = 2_000_000 + Int64(k) * gap
            let member: Int32 = k < 300 ? 0 : 1
            func data(_ i: Int) -> DecodedPacket {
                segment(toServer: true, seq: clientISN &+ 1 &+ UInt32(i * 1000), ack: serverISN + 1, flags: [.ack, .psh], length: 1000)
            }
            func ack(_ i: Int) -> DecodedPacket {
                segment(toServer: false, seq: serverISN + 1, ack: clientISN &+ 1 &+ UInt32((i + 1) * 1000), flags: [.ack], length: 0)
            }
            if k % 50 == 25 && k + 1 < 600 {
                out.append((t, member, data(k + 1)))
                out.append((t + 400_000, member, data(k)))
                out.append((t + 1_000_000, member, ack(k + 1)))
                k += 2
                continue
            }
            out.append((t, member, data(k)))
            out.append((t + 1_000_000, member, ack(k)))
            if k % 70 == 35 { out.append((t + gap / 2, member, data(k))) }
            k += 1
        }
        return out
    }

    /// Every figure the report reads of the flow, its times as offsets from `start`, and how
    /// many of its times needed a cell.
    private func figures(start: Int64) -> (figures: [Int64], cells: Int) {
        let table = FlowTable()
        for (offset, member, d) in flowPackets() {
            _ = table.observe(d, wireLength: 54 + d.payloadLength, time: start &+ offset, host: 0, member: member, sent: d.sourcePort == 40_000)
        }
        table.finish()
        XCTAssertEqual(table.count, 1)
        let f = table.record(0)
        let cells = f.cells.count
        var out: [Int64] = [f.first &- start, f.last &- start, Int64(f.packets), Int64(f.bytes), f.carriesPayload ? 1 : 0]
        for m in f.members { out += [Int64(m.member), m.first &- start, m.last &- start, Int64(m.forwardPackets), Int64(m.reversePackets)] }
        let o = f.observations[0]
        out.append(o.firstRTT)
        for v in [o.forward, o.reverse] {
            let r = v.reordering, c = v.counts
            out += [Int64(v.packets), Int64(r.packets), Int64(r.reordered), Int64(r.duplicates), Int64(r.maxExtent), r.maxLateTime,
                    r.totalLateTime, Int64(r.discontinuities), Int64(c.retransmissions), Int64(c.fastRetransmissions),
                    Int64(c.spuriousRetransmissions), Int64(c.outOfOrder), Int64(c.lostSegments), Int64(c.duplicateAcks),
                    v.moves.firstTime &- start, v.moves.lastTime &- start, Int64(v.moves.changes), Int64(v.moves.flaps)]
            out += v.moves.moves.flatMap { [$0.time &- start, Int64($0.from), Int64($0.to), $0.idleBefore] }
        }
        return (out, cells)
    }

    func testLongFlowKeepsItsAnalysisWhateverItsTimes() {
        // Near zero, in microseconds, far from the base of each, and stamped in nanoseconds.
        let (reference, referenceCells) = figures(start: 1_000)
        for start: Int64 in [3_000_000, 1_700_000_000_000_000_000, 1_700_000_000_000_000_123, 1_700_000_000_999_999_999] {
            let (got, cells) = figures(start: start)
            XCTAssertEqual(got, reference, "start \(start)")
            // Three hours are past what 32 bits hold in either unit: the latest times took cells,
            // one each (the flow keeps 13 times: 2 of its own, 2 per member, 1 of the handshake, 3 per direction).
            XCTAssertGreaterThan(cells, 0, "start \(start)")
            XCTAssertLessThanOrEqual(cells, 13, "start \(start)")
        }
        XCTAssertGreaterThan(referenceCells, 0)
        // What the packets say, worked out by hand.
        let span: Int64 = 2_000_000 + 599 * 18_000_000_000 + 1_000_000
        XCTAssertEqual(reference[0], 0, "first")
        XCTAssertEqual(reference[1], span, "last: the final segment's ACK")
        // Member 0: the handshake, segments 0-299 (3 of them repeated), 294 ACKs (one per held-back pair) and the SYN-ACK.
        XCTAssertEqual(reference[5...9], [0, 0, 2_000_000 + 299 * 18_000_000_000 + 1_000_000, 305, 295], "member 0")
        XCTAssertEqual(reference[10...14], [1, 2_000_000 + 300 * 18_000_000_000, span, 304, 294], "member 1")
        XCTAssertEqual(reference[15], 1_000_000, "iRTT")
        // Forward: the handshake's two, 600 data segments, 7 of them repeated 9 s later (35, 105, ... 595 but 175 and
        // 525, which are held back: spurious retransmissions, acknowledged already, and RFC 4737 duplicates), 12 held
        // back 400 µs behind the next (out of order within the 1 ms iRTT; the next one skipped ahead of a lost one),
        // one move at segment 300, after 18 s quiet.
        let forward = Array(reference[16...])
        XCTAssertEqual(forward[0], 2 + 600 + 7, "forward packets")
        XCTAssertEqual(forward[1], 600, "forward data segments counted by RFC 4737")
        XCTAssertEqual(forward[2], 12, "reordered")
        XCTAssertEqual(forward[3], 7, "duplicates")
        XCTAssertEqual(forward[4], 1, "extent")
        XCTAssertEqual(forward[5], 400_000, "late by 400 µs")
        XCTAssertEqual(forward[6], 12 * 400_000)
        XCTAssertEqual(forward[7], 12, "discontinuities")
        XCTAssertEqual(forward[10], 7, "spurious retransmissions")
        XCTAssertEqual(forward[11], 12, "out of order")
        XCTAssertEqual(forward[12], 12, "lost segments")
        XCTAssertEqual(forward[14...17], [0, 2_000_000 + 599 * 18_000_000_000, 1, 0], "first, last, changes, flaps")
        XCTAssertEqual(forward[18...21], [2_000_000 + 300 * 18_000_000_000, 0, 1, 18_000_000_000], "the move")
    }
}
