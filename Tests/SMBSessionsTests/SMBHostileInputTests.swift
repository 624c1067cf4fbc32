import Foundation
import LabTraffic
import PacketWire
import SMBSessions
import XCTest

/// Every truncation of every message kind, and hostile messages: counted (malformed or not
/// captured, with the frame), never a crash, bounded memory, and what was valid is kept.
final class SMBHostileInputTests: XCTestCase {
    typealias B = SMBMessageBuilder
    static let session: UInt64 = 0x0000_4400_0000_0011

    /// A decoded TCP segment of 192.0.2.10 (client) and 192.0.2.20 (server), payload at offset 0.
    static func segment(toServer: Bool, clientPort: UInt16, serverPort: UInt16, seq: UInt32, flags: TCPFlags, length: Int) -> DecodedPacket {
        var d = DecodedPacket()
        d.network = .ipv4
        d.hasTransport = true
        d.ipProtocol = .tcp
        d.source = IPAddress(toServer ? "192.0.2.10" : "192.0.2.20")!
        d.destination = IPAddress(toServer ? "192.0.2.20" : "192.0.2.10")!
        d.sourcePort = toServer ? clientPort : serverPort
        d.destinationPort = toServer ? serverPort : clientPort
        d.tcpSequence = seq
        d.tcpFlags = flags
        d.payloadOffset = 0
        d.payloadLength = length
        return d
    }

    /// One connection: a SYN each way, then `payloads` client → server (or back), each in one segment.
    func feed(_ payloads: [(toServer: Bool, bytes: [UInt8], wire: Int?)], port: UInt16 = 445) -> SMBTracker {
        let t = SMBTracker()
        var seq: [UInt32] = [1000, 9000]
        func packet(_ toServer: Bool, flags: TCPFlags, length: Int) -> DecodedPacket {
            Self.segment(toServer: toServer, clientPort: 50_000, serverPort: port, seq: seq[toServer ? 0 : 1], flags: flags, length: length)
        }
        var frame: Int64 = 0
        for toServer in [true, false] {
            frame += 1
            [UInt8]().withUnsafeBytes { t.observe(packet(toServer, flags: .syn, length: 0), bytes: $0, time: frame, frame: SMBFrameRef(input: 0, frame: frame)) }
            seq[toServer ? 0 : 1] &+= 1
        }
        for p in payloads {
            frame += 1
            let wire = p.wire ?? p.bytes.count
            p.bytes.withUnsafeBytes { t.observe(packet(p.toServer, flags: [.ack, .psh], length: wire), bytes: $0, time: frame, frame: SMBFrameRef(input: 0, frame: frame)) }
            seq[p.toServer ? 0 : 1] &+= UInt32(wire)
        }
        t.finish()
        return t
    }

    /// Each message kind, as the client or the server sends it.
    var kinds: [(name: String, toServer: Bool, bytes: [UInt8])] {
        let s = Self.session
        let interfaces = [B.Interface(index: 3, rss: true, rdma: true, rssQueues: 4, linkSpeed: 10_000_000_000, address: IPAddress("192.0.2.20")!),
                          B.Interface(index: 4, rss: false, rdma: false, rssQueues: 0, linkSpeed: 1_000_000_000, address: IPAddress("2001:db8::20")!)]
        let first = B.header(command: 5, response: false, messageID: 7, sessionID: s, nextCommand: 72) + [UInt8](repeating: 0, count: 8)
        let second = B.header(command: 6, response: false, messageID: 8, sessionID: UInt64.max, related: true) + [UInt8](repeating: 0, count: 24)
        return [
            ("NEGOTIATE request", true, B.negotiateRequest(messageID: 0, dialects: [0x0300, 0x0302, 0x0311], capabilities: 0x4F, netName: "srv")),
            ("NEGOTIATE response", false, B.negotiateResponse(messageID: 0, dialect: 0x0311, capabilities: 0x0F)),
            ("SESSION_SETUP request", true, B.sessionSetupRequest(messageID: 1, sessionID: s, binding: true, final: true, signed: true)),
            ("SESSION_SETUP response", false, B.sessionSetupResponse(messageID: 1, sessionID: s, status: 0, flags: 4, signed: true)),
            ("TREE_CONNECT request", true, B.treeConnectRequest(messageID: 2, sessionID: s, path: "\\\\srv\\share")),
            ("TREE_CONNECT response", false, B.treeConnectResponse(messageID: 2, sessionID: s, treeID: 9)),
            ("IOCTL request", true, B.interfaceQueryRequest(messageID: 3, sessionID: s, treeID: 9)),
            ("IOCTL response", false, B.interfaceQueryResponse(messageID: 3, sessionID: s, treeID: 9, interfaces: interfaces)),
            ("WRITE request", true, B.writeRequest(messageID: 4, sessionID: s, treeID: 9, offset: 0, length: 300)),
            ("WRITE response", false, B.writeResponse(messageID: 4, sessionID: s, treeID: 9, count: 300)),
            ("READ request", true, B.readRequest(messageID: 5, sessionID: s, treeID: 9, offset: 0, length: 200)),
            ("READ response", false, B.readResponse(messageID: 5, sessionID: s, treeID: 9, length: 200)),
            ("LOGOFF", true, B.logoff(messageID: 6, sessionID: s)),
            ("compound", true, first + second),
            ("encrypted", true, B.encrypted(sessionID: s, size: 120)),
            ("compressed", true, B.compressed(plain: B.header(command: 9, response: false, messageID: 9, sessionID: s), compressedSize: 40)),
        ]
    }

