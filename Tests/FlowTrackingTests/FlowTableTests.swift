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

    /// A host's view counts what its members counted, so the table keeps those counts once (in
    /// the members) and a view's packets and bytes are its host's members' sums: two hosts, the
    /// first with two members, packets both ways, each view equal to what it was sent.
    func testEachHostsViewCountsWhatItsOwnMembersCarried() {
        let table = FlowTable()
        // (fromClient, host, member, wire length)
        let packets: [(Bool, Int32, Int32, Int)] = [(true, 0, 0, 100), (false, 0, 1, 60), (true, 1, 2, 100), (true, 0, 1, 300),
                                                    (false, 1, 2, 60), (false, 1, 2, 64), (true, 0, 0, 1500), (false, 0, 0, 70)]
        var seq: UInt32 = 1000
        for (k, (fromClient, host, member, length)) in packets.enumerated() {
            seq += 10
            _ = table.observe(segment(fromClient, seq: seq, .ack, payload: fromClient ? 10 : 0), wireLength: length,
                              time: Int64(k) * 1000, host: host, member: member, sent: fromClient == (host == 0))
        }
        XCTAssertEqual(table.count, 1)
        let f = table.record(0)
        var expected: [Int32: (Int, Int, Int, Int)] = [:]
        for (fromClient, host, _, length) in packets {
            var e = expected[host] ?? (0, 0, 0, 0)
            if fromClient { e.0 += 1; e.1 += length } else { e.2 += 1; e.3 += length }
            expected[host] = e
        }
        XCTAssertEqual(f.observations.map(\.host), [0, 1])
        for o in f.observations {
            let e = expected[o.host]!
            XCTAssertEqual([o.forward.packets, o.forward.bytes, o.reverse.packets, o.reverse.bytes], [e.0, e.1, e.2, e.3], "host \(o.host)")
        }
        XCTAssertEqual(f.packets, packets.count)
        XCTAssertEqual(f.bytes, packets.map(\.3).reduce(0, +))
        // Host 0 saw five packets, host 1 three: the flow once is host 0's view.
        XCTAssertEqual(f.onceHost, 0)
        XCTAssertEqual(f.once.packets, 5)
        XCTAssertEqual(f.once.bytes, 100 + 60 + 300 + 1500 + 70)
    }

    /// The key keeps both addresses in four words and their families in one byte: every mix of
    /// IPv4 and IPv6 reads back as it went in, and keys differing only in a family differ.
    func testTheCompactKeyKeepsEveryAddressAndFamily() {
        let v4 = IPAddress("198.51.100.7")!, v6 = IPAddress("2001:db8::7")!, mapped = IPAddress(high: 0, low: v4.low)
        for (a, b) in [(v4, v6), (v6, v4), (v4, v4), (v6, v6), (mapped, v4)] {
            let k = FlowKey(a: a, b: b, aPort: 1, bPort: 2, ipProtocol: 6)
            XCTAssertEqual(k.a, a)
            XCTAssertEqual(k.b, b)
            XCTAssertEqual(k.a.isIPv6, a.isIPv6)
        }
        XCTAssertNotEqual(FlowKey(a: mapped, b: v4, aPort: 1, bPort: 2, ipProtocol: 6), FlowKey(a: v4, b: v4, aPort: 1, bPort: 2, ipProtocol: 6))
        var k = FlowKey(a: v4, b: v4, aPort: 1, bPort: 2, ipProtocol: 17)
        k.b = v6
        XCTAssertEqual(k.b, v6)
        XCTAssertEqual(k.a, v4)
    }

    /// The flow stage prefetches with a probe worked out ahead; a probe's lookup is the plain
    /// one: the same flows, directions and records, with prefetches in between (also for flows
    /// that are not there yet, and past the capacity).
    func testAProbedLookupIsThePlainOne() {
        let plain = FlowTable(capacity: 300), probed = FlowTable(capacity: 300)
        for round in 0..<2 {
            for k in 0..<400 {
                let d = k % 3 == 0 ? segment(false, seq: UInt32(k), .ack) : flowSegment(k)
                let p = FlowPacket(d), probe = FlowProbe(p)
                probed.prefetchSlot(probe)
                probed.prefetchRecord(probe)
                probed.prefetchHistory(probe)
                let time = Int64(round * 400 + k)
                let a = plain.observe(d, wireLength: 154, time: time, host: 0, member: 0, sent: true)
                let b = probed.observe(p, probe: probe, wireLength: 154, time: time, host: 0, member: 0, sent: true)
                XCTAssertEqual(a, b, "packet \(k), round \(round)")
            }
        }
        XCTAssertEqual(plain.count, probed.count)
        XCTAssertEqual(plain.untrackedPackets, probed.untrackedPackets)
        for i in 0..<plain.count {
            XCTAssertEqual(plain.key(i), probed.key(i))
            XCTAssertEqual(plain.record(i).packets, probed.record(i).packets)
        }
    }
}
