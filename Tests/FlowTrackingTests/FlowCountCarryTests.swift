@testable import FlowTracking
import PacketWire
import XCTest

/// The record keeps each member's counts and each direction's data segments in 32 bits, so a
/// flow fits four cache lines; what passes 2^32 carries into the rare parts and every figure
/// still reads back exactly (a migration stream passes 4 GiB in one direction within seconds).
final class FlowCountCarryTests: XCTestCase {
    private func segment(toServer: Bool, seq: UInt32, length: Int) -> DecodedPacket {
        tcpSegment(toServer: toServer, seq: seq, length: length, serverPort: 6600)
    }

    /// Packets of nearly 4 GB on the wire (as a capture's 32-bit original length can say), on two
    /// members, both ways, some sent by the host and some received: every count of every member,
    /// the flow's totals and the host's view equal the sums worked out in 64 bits.
    func testCountsPastTwoToThe32ReadBackExactly() {
        let table = FlowTable()
        let wire = 4_000_000_000
        var expected: [Int32: (fp: Int, fb: Int, rp: Int, rb: Int, fs: Int, rs: Int)] = [0: (0, 0, 0, 0, 0, 0), 1: (0, 0, 0, 0, 0, 0)]
        for k in 0..<40 {
            let member = Int32(k % 3 == 0 ? 1 : 0)
            let toServer = k % 4 != 3
            let sent = k % 5 != 0
            let length = wire - k
            _ = table.observe(segment(toServer: toServer, seq: UInt32(k * 1000), length: 100), wireLength: length, time: Int64(k) * 1000,
                              host: 0, member: member, sent: sent)
            var e = expected[member]!
            if toServer {
                e.fp += 1; e.fb += length; if sent { e.fs += length }
            } else {
                e.rp += 1; e.rb += length; if sent { e.rs += length }
            }
            expected[member] = e
        }
        XCTAssertEqual(table.count, 1)
        let f = table.record(0)
        XCTAssertFalse(f.rare.value?.carries.isEmpty ?? true, "the counts carried")
        var packets = 0, bytes = 0
        for m in f.members {
            let e = expected[m.member]!
            XCTAssertEqual([m.forwardPackets, m.forwardBytes, m.reversePackets, m.reverseBytes, m.forwardSentBytes, m.reverseSentBytes],
                           [e.fp, e.fb, e.rp, e.rb, e.fs, e.rs], "member \(m.member)")
            packets += e.fp + e.rp
            bytes += e.fb + e.rb
        }
        XCTAssertEqual(f.members.count, 2)
        XCTAssertEqual(f.packets, packets)
        XCTAssertEqual(f.bytes, bytes)
        XCTAssertEqual(f.once.bytes, bytes)
        let o = f.observations[0]
        XCTAssertEqual(o.forward.bytes + o.reverse.bytes, bytes)
        XCTAssertGreaterThan(bytes, 40 * 3_000_000_000)
    }

    /// An owner's counts past 2^32 (`updateMembers`) are kept whole, and a carry goes away when the
    /// owner puts the counts back below 2^32: the flow's rare parts hold only what they must.
    func testOwnersCountsPastTwoToThe32AreKeptWhole() {
        let table = FlowTable()
        _ = table.observe(segment(toServer: true, seq: 1, length: 100), wireLength: 154, time: 1, host: 0, member: 3, sent: true)
        table.updateMembers(ofFlow: 0) { $0.forwardSentBytes = 9_000_000_000; $0.reverseBytes = 1 << 40 }
        var m = table.record(0).members[0]
        XCTAssertEqual(m.forwardSentBytes, 9_000_000_000)
        XCTAssertEqual(m.reverseBytes, 1 << 40)
        XCTAssertEqual(m.forwardBytes, 154)
        table.updateMembers(ofFlow: 0) { $0.forwardSentBytes = 7; $0.reverseBytes = 0 }
        m = table.record(0).members[0]
        XCTAssertEqual([m.forwardSentBytes, m.reverseBytes, m.forwardBytes, m.forwardPackets], [7, 0, 154, 1])
        XCTAssertEqual(table.record(0).rare.value?.carries.count ?? 0, 0, "no carry left")
    }

    /// A direction's data segments past 2^31 move `carryStep` at a time to the events: the core's
    /// count keeps its place in the ring (the same residue modulo 64, the ring still full) and the
    /// metrics' count is whole.
    func testDataSegmentsCarryIntoTheEvents() {
        var core = ReorderingMetrics.Core(packets: 2 * ReorderingMetrics.Core.carryStep - 1)
        XCTAssertEqual(core.carry(), 0)
        let before = core.packets
        core = ReorderingMetrics.Core(packets: before + 1)
        XCTAssertEqual(core.carry(), 1 << 30)
        XCTAssertEqual(core.packets, 1 << 30)
        XCTAssertEqual(core.packets % UInt32(ReorderingMetrics.maxTracked), (before + 1) % UInt32(ReorderingMetrics.maxTracked))
        XCTAssertGreaterThanOrEqual(Int(core.packets), ReorderingMetrics.maxTracked)
        var events = ReorderingMetrics.Events()
        events.carriedPackets = 1 << 30
        XCTAssertEqual(ReorderingMetrics(core, events: events).packets, 1 << 31)
    }
}
