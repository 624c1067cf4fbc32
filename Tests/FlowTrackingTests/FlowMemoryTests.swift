@testable import FlowTracking
import PacketWire
import XCTest

/// What a tracked flow costs: the record every flow has stays within its byte budget, the
/// reordering rings grow with a direction's data segments only up to 64 arrivals and come back
/// for reuse when flows leave, and the untracked count of a full table is of distinct flows.
/// (That a ring which grew and wrapped still finds every late and repeated segment is
/// `FlowStateSplitTests.testReorderingMetricsAgreeWithTheFixedRing`.)
final class FlowMemoryTests: XCTestCase {
    /// The budgets: a test that fails when a field is added without taking one out (or without
    /// raising the budget on purpose, with the benchmark's per-flow figure).
    func testRecordStaysWithinItsBudget() {
        // 256 bytes, four cache lines (384, six, before the times took 32 bits and the rare parts
        // one pointer per record and per direction; 296 before the payload byte count became a
        // flag; 288 before the member counts and the data segments took 32 bits, with a carry).
        XCTAssertLessThanOrEqual(MemoryLayout<FlowRecord>.stride, 256, "the record every tracked flow has")
        XCTAssertLessThanOrEqual(MemoryLayout<ObservationState>.size, 137, "one host's view of a flow")
        XCTAssertLessThanOrEqual(MemoryLayout<DirectionState>.size, 64, "one direction of one view")
        XCTAssertLessThanOrEqual(MemoryLayout<FlowMemberState>.stride, 40, "one member's share")
        XCTAssertLessThanOrEqual(MemoryLayout<TCPSequenceAnalysis>.stride, 24)
        XCTAssertLessThanOrEqual(MemoryLayout<ReorderingMetrics.Core>.size, 16)
        XCTAssertLessThanOrEqual(MemoryLayout<MoveTracker.Carrier>.size, 4)
        XCTAssertEqual(MemoryLayout<FlowTime>.size, 4)
        XCTAssertEqual(MemoryLayout<ArrivalRings.Arrival>.stride, 8, "an arrival: its time 32 bits from the flow's base")
    }

    /// One data direction of `segments` in-order 100-byte segments, in a table of its own.
    private func direction(segments: Int, rings: ArrivalRings) -> ReorderingMetrics {
        var m = ReorderingMetrics()
        for k in 0..<segments { m.observe(seq: UInt32(k * 100), length: 100, member: 0, time: Int64(k), rings: rings) }
        return m
    }

    /// A ring takes the smallest size that holds its arrivals (4, 6, 8, 12 ... 48, 64) and no more past 64:
    /// memory grows with flows, never with packets.
    func testRingsGrowWithSegmentsUpTo64Arrivals() {
        for (segments, bytes) in [(1, 32), (4, 32), (5, 48), (7, 64), (9, 96), (13, 128), (49, 512), (64, 512), (65, 512), (5_000, 512)] {
            let rings = ArrivalRings()
            let m = direction(segments: segments, rings: rings)
            XCTAssertEqual(m.packets, segments)
            // The live ring's size: the largest class a chunk was made for holds it.
            let used = (0..<ArrivalRings.classes).last { rings.allocatedBytes(sizeClass: $0) > 0 }.map { ArrivalRings.size($0) * 8 }
            XCTAssertEqual(used, bytes, "\(segments) segments")
        }
    }

