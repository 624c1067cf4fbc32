import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import SMBSessions
import TestSupport
import XCTest

/// SMB Direct over iWARP (TCP 5445, `SMBDirectIWARPScenario`): the MPA frames and FPDUs decode to
/// what TShark's iWARP and SMB Direct dissectors show, and the SMB2 messages inside data transfer
/// messages — one joined from two Sends, the first of two DDP segments — join the SMB view.
final class SMBDirectIWARPTests: XCTestCase {
    func write() throws -> String {
        let dir = try TestEnvironment.temporaryFolder("smbd-iwarp")
        _ = try SMBDirectIWARPScenario().write(to: dir)
        return dir
    }

    /// Per frame what TShark shows (`iwarp_*` and `smb_direct` fields, `|`-joined); TCP port 5445 is
    /// Wireshark 4.0's "artemis", so its heuristics must come first.
    static let fields = ["iwarp_mpa.rev", "iwarp_mpa.marker_flag", "iwarp_mpa.crc_flag", "iwarp_ddp.tagged_flag", "iwarp_ddp.last_flag",
                         "iwarp_rdma.opcode", "iwarp_ddp.qn", "iwarp_ddp.msn", "iwarp_ddp.mo", "iwarp_ddp.stag"]

    static func ours(_ path: String) throws -> [String] {
        let reader = try CaptureFile.open(path)
        var rows: [String] = []
        while let rec = try reader.next() {
            let d = PacketDecoder.decode(rec.bytes, linkType: .ethernet, wireLength: rec.wireLength)
            guard d.isTCP, d.payloadLength > 0 else { rows.append("|||||||||"); continue }
            let payload = UnsafeRawBufferPointer(rebasing: rec.bytes[d.payloadOffset...])
            func flag(_ b: Bool) -> String { b ? "1" : "0" }
            if let mpa = try MPAFrame(payload, at: 0) {
                rows.append(["\(mpa.revision)", flag(mpa.markers), flag(mpa.crc), "", "", "", "", "", "", ""].joined(separator: "|"))
                continue
            }
            let s = try DDPSegment(payload, at: 0)
            XCTAssertEqual(s.fpduLength, d.payloadLength, "one FPDU per segment")
            rows.append(["", "", "", flag(s.tagged), flag(s.last), String(format: "0x%02x", s.opcode.rawValue), s.queueNumber.map { "\($0)" } ?? "",
                         s.messageSequenceNumber.map { "\($0)" } ?? "", s.messageOffset.map { "\($0)" } ?? "",
                         s.steeringTag.map { String(format: "0x%08x", $0) } ?? ""].joined(separator: "|"))
        }
        return rows
    }

    func testFramesDecodeAsTShark() throws {
        let tshark = try TestEnvironment.tshark()
        let dir = try write()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for host in ["A", "B"] {
            let path = "\(dir)/\(host)/rnic0.pcap"
            var args = ["-r", path, "-o", "tcp.try_heuristic_first:TRUE", "-T", "fields", "-E", "separator=|"]
            for f in Self.fields { args += ["-e", f] }
            let r = try TestEnvironment.run(tshark, args)
            XCTAssertEqual(r.status, 0, r.stderr)
            let theirs = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let ours = try Self.ours(path)
            XCTAssertEqual(ours.count, theirs.count)
            for (i, (o, t)) in zip(ours, theirs).enumerated() { XCTAssertEqual(o, t, "\(host) frame \(i + 1)") }
            // The SMB Direct negotiation as TShark reads it, and the session id of every SMB2 message.
            let negotiation = try TestEnvironment.run(tshark, ["-r", path, "-o", "tcp.try_heuristic_first:TRUE", "-Y", "smb_direct.version.negotiated",
                                                               "-T", "fields", "-e", "smb_direct.max_read_write_size", "-e", "smb_direct.preferred_send_size"])
            XCTAssertEqual(negotiation.stdout, "1048576\t1364\n")
            let sessions = try TestEnvironment.run(tshark, ["-r", path, "-o", "tcp.try_heuristic_first:TRUE", "-Y", "smb2", "-T", "fields", "-e", "smb2.sesid"])
            XCTAssertEqual(Set(sessions.stdout.split(separator: "\n")), ["0x0000000000000000", "0x00003c0020000011"])
        }
    }

