import FlowTracking
import PacketWire
import XCTest

/// Idle flows leave the table (`FlowTable.retire`) for per-member totals and a bounded list of
/// the largest: their figures are kept, the flows that stay are found where they moved, and the
/// table holds the active flows only, however many came and went.
final class FlowRetirementTests: XCTestCase {
    let s: Int64 = 1_000_000_000

    /// A UDP datagram of flow `n` (192.0.2.1:n+1024 → 198.51.100.1:9000) with `payload` bytes.
    private func datagram(_ n: Int, payload: Int = 100) -> DecodedPacket {
        var d = DecodedPacket()
        d.network = .ipv4
        d.etherType = .ipv4
        d.ipProtocol = .udp
        d.hasTransport = true
        d.source = IPAddress("192.0.2.1")!
        d.destination = IPAddress("198.51.100.1")!
        d.sourcePort = UInt16(1024 + n % 60_000)
        d.destinationPort = UInt16(9000 + n / 60_000)
        d.payloadLength = payload
        d.ipLength = 28 + payload
        return d
    }

    @discardableResult
    private func send(_ table: FlowTable, _ n: Int, at time: Int64, member: Int32, bytes: Int = 142, sent: Bool = true) -> FlowHit {
        table.observe(datagram(n, payload: bytes - 42), wireLength: bytes, time: time, host: 0, member: member, sent: sent)
    }

    func testARetiredFlowKeepsItsFiguresInItsMembersTotals() {
        let table = FlowTable()
        // Flow 1 on member 0 (3 sent), flow 2 on members 0 and 1 (1 + 2 received), flow 3 active.
        for k in 0..<3 { send(table, 1, at: Int64(k) * s, member: 0, bytes: 100) }
        send(table, 2, at: 1 * s, member: 0, bytes: 200, sent: false)
        send(table, 2, at: 2 * s, member: 1, bytes: 300, sent: false)
        send(table, 2, at: 3 * s, member: 1, bytes: 300, sent: false)
        send(table, 3, at: 100 * s, member: 1, bytes: 50)
        var retired = RetiredFlows(keep: 5)
        let r = table.retire(lastSeenBefore: 50 * s, into: &retired)
        XCTAssertEqual(r?.retired, 2)
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(retired.flows, 2)
        XCTAssertEqual(retired.udp, 2)
        XCTAssertEqual(retired.packets, 6)
        XCTAssertEqual(retired.bytes, 300 + 800)
        XCTAssertEqual(retired.members[0], {
            var t = RetiredMemberTotals(); t.flows = 2; t.packets = 4; t.bytes = 500; t.sentBytes = 300; return t
        }())
        XCTAssertEqual(retired.members[1], {
            var t = RetiredMemberTotals(); t.flows = 1; t.packets = 2; t.bytes = 600; t.sentBytes = 0; return t
        }())
        // Largest first.
        XCTAssertEqual(retired.largest.map(\.bytes), [800, 300])
        XCTAssertEqual(retired.largest.first?.members.map(\.member), [0, 1])
    }

    func testTheFlowsThatStayAreFoundWhereTheyMovedAndARetiredKeyStartsAFlowAgain() {
        let table = FlowTable()
        for n in 0..<10 { send(table, n, at: (n.isMultiple(of: 2) ? 1 : 90) * s, member: 0) }
        var retired = RetiredFlows()
        let r = table.retire(lastSeenBefore: 50 * s, into: &retired)!
        XCTAssertEqual(r.retired, 5)
        XCTAssertEqual(r.newIndex, [-1, 0, -1, 1, -1, 2, -1, 3, -1, 4], "the odd flows stay, in their order")
        for n in stride(from: 1, to: 10, by: 2) {
            let hit = send(table, n, at: 95 * s, member: 0)
            XCTAssertEqual(hit.index, n / 2, "flow \(n) is found at its new place")
            XCTAssertEqual(table.record(hit.index).packets, 2)
        }
        XCTAssertEqual(table.count, 5)
        let again = send(table, 0, at: 96 * s, member: 0)
        XCTAssertEqual(again.index, 5, "a retired flow's key starts a new flow")
        XCTAssertEqual(table.record(again.index).packets, 1)
        XCTAssertNil(table.retire(lastSeenBefore: 50 * s, into: &retired), "nothing idle: nothing moves")
    }

    func testTheBoundedListKeepsTheLargestWhateverTheOrderTheyRetireIn() {
        var retired = RetiredFlows(keep: 4)
        let table = FlowTable()
        // 200 flows of distinct sizes in a scrambled order, retired in four rounds.
        let sizes = (0..<200).map { ($0 * 73) % 200 + 60 }
        for round in 0..<4 {
            for n in (round * 50)..<((round + 1) * 50) { send(table, n, at: Int64(round) * 10 * s, member: Int32(n % 2), bytes: sizes[n]) }
            _ = table.retire(lastSeenBefore: Int64(round) * 10 * s + 1, into: &retired)
        }
        XCTAssertEqual(table.count, 0)
        XCTAssertEqual(retired.flows, 200)
        XCTAssertEqual(retired.largest.map(\.bytes), [259, 258, 257, 256])
        XCTAssertEqual(retired.bytes, sizes.reduce(0, +))
        XCTAssertEqual(retired.members[0]!.flows + retired.members[1]!.flows, 200)
    }

    func testTheTableHoldsTheActiveFlowsOnlyHoweverManyComeAndGo() {
        let table = FlowTable(capacity: 1 << 12)
        var retired = RetiredFlows(keep: 20)
        // 60 rounds of 500 new flows a second: 30,000 flows in all, each idle after its second;
        // retiring what is idle for 5 s keeps 3,000, under a capacity that 30,000 would overflow.
        var most = 0
        for second in 0..<60 {
            for k in 0..<500 { send(table, second * 500 + k, at: Int64(second) * s, member: Int32(k % 2)) }
            _ = table.retire(lastSeenBefore: Int64(second - 5) * s, into: &retired)
            most = max(most, table.count)
        }
        XCTAssertEqual(table.untrackedFlows, 0, "no flow was refused for want of room")
        XCTAssertEqual(most, 3000)
        XCTAssertEqual(retired.flows + table.count, 30_000)
        XCTAssertEqual(retired.largest.count, 20)
        XCTAssertEqual(retired.packets + table.flows.reduce(0) { $0 + $1.packets }, 30_000)
    }

    func testAnExemptFlowStaysHoweverIdle() {
        let table = FlowTable()
        send(table, 1, at: 0, member: 0)
        send(table, 2, at: 0, member: 0)
        var retired = RetiredFlows()
        let kept = table.key(0)
        _ = table.retire(lastSeenBefore: 10 * s, exempt: { $0 == kept }, into: &retired)
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table.key(0), kept)
        XCTAssertEqual(retired.flows, 1)
    }
}