    /// Flows that leave the table give their rings back: a table that retires its flows and
    /// takes as many new ones holds no more ring memory than before.
    func testRetiredFlowsRingsAreReused() {
        let table = FlowTable(capacity: 10_000)
        func traffic(from: Int, count: Int, time: Int64) {
            for f in from..<(from + count) {
                for k in 0..<6 {
                    var d = DecodedPacket()
                    d.ipProtocol = .tcp
                    d.source = IPAddress("192.0.2.1")!
                    d.destination = IPAddress("198.51.100.\(1 + f / 60_000)")!
                    d.sourcePort = UInt16(1024 + f % 60_000)
                    d.destinationPort = 7000
                    d.hasTransport = true
                    d.tcpFlags = [.ack]
                    d.tcpSequence = UInt32(1000 + k * 100)
                    d.payloadLength = 100
                    _ = table.observe(d, wireLength: 154, time: time + Int64(k), host: 0, member: 0, sent: true)
                }
            }
        }
        traffic(from: 0, count: 2_000, time: 1_000)
        let before = table.rings.allocatedBytes
        XCTAssertGreaterThan(before, 0)
        var retired = RetiredFlows()
        _ = table.retire(lastSeenBefore: 10_000, into: &retired)
        XCTAssertEqual(table.count, 0)
        traffic(from: 2_000, count: 2_000, time: 20_000)
        XCTAssertEqual(table.count, 2_000)
        XCTAssertEqual(table.rings.allocatedBytes, before)
    }

    /// One data segment of flow `flow` (one source address per 60,000 ports) from 192.0.2.2.
    private func dataSegment(flow: Int, seq: UInt32, length: Int) -> DecodedPacket {
        var d = DecodedPacket()
        d.network = .ipv4
        d.ipProtocol = .tcp
        d.hasTransport = true
        d.source = IPAddress("192.0.2.2")!
        d.destination = IPAddress(ipv4: 0xC612_0001 + UInt32(flow / 60_000))
        d.sourcePort = 7000
        d.destinationPort = UInt16(1024 + flow % 60_000)
        d.tcpFlags = [.ack]
        d.tcpSequence = seq
        d.tcpAcknowledgment = 1
        d.tcpWindow = 1000
        d.payloadLength = length
        d.ipLength = 40 + length
        return d
    }

    /// The segments (sequence offset, length, member) of a flow of `kind`: 40 segments, one held
    /// back 20 places (its ring grows to 64 arrivals); 1, 3 or 5 segments, some late, repeated or
    /// skipped ahead; kind 4 is long (3,000 segments, one in each of the first 30 blocks of 97 held
    /// back 40 places, a move to member 1 half-way).
    private func pattern(_ kind: Int) -> [(offset: UInt32, length: Int, member: Int32)] {
        switch kind {
        case 0:
            let order: [Int] = Array(0..<5) + Array(6...25) + [5] + Array(26..<40)
            return order.map { i in (UInt32(i * 100), 100, 0) }
        case 1: return [(0, 100, 0)]
        case 2: return [(0, 100, 0), (200, 100, 0), (100, 100, 0)]
        case 3: return [(0, 100, 0), (100, 100, 0), (100, 100, 0), (300, 50, 0), (200, 100, 0)]
        default:
            let block = Array(0..<50) + Array(51...90) + [50] + Array(91..<97)
            return (0..<3_000).map { k in
                let i = k < 30 * 97 ? k / 97 * 97 + block[k % 97] : k
                return (UInt32(i * 1_000), 1_000, k < 1_500 ? 0 : 1)
            }
        }
    }

    /// Every figure of one direction that the report reads.
    private func figures(_ v: FlowDirectionView) -> [Int64] {
        let r = v.reordering, c = v.counts
        return [Int64(v.packets), Int64(v.bytes), Int64(r.packets), Int64(r.reordered), Int64(r.duplicates), Int64(r.maxExtent),
                Int64(r.n3Reordered), r.maxLateTime, r.totalLateTime, Int64(r.discontinuities), Int64(r.discontinuityBytes),
                Int64(r.reorderedAfterMemberSwitch), Int64(c.retransmissions), Int64(c.outOfOrder), Int64(c.lostSegments),
                Int64(v.moves.moves.count), Int64(v.moves.changes), v.moves.firstTime, v.moves.lastTime] + r.extentHistogram.map(Int64.init)
    }