    /// The SMB view sees the session over RDMA: its channel on port 5445, the share, and the
    /// interface list that came in two data transfer messages (its first Send in two segments).
    func testSessionJoinsTheSMBView() throws {
        let dir = try write()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tracker = try track(["\(dir)/A/rnic0.pcap", "\(dir)/B/rnic0.pcap"])
        let sessions = tracker.sessionSummaries()
        XCTAssertEqual(sessions.count, 1)
        let s = try XCTUnwrap(sessions.first)
        XCTAssertEqual(s.id, SMBDirectIWARPScenario.sessionID)
        XCTAssertEqual(s.dialect?.rawValue, 0x0311)
        XCTAssertEqual(s.shares, ["\\\\hv02\\VMs"])
        XCTAssertEqual(s.interfaces.count, 8, "the SMB2 message joined from two data transfer messages")
        XCTAssertEqual(s.channels.map(\.serverPort), [5445])
        XCTAssertEqual(s.channels.first?.bound, false)
        XCTAssertEqual(tracker.statistics.messages, 10, "NEGOTIATE, SESSION_SETUP, TREE_CONNECT, IOCTL, WRITE: each way, each once of two hosts' copies")
    }

    /// An MPA request, the FPDUs of a Send in two segments, a tagged Write: fields, and every
    /// prefix of an FPDU's header throws where it is cut.
    func testFramingFields() throws {
        try IWARPFraming.mpa(request: true).withUnsafeBytes { b in
            let mpa = try XCTUnwrap(try MPAFrame(b, at: 0))
            XCTAssertTrue(mpa.isRequest)
            XCTAssertFalse(mpa.markers || mpa.crc || mpa.rejected)
            XCTAssertEqual(mpa.revision, 1)
        }
        try IWARPFraming.mpa(request: false).withUnsafeBytes { b in XCTAssertEqual(try MPAFrame(b, at: 0)?.isRequest, false) }
        let fpdus = IWARPFraming.send([UInt8](repeating: 7, count: 30), msn: 4, segment: 20)
        XCTAssertEqual(fpdus.count, 2)
        try fpdus[1].withUnsafeBytes { b in
            XCTAssertNil(try MPAFrame(b, at: 0))
            let s = try DDPSegment(b, at: 0)
            XCTAssertEqual([s.messageSequenceNumber, s.messageOffset, s.queueNumber], [4, 20, 0])
            XCTAssertTrue(s.last && !s.tagged && s.opcode.isSend)
            XCTAssertEqual(s.payloadLength, 10)
            XCTAssertEqual(s.fpduLength, fpdus[1].count)
        }
        for n in 0..<20 {
            try Array(fpdus[0].prefix(n)).withUnsafeBytes { b in
                XCTAssertThrowsError(try DDPSegment(b, at: 0)) { e in
                    XCTAssertEqual((e as? RDMAHeaderError)?.header, n < 4 ? .fpdu : .ddp, "\(n) bytes")
                }
            }
        }
        try IWARPFraming.write(length: 8, stag: 0x77, offset: 0x1_0000_0002, last: true).withUnsafeBytes { b in
            let s = try DDPSegment(b, at: 0)
            XCTAssertEqual(s.opcode, .write)
            XCTAssertEqual(s.steeringTag, 0x77)
            XCTAssertEqual(s.taggedOffset, 0x1_0000_0002)
            XCTAssertNil(s.queueNumber)
        }
    }

    /// The three SMB Direct messages, and what is none of them.
    func testSMBDirectMessages() {
        IWARPFraming.negotiateRequest().withUnsafeBytes { b in
            guard case .negotiateRequest(let r)? = SMBDirectMessage(b, length: b.count) else { return XCTFail("a negotiate request") }
            XCTAssertEqual([r.creditsRequested], [255])
            XCTAssertEqual([r.preferredSendSize, r.maxReceiveSize, r.maxFragmentedSize], [1_364, 8_192, 1 << 20])
        }
        IWARPFraming.negotiateResponse().withUnsafeBytes { b in
            guard case .negotiateResponse(let r)? = SMBDirectMessage(b, length: b.count) else { return XCTFail("a negotiate response") }
            XCTAssertEqual(r.negotiatedVersion, 0x0100)
            XCTAssertEqual(r.maxReadWriteSize, 1 << 20)
        }
        IWARPFraming.dataTransfer([1, 2, 3, 4], remaining: 96).withUnsafeBytes { b in
            guard case .dataTransfer(let d)? = SMBDirectMessage(b, length: b.count) else { return XCTFail("a data transfer") }
            XCTAssertEqual([d.dataOffset, d.dataLength, d.remainingDataLength], [24, 4, 96])
        }
        IWARPFraming.dataTransfer([]).prefix(20).withUnsafeBytes { b in
            guard case .dataTransfer(let d)? = SMBDirectMessage(b, length: 20) else { return XCTFail("an empty data transfer (a credit grant)") }
            XCTAssertEqual(d.dataLength, 0)
        }
        // Data past the message's end, and a message too short, are none.
        var bad = IWARPFraming.dataTransfer([1, 2, 3, 4])
        bad[16] = 200
        bad.withUnsafeBytes { XCTAssertNil(SMBDirectMessage($0, length: $0.count)) }
        [UInt8](repeating: 0, count: 19).withUnsafeBytes { XCTAssertNil(SMBDirectMessage($0, length: 19)) }
    }
}
