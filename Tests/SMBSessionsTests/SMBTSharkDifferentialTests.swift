import Foundation
import SMBSessions
import TestSupport
import XCTest

/// Sessions, their TCP connections, dialects and advertised interfaces equal TShark's on every
/// SMB capture of the shared corpus.
final class SMBTSharkDifferentialTests: XCTestCase {
    func testRealSMBCapturesMatchTShark() throws {
        let root = try TestEnvironment.corpus("real")
        _ = try TestEnvironment.tshark()
        let files = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix("smb_") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 7)
        for file in files {
            try compare(root + "/" + file)
        }
    }

    /// The generated multichannel sample, one member file at a time: each holds the channels
    /// hashed onto that member, and the advertised interfaces where the IOCTL response went.
    func testMultichannelSampleMatchesTShark() throws {
        _ = try TestEnvironment.tshark()
        let root = TestEnvironment.repositoryRoot + "/Captures/smb-multichannel"
        var interfaces = 0
        for file in ["A/NIC1.pcap.gz", "A/NIC2.pcap.gz", "B/NIC1.pcap.gz", "B/NIC2.pcap.gz"] {
            try compare(root + "/" + file)
            interfaces += try TSharkSMB(root + "/" + file).interfaces.count
        }
        XCTAssertEqual(interfaces, 4, "the interface list is in one member file per host")
    }

    func compare(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let name = (path as NSString).lastPathComponent
        let expected = try TSharkSMB(path)
        let tracker = try track([path])
        let sessions = tracker.sessionSummaries()
        var got: [String: Set<String>] = [:]
        for s in sessions {
            got[s.idHex] = Set(s.channels.map { connectionName($0.client.description, "\($0.clientPort)", $0.server.description, "\($0.serverPort)") })
        }
        XCTAssertEqual(got, expected.sessions, "\(name): sessions and their connections", file: file, line: line)
        for s in sessions {
            let want = expected.chosenDialects[s.idHex] ?? []
            XCTAssertEqual(s.dialect.map { Set([$0.hex]) } ?? [], want, "\(name): dialect of session \(s.idHex)", file: file, line: line)
        }
        for c in tracker.connectionSummaries() {
            let key = connectionName(c.client.description, "\(c.clientPort)", c.server.description, "\(c.serverPort)")
            let want = expected.connectionDialects[key] ?? ([], [])
            XCTAssertEqual(Set(c.dialectsOffered.map(\.hex)), want.offered, "\(name) \(key): dialects offered", file: file, line: line)
            XCTAssertEqual(Set(c.dialectsChosen.map(\.hex)), want.chosen, "\(name) \(key): dialect chosen", file: file, line: line)
        }
        let interfaces = sessions.flatMap(\.interfaces).map { i in
            "\(i.index) rss=\(i.rss ? 1 : 0) rdma=\(i.rdma ? 1 : 0) queues=\(i.rssQueueCount) speed=\(i.linkSpeed) \(i.address?.description ?? "")"
        }
        XCTAssertEqual(interfaces, expected.interfaces, "\(name): advertised interfaces", file: file, line: line)
        let st = tracker.statistics
        XCTAssertEqual(st.malformed, 0, "\(name): \(st.malformedSamples)", file: file, line: line)
    }
}