    /// Past the first chunk of records and of 48-arrival rings, with rings that grow up to 64
    /// arrivals (through every size) while other flows take new ones in between: every flow's analysis is what the same packets give in a table of
    /// their own (short flows, and long ones whose rings grew through every size).
    func testFlowsBeyondTheFirstChunksKeepTheirFullAnalysis() {
        let flows = 17_000, longFlows = [5, 16_500, 16_999]
        func kind(_ f: Int) -> Int { longFlows.contains(f) ? 4 : f % 4 }
        var reference: [Int: [Int64]] = [:]
        for k in 0...4 {
            let alone = FlowTable()
            for (j, s) in pattern(k).enumerated() {
                _ = alone.observe(dataSegment(flow: 0, seq: 1_000 + s.offset, length: s.length), wireLength: 54 + s.length,
                                  time: Int64(j) * 1_000_000, host: 0, member: s.member, sent: true)
            }
            alone.finish()
            reference[k] = figures(alone.record(0).observations[0].forward)
        }
        let table = FlowTable(capacity: flows)
        let patterns = (0...4).map(pattern)
        // The short flows' packets (at most 9) interleaved with the long ones' first, then the rest.
        for j in 0..<patterns[4].count {
            for f in j < patterns[0].count ? Array(0..<flows) : longFlows {
                let p = patterns[kind(f)]
                guard j < p.count else { continue }
                _ = table.observe(dataSegment(flow: f, seq: 1_000 + p[j].offset, length: p[j].length), wireLength: 54 + p[j].length,
                                  time: Int64(j) * 1_000_000 + Int64(f), host: 0, member: p[j].member, sent: true)
            }
        }
        // The 40-segment flows' rings hold 48 arrivals (the class below 64's), a quarter of the flows.
        let ringChunk = ArrivalRings.chunkBlocks * ArrivalRings.size(ArrivalRings.classes - 2) * MemoryLayout<ArrivalRings.Arrival>.stride
        XCTAssertGreaterThan(table.rings.allocatedBytes(sizeClass: ArrivalRings.classes - 2), ringChunk, "a second chunk of 48-arrival rings")
        XCTAssertGreaterThan(table.rings.allocatedBytes(sizeClass: ArrivalRings.classes - 1), 0, "64-arrival rings")
        table.finish()
        XCTAssertEqual(table.rings.allocatedBytes, 0, "the end of the capture frees the rings: the report reads no arrival")
        XCTAssertEqual(table.count, flows)
        XCTAssertGreaterThan(table.chunks.count, 1, "a second chunk of records")
        var wrong = 0
        for f in 0..<flows {
            var got = figures(table.record(f).observations[0].forward)
            // The same relative times, each flow shifted by its number.
            got[got.count - 10] -= Int64(f)
            got[got.count - 9] -= Int64(f)
            if got != reference[kind(f)] { wrong += 1; if wrong < 4 { XCTFail("flow \(f): \(got) != \(reference[kind(f)]!)") } }
        }
        XCTAssertEqual(wrong, 0)
        XCTAssertEqual(reference[4]?[3], 30, "the long flow's late segments were found")
        XCTAssertEqual(reference[4]?[5], 40, "each 40 places late")
        XCTAssertEqual(reference[0]?[3], 1, "the 40-segment flow's late segment was found")
        XCTAssertEqual(reference[0]?[5], 20, "20 places late")
    }

    /// A full table counts the flows it cannot track, distinct ones (HyperLogLog, within 2 %),
    /// however many packets each sends.
    func testUntrackedFlowsAreCountedDistinctWithin2Percent() {
        let table = FlowTable(capacity: 1_000)
        let flows = 60_000
        var d = DecodedPacket()
        d.ipProtocol = .udp
        d.destination = IPAddress("192.0.2.2")!
        d.destinationPort = 53
        d.hasTransport = true
        for round in 0..<3 {
            for f in 0..<flows {
                d.source = IPAddress("198.18.\(f / 60_000).1")!
                d.sourcePort = UInt16(1024 + f % 60_000)
                _ = table.observe(d, wireLength: 60, time: Int64(round * flows + f), host: 0, member: 0, sent: true)
            }
        }
        XCTAssertEqual(table.count, 1_000)
        XCTAssertEqual(table.untrackedPackets, 3 * (flows - 1_000), "the tracked flows' later packets are tracked")
        XCTAssertEqual(Double(table.untrackedFlows), Double(flows - 1_000), accuracy: Double(flows - 1_000) * 0.02)
    }
}