    func testWholeMessagesDecodeCleanly() {
        for k in kinds {
            let t = feed([(k.toServer, B.directTCP(k.bytes), nil)])
            XCTAssertEqual(t.statistics.malformed, 0, "\(k.name): \(t.statistics.malformedSamples)")
            XCTAssertEqual(t.statistics.notCaptured, 0, k.name)
            XCTAssertEqual(t.statistics.messages, 1, k.name)
            if k.name != "NEGOTIATE request" && k.name != "NEGOTIATE response" {
                XCTAssertEqual(t.sessionSummaries().map(\.id), [Self.session], k.name)
            }
        }
        let t = feed(kinds.map { ($0.toServer, B.directTCP($0.bytes), nil) })
        let s = t.sessionSummaries()[0]
        XCTAssertEqual(s.interfaces.count, 2)
        XCTAssertEqual(s.interfaces.map { $0.address?.description }, ["192.0.2.20", "2001:db8::20"])
        XCTAssertEqual(s.shares, ["\\\\srv\\share"])
        XCTAssertEqual(s.channels.first?.bound, true)
        XCTAssertTrue(s.encrypted) // SESSION_SETUP said encrypt data, and a transform header came
        XCTAssertEqual(s.writeBytes, 300)
        XCTAssertEqual(s.readBytes, 200)
        XCTAssertTrue(s.loggedOff)
        XCTAssertEqual(t.statistics.compressedMessages, 1)
        XCTAssertEqual(t.statistics.encryptedMessages, 1)
    }

    /// The transport header declares a shorter message than the SMB structures inside claim:
    /// offsets and lengths point past the message. Malformed, counted once, never a crash; the
    /// session id of a complete header is kept.
    func testEveryLengthTruncation() {
        for k in kinds {
            for n in 1..<k.bytes.count {
                let t = feed([(k.toServer, B.directTCP(Array(k.bytes.prefix(n))), nil)])
                let st = t.statistics
                XCTAssertEqual(st.messages, 1, "\(k.name) cut to \(n)")
                XCTAssertEqual(st.notCaptured, 0, "\(k.name) cut to \(n)")
                let headerLength = k.name == "encrypted" ? 52 : (k.name == "compressed" ? 16 : 64)
                if n < headerLength { XCTAssertEqual(st.malformed, 1, "\(k.name) cut to \(n)") }
                XCTAssertLessThanOrEqual(st.malformed, 2, "\(k.name) cut to \(n)")
                if n >= 64 && k.name != "encrypted" && k.name != "compressed" && !k.name.hasPrefix("NEGOTIATE") {
                    XCTAssertEqual(t.sessionSummaries().map(\.id), [Self.session], "\(k.name) cut to \(n): the header's session is kept")
                }
                for p in st.malformedSamples { XCTAssertEqual(p.frame.frame, 3, "\(k.name) cut to \(n): the frame is named") }
            }
        }
    }

