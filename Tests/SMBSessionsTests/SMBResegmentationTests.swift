import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import SMBSessions
import TestSupport
import XCTest

/// The same sessions come out however the TCP payload is cut: whole, in one-byte segments, in
/// random splits, and with segments duplicated and reordered.
final class SMBResegmentationTests: XCTestCase {
    struct Segment {
        var time: Int64
        var packet: DecodedPacket
        var payload: [UInt8]
    }

    /// Every TCP packet of a capture, decoded, with its captured payload.
    func segments(_ path: String) throws -> [Segment] {
        let reader = try CaptureFile.open(path)
        var out: [Segment] = []
        while let r = try reader.next() {
            let d = PacketDecoder.decode(r.bytes, linkType: reader.interfaces[r.interface].linkType, wireLength: r.wireLength)
            guard d.isTCP else { continue }
            let end = min(r.bytes.count, d.payloadOffset + d.payloadLength)
            let payload = d.payloadOffset < end ? Array(r.bytes[d.payloadOffset..<end]) : []
            out.append(Segment(time: r.timestamp, packet: d, payload: payload))
        }
        return out
    }

    /// Feeds segments to a fresh tracker; each payload is lent at offset 0.
    func run(_ segs: [Segment]) -> SMBTracker {
        let t = SMBTracker()
        for (i, s) in segs.enumerated() {
            var d = s.packet
            d.payloadOffset = 0
            d.payloadLength = s.payload.count
            s.payload.withUnsafeBytes { t.observe(d, bytes: $0, time: s.time, frame: SMBFrameRef(input: 0, frame: Int64(i + 1))) }
        }
        t.finish()
        return t
    }

    /// Cuts each payload into pieces of the lengths `sizes` gives, each with its sequence number.
    func split(_ segs: [Segment], _ sizes: (Int) -> Int) -> [[Segment]] {
        segs.map { s in
            guard s.payload.count > 1 else { return [s] }
            var pieces: [Segment] = []
            var o = 0
            while o < s.payload.count {
                let n = max(1, min(sizes(s.payload.count - o), s.payload.count - o))
                var p = s
                p.packet.tcpSequence = s.packet.tcpSequence &+ UInt32(o)
                p.packet.tcpFlags = s.packet.tcpFlags.subtracting(.syn)
                p.payload = Array(s.payload[o..<(o + n)])
                pieces.append(p)
                o += n
            }
            return pieces
        }
    }

    /// What must not change: sessions, their channels (and how each was bound), dialects,
    /// signing/encryption, interfaces, shares, bytes moved.
    func fingerprint(_ t: SMBTracker) -> [String] {
        t.sessionSummaries().map { s in
            let channels = s.channels.map { "\($0.client):\($0.clientPort)-\($0.server):\($0.serverPort) bound=\(String(describing: $0.bound)) status=\(String(describing: $0.setupStatus)) up=\($0.bytesToServer) down=\($0.bytesToClient)" }
            return "\(s.idHex) \(s.dialect?.name ?? "-") signed=\(s.signed) enc=\(s.encrypted)/\(s.encryptedMessages) mc=\(s.multichannelNegotiated) "
                + "if=\(s.interfaces.map { "\($0.index)@\($0.address?.description ?? "?")" }) shares=\(s.shares) r=\(s.readBytes) w=\(s.writeBytes) logoff=\(s.loggedOff) "
                + channels.joined(separator: "; ")
        }
    }

    func captures() throws -> [String] {
        var paths = [TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/A/NIC1.pcap.gz"].filter { FileManager.default.fileExists(atPath: $0) }
        if let root = try? TestEnvironment.corpus("real") {
            paths += try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix("smb_") }.sorted().map { root + "/" + $0 }
        }
        if paths.isEmpty { throw XCTSkip("no SMB capture: ../shared is absent and Captures/smb-multichannel has not been generated") }
        return paths
    }

    func testSameSessionsHoweverThePayloadIsCut() throws {
        for path in try captures() {
            let name = (path as NSString).lastPathComponent
            let segs = try segments(path)
            let whole = run(segs)
            let expected = fingerprint(whole)
            XCTAssertFalse(expected.isEmpty && !name.contains("negotiate"), "\(name): no session found")
            XCTAssertEqual(whole.statistics.malformed, 0, name)

            let bytes = run(split(segs) { _ in 1 }.flatMap { $0 })
            XCTAssertEqual(fingerprint(bytes), expected, "\(name): one-byte segments")
            XCTAssertEqual(bytes.statistics.malformed, 0, name)

            var seeded = SplitMix64(seed: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
            let random = run(split(segs) { left in Int.random(in: 1...max(1, min(left, 700)), using: &seeded) }.flatMap { $0 })
            XCTAssertEqual(fingerprint(random), expected, "\(name): random splits")

            // Pieces shuffled within each original segment and with its neighbour in the same
            // direction; about one piece in five sent twice (one copy much later).
            var groups = split(segs) { left in Int.random(in: 1...max(1, min(left, 300)), using: &seeded) }
            for i in groups.indices { groups[i].shuffle(using: &seeded) }
            var i = 0
            while i + 1 < groups.count {
                let a = groups[i][0].packet, b = groups[i + 1][0].packet
                if a.sourcePort == b.sourcePort && a.source == b.source && Int.random(in: 0..<3, using: &seeded) == 0 && !a.tcpFlags.contains(.syn) && !b.tcpFlags.contains(.syn) {
                    groups.swapAt(i, i + 1)
                    i += 2
                } else {
                    i += 1
                }
            }
            var messy: [Segment] = []
            var late: [(at: Int, Segment)] = []
            for g in groups {
                for p in g {
                    messy.append(p)
                    if !p.payload.isEmpty && Int.random(in: 0..<5, using: &seeded) == 0 { late.append((messy.count + 6, p)) }
                }
                while let l = late.first, l.at <= messy.count { messy.append(l.1); late.removeFirst() }
            }
            messy += late.map(\.1)
            let shuffled = run(messy)
            XCTAssertEqual(fingerprint(shuffled), expected, "\(name): duplicated and reordered")
            XCTAssertGreaterThan(shuffled.statistics.duplicateBytes, 0, name)
        }
    }
}
