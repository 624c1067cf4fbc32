import FlowTracking
import PacketWire
import XCTest

/// TShark's conversation rule on a reused 4-tuple: after FIN or RST, a SYN with a new initial
/// sequence number opens a new flow; the same SYN again (a retransmission) stays in the flow.
final class FlowTableTests: XCTestCase {
    private func segment(_ fromClient: Bool, seq: UInt32, _ flags: TCPFlags, payload: Int = 0) -> DecodedPacket {
        var d = DecodedPacket()
        d.network = .ipv4
        d.etherType = .ipv4
        d.ipProtocol = .tcp
        d.hasTransport = true
        let client = IPAddress("192.0.2.1")!, server = IPAddress("192.0.2.2")!
        (d.source, d.destination) = fromClient ? (client, server) : (server, client)
        (d.sourcePort, d.destinationPort) = fromClient ? (50_000, 6600) : (6600, 50_000)
        d.tcpSequence = seq
        d.tcpFlags = flags
        d.tcpHeaderLength = 20
        d.payloadLength = payload
        d.ipLength = 40 + payload
        return d
    }

    private func connection(_ table: FlowTable, isn: UInt32, time: Int64) -> [FlowHit] {
        [segment(true, seq: isn, .syn), segment(false, seq: 9000, [.syn, .ack]), segment(true, seq: isn + 1, .ack, payload: 100),
         segment(true, seq: isn + 101, [.fin, .ack]), segment(false, seq: 9001, [.fin, .ack])]
            .enumerated().map { table.observe($1, wireLength: 100, time: time + Int64($0) * 1000, host: 0, member: 0, sent: true) }
    }

    func testTheSameSYNAfterFINStaysInTheFlowANewISNStartsOne() {
        let table = FlowTable()
        let first = connection(table, isn: 1000, time: 0)
        let again = table.observe(segment(true, seq: 1000, .syn), wireLength: 60, time: 1_000_000_000, host: 0, member: 0, sent: true)
        XCTAssertEqual(again.index, first[0].index, "a retransmitted SYN is not a new connection")
        XCTAssertTrue(again.retransmission)
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table.reusedTuples, 0)
        let next = connection(table, isn: 777_000, time: 2_000_000_000)
        XCTAssertNotEqual(next[0].index, first[0].index)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table.reusedTuples, 1)
    }

    /// A data segment of flow `k`: one source address per 60,000 source ports.
    private func flowSegment(_ k: Int) -> DecodedPacket {
        var d = segment(true, seq: 1000, .ack, payload: 100)
        d.source = IPAddress(ipv4: 0xC612_0001 + UInt32(k / 60_000))
        d.sourcePort = UInt16(1024 + k % 60_000)
        return d
    }

    /// The index holds 32 bits of each key's hash beside the flow's number and compares the key
    /// in the record: many flows, the index grown many times, every flow still finds its own
    /// record, and past the capacity the rest are counted (distinct flows, about).
    func testManyFlowsFindTheirOwnRecordsAcrossIndexGrowth() {
        let table = FlowTable(capacity: 6_000)
        var wrong: [String] = []
        for round in 0..<2 {
            for k in 0..<8_000 {
                let hit = table.observe(flowSegment(k), wireLength: 154, time: Int64(round * 8_000 + k), host: 0, member: 0, sent: true)
                if hit.index != (k < 6_000 ? k : -1) && wrong.count < 5 { wrong.append("flow \(k), round \(round): \(hit.index)") }
            }
        }
        XCTAssertEqual(wrong, [])
        XCTAssertEqual(table.count, 6_000)
        XCTAssertEqual(table.record(5_999).packets, 2)
        XCTAssertEqual(table.record(0).bytes, 308)
        XCTAssertEqual(table.untrackedPackets, 4_000)
        XCTAssertEqual(Double(table.untrackedFlows), 2_000, accuracy: 40)
    }
}