    /// The capture keeps only the first `n` bytes of the segment (snaplen): never "malformed",
    /// at most one message reported as not captured, and a complete header's session is kept.
    func testEveryCaptureTruncation() {
        for k in kinds {
            let framed = B.directTCP(k.bytes)
            for n in 0..<framed.count {
                let t = feed([(k.toServer, Array(framed.prefix(n)), framed.count)])
                let st = t.statistics
                XCTAssertEqual(st.malformed, 0, "\(k.name) captured to \(n): \(st.malformedSamples)")
                XCTAssertLessThanOrEqual(st.notCaptured, 1, "\(k.name) captured to \(n)")
                XCTAssertEqual(st.notCapturedBytes, Int64(framed.count - n), "\(k.name) captured to \(n)")
                if n >= 4 + 64 && k.name != "encrypted" && k.name != "compressed" && !k.name.hasPrefix("NEGOTIATE") {
                    XCTAssertEqual(t.sessionSummaries().map(\.id), [Self.session], "\(k.name) captured to \(n)")
                }
            }
        }
    }

    /// Port 139: NetBIOS session request, positive response and keep-alives are skipped; session
    /// messages (with the 17th length bit) carry SMB2.
    func testNetBIOSSessionService() {
        let request: [UInt8] = [0x81, 0, 0, 68] + [UInt8](repeating: 0x20, count: 68)
        let positive: [UInt8] = [0x82, 0, 0, 0]
        let keepAlive: [UInt8] = [0x85, 0, 0, 0]
        let setup = B.netBIOS(B.sessionSetupRequest(messageID: 1, sessionID: 0, binding: false, final: false))
        let answer = B.netBIOS(B.sessionSetupResponse(messageID: 1, sessionID: Self.session, status: 0))
        let big = B.netBIOS(B.writeRequest(messageID: 2, sessionID: Self.session, treeID: 1, offset: 0, length: 70_000))
        XCTAssertEqual(big[1], 1, "a message over 64 KiB uses the 17th length bit")
        let t = feed([(true, request, nil), (false, positive, nil), (true, keepAlive + setup, nil), (false, answer, nil), (true, big, nil)], port: 139)
        XCTAssertEqual(t.statistics.malformed, 0, "\(t.statistics.malformedSamples)")
        XCTAssertEqual(t.statistics.messages, 3)
        let s = t.sessionSummaries()
        XCTAssertEqual(s.map(\.id), [Self.session])
        XCTAssertEqual(s.first?.channels.first?.bound, false)
        XCTAssertEqual(s.first?.writeBytes, 70_000)
        XCTAssertEqual(s.first?.channels.first?.serverPort, 139)
        // A NetBIOS header with reserved flag bits set breaks framing: counted, resynchronised.
        let broken = feed([(true, [0x00, 0x80, 0, 4, 1, 2, 3, 4] + B.netBIOS(B.logoff(messageID: 3, sessionID: Self.session)), nil)], port: 139)
        XCTAssertEqual(broken.statistics.malformed, 1)
        XCTAssertEqual(broken.statistics.resyncs, 1)
        XCTAssertEqual(broken.sessionSummaries().first?.loggedOff, true)
    }

    /// Closed connections give their place up: 600 short connections one after the other are all
    /// followed, while 300 open at once stop at the cap and are counted.
    func testClosedConnectionsFreeTheirPlace() {
        func run(_ n: Int, close: Bool) -> SMBTracker {
            let t = SMBTracker()
            for k in 0..<n {
                let time = Int64(k) * 10_000_000_000
                var seq: UInt32 = 1000
                func send(_ flags: TCPFlags, _ payload: [UInt8]) {
                    let d = Self.segment(toServer: true, clientPort: UInt16(20_000 + k), serverPort: 445, seq: seq, flags: flags, length: payload.count)
                    payload.withUnsafeBytes { t.observe(d, bytes: $0, time: time, frame: SMBFrameRef(input: 0, frame: Int64(k))) }
                    seq &+= UInt32(payload.count) + (flags.contains(.syn) || flags.contains(.fin) ? 1 : 0)
                }
                send(.syn, [])
                send([.ack, .psh], B.directTCP(B.logoff(messageID: 1, sessionID: UInt64(k + 1))))
                if close { send(.rst, []) }
            }
            t.finish()
            return t
        }
        let closed = run(600, close: true)
        XCTAssertEqual(closed.statistics.untrackedConnections, 0)
        XCTAssertEqual(closed.sessionSummaries().count, 600)
        let open = run(300, close: false)
        XCTAssertEqual(open.statistics.connections, SMBTracker.maxConnections)
        XCTAssertEqual(open.statistics.untrackedConnections, 300 - SMBTracker.maxConnections)
    }

