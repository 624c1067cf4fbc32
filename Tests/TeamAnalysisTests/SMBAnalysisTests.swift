import Foundation
import LabTraffic
import SMBSessions
import TeamAnalysis
import TestSupport
import XCTest

/// `analyze` on the SMB multichannel sample: one session, its four channels, the member each
/// channel takes on each host, and what the server advertised.
final class SMBAnalysisTests: XCTestCase {
    func report(_ files: [String]) throws -> AnalysisReport {
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel/"
        let specs = files.map { CaptureSpec.parse(root + $0) }
        return try TeamAnalyzer(specs: specs, options: AnalysisOptions()).run()
    }

    func testMultichannelSessionOverBothMembersOfBothHosts() throws {
        let r = try report(["A/NIC1.pcap.gz", "A/NIC2.pcap.gz", "B/NIC1.pcap.gz", "B/NIC2.pcap.gz"])
        XCTAssertEqual(r.smbSessions.count, 1)
        let s = try XCTUnwrap(r.smbSessions.first)
        XCTAssertEqual(s.sessionId, "0x00001c0010000049")
        XCTAssertEqual(s.dialect, "3.1.1")
        XCTAssertTrue(s.multichannelNegotiated)
        XCTAssertTrue(s.signed)
        XCTAssertFalse(s.encrypted)
        XCTAssertEqual(s.shares, ["\\\\HV02\\VMs"])
        XCTAssertEqual(s.writeBytes, 4 * 6 * 65_536)
        XCTAssertEqual(s.channels.map(\.bound), [false, true, true, true])
        XCTAssertEqual(s.channels.map(\.setupStatus), Array(repeating: NTStatus.success, count: 4))
        // Every channel is pinned to one member on each host, the same index on both ends
        // (layer3+4 is symmetric), and the four channels use both members.
        var perMember: [String: Int] = [:]
        for c in s.channels {
            XCTAssertEqual(c.serverPort, 445)
            XCTAssertEqual(Set(c.carriedBy.keys), ["A", "B"])
            XCTAssertFalse(c.carriedBy.values.contains("split"))
            XCTAssertEqual(c.carriedBy["A"], c.carriedBy["B"])
            perMember[c.carriedBy["A"]!, default: 0] += 1
            XCTAssertEqual(Set(c.members.keys.map { String($0.prefix(1)) }), ["A", "B"])
            XCTAssertGreaterThan(c.bytesToServer, 6 * 65_536)
        }
        XCTAssertEqual(perMember, ["NIC1": 2, "NIC2": 2])
        XCTAssertEqual(s.membersUsed, ["A": 2, "B": 2])
        XCTAssertEqual(s.interfaces.map(\.index), [12, 7])
        XCTAssertEqual(s.interfaces.map(\.rdma), [false, true])
        XCTAssertEqual(s.interfaces.map(\.rssQueueCount), [8, 4])
        XCTAssertEqual(s.interfaces.map(\.linkSpeed), [20_000_000_000, 25_000_000_000])
        XCTAssertEqual(s.interfaces.map(\.addresses), [["198.51.100.12"], ["203.0.113.12"]])
        let findings = try XCTUnwrap(s.findings)
        XCTAssertTrue(findings.contains(.rdmaInterfaces([.init(index: 7, addresses: ["203.0.113.12"])])), "\(findings)")
        let spreadOnA = findings.compactMap { f -> [SMBNote.MemberShare]? in if case .spread("A", let shares) = f { return shares } else { return nil } }
        XCTAssertEqual(spreadOnA.first?.map(\.member), ["NIC1", "NIC2"], "\(findings)")
        for share in spreadOnA.first ?? [] { XCTAssertEqual(share.share, 0.5, accuracy: 0.001) }
        let smb = try XCTUnwrap(r.smb)
        XCTAssertEqual(smb.connections, 4)
        XCTAssertEqual(smb.malformed, 0)
        XCTAssertEqual(smb.notCaptured, 0)
        XCTAssertEqual(smb.connectionDetails.first?.dialectsOffered, ["2.0.2", "2.1", "3.0", "3.0.2", "3.1.1"])
        XCTAssertEqual(smb.connectionDetails.first?.serverContexts?["encryption"], ["AES-128-GCM"])
        XCTAssertTrue(smb.connectionDetails.first?.serverCapabilities.contains("multichannel") ?? false)
    }

    /// One member of one host: only the channels hashed there, each still a channel of the session.
    func testOneMemberSeesItsChannels() throws {
        let r = try report(["A/NIC2.pcap.gz"])
        let s = try XCTUnwrap(r.smbSessions.first)
        XCTAssertEqual(s.channels.count, 2)
        XCTAssertEqual(s.channels.map(\.bound), [true, true])
        XCTAssertTrue(s.interfaces.isEmpty || s.interfaces.count == 2)
        // One folder alone: the host is called "host".
        XCTAssertTrue(s.findings?.contains(.oneMember(host: "host", member: "NIC2")) == true, "\(String(describing: s.findings))")
    }
}