    func testEndlessCompoundChainIsCut() {
        var chain: [UInt8] = []
        for i in 0..<300 { chain += B.header(command: 16, response: false, messageID: UInt64(i), sessionID: Self.session, nextCommand: 64) }
        let t = feed([(true, B.directTCP(chain), nil)])
        XCTAssertEqual(t.statistics.malformed, 1)
        XCTAssertTrue(t.statistics.malformedSamples[0].what.contains("compound chain longer than"))
        XCTAssertEqual(t.statistics.operations, 128)
        var odd = B.header(command: 16, response: false, messageID: 1, sessionID: Self.session, nextCommand: 70) + [UInt8](repeating: 0, count: 80)
        let u = feed([(true, B.directTCP(odd), nil)])
        XCTAssertEqual(u.statistics.malformed, 1)
        XCTAssertEqual(u.sessionSummaries().count, 1, "the good header still names its session")
        odd[20] = 0xFF; odd[21] = 0xFF // NextCommand past the message
        XCTAssertEqual(feed([(true, B.directTCP(odd), nil)]).statistics.malformed, 1)
    }

    func testAbsurdInterfaceLists() {
        let one = [B.Interface(index: 1, rss: true, rdma: false, rssQueues: 2, linkSpeed: 1, address: IPAddress("192.0.2.20")!)]
        var m = B.interfaceQueryResponse(messageID: 3, sessionID: Self.session, treeID: 9, interfaces: one)
        // OutputCount far past the message.
        var huge = m
        huge[100] = 0xFF; huge[101] = 0xFF; huge[102] = 0xFF; huge[103] = 0x7F
        XCTAssertEqual(feed([(false, B.directTCP(huge), nil)]).statistics.malformed, 1)
        // Next pointing back into the same entry: malformed, the first entry kept.
        m[112] = 8
        let t = feed([(false, B.directTCP(m), nil)])
        XCTAssertEqual(t.statistics.malformed, 1)
        XCTAssertEqual(t.sessionSummaries().first?.interfaces.count, 1)
        // Thousands of entries: the list stops at the cap.
        let many = (0..<2000).map { B.Interface(index: UInt32($0), rss: false, rdma: false, rssQueues: 0, linkSpeed: 1, address: IPAddress("192.0.2.20")!) }
        let big = B.interfaceQueryResponse(messageID: 3, sessionID: Self.session, treeID: 9, interfaces: many)
        let u = feed([(false, B.directTCP(big), nil)])
        XCTAssertEqual(u.sessionSummaries().first?.interfaces.count, 256)
        // Dialect and context counts beyond the message.
        var n = B.negotiateRequest(messageID: 0, dialects: [0x0311], capabilities: 0, netName: "x")
        n[66] = 0xFF; n[67] = 0xFF
        XCTAssertEqual(feed([(true, B.directTCP(n), nil)]).statistics.malformed, 1)
    }

    /// Garbage on port 445, a message declaring 16 MiB, and a long hole: bounded, counted.
    func testGarbageAndHolesStayBounded() {
        var rng = SplitMix64(seed: 99)
        let garbage = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let chunks = stride(from: 0, to: garbage.count, by: 1400).map { Array(garbage[$0..<min($0 + 1400, garbage.count)]) }
        let ok = B.directTCP(B.treeConnectRequest(messageID: 2, sessionID: Self.session, path: "\\\\srv\\after"))
        let t = feed(chunks.map { (true, $0, nil) } + [(true, ok, nil)])
        XCTAssertGreaterThan(t.statistics.malformed + t.statistics.resyncs, 0)
        XCTAssertEqual(t.sessionSummaries().map(\.id).contains(Self.session), true, "found again after the garbage")

        // 16 MiB declared, 3 MB sent: only the prefix is kept, the message is decoded once.
        let header = B.writeRequest(messageID: 4, sessionID: Self.session, treeID: 9, offset: 0, length: 0)
        var big = [0, 0xFF, 0xFF, 0xFF] + header
        big += [UInt8](repeating: 0, count: 1400 - big.count)
        let rest = (0..<2000).map { _ in (true, [UInt8](repeating: 0, count: 1400), Optional<Int>.none) }
        let u = feed([(true, big, nil)] + rest)
        XCTAssertEqual(u.statistics.messages, 1)
        XCTAssertEqual(u.statistics.malformed, 0)
    }
}
