import CaptureIO
import FuzzHarness
import PacketWire
import SMBSessions
import TestSupport
import XCTest

/// The fuzz targets are only as good as the paths they drive: these check that each harness
/// reaches the parser it names with the project's own samples, and that every input kept in
/// Fuzz/Regressions still goes through without a fault.
final class FuzzHarnessTests: XCTestCase {
    let captures = TestEnvironment.repositoryRoot + "/Captures"

    func testSMBSeedsReachTheDecoderAsTheCaptureDid() throws {
        let seeds = try FuzzSeeds(capture: captures + "/smb-multichannel/A/NIC1.pcap.gz")
        XCTAssertFalse(seeds.smb.isEmpty, "the SMB sample has SMB connections")
        XCTAssertEqual(seeds.pcap.count, 1)
        var sessions = 0, messages = 0
        for seed in seeds.smb {
            let tracker = SMBTracker()
            var feeder = SMBStreamFeeder()
            seed.withUnsafeBytes { feeder.feed(TCPStreamInput.segments($0), to: tracker) }
            XCTAssertEqual(tracker.statistics.malformed, 0, "a clean connection, replayed, frames cleanly")
            XCTAssertEqual(tracker.statistics.resyncs, 0)
            XCTAssertEqual(tracker.statistics.connections, 1)
            messages += tracker.statistics.messages
            sessions += tracker.sessionSummaries().count
        }
        XCTAssertGreaterThan(messages, 10)
        XCTAssertGreaterThan(sessions, 0, "negotiate and session setup are decoded from the replay")
    }

    func testTCPStreamInputRoundTripsAndTakesWhatIsLeft() {
        var bytes = TCPStreamInput.record(toServer: true, newConnection: true, payload: [1, 2, 3])
        bytes += TCPStreamInput.record(toServer: false, payload: [4, 5])
        bytes += [0x01, 0xFF, 0x00, 9]  // says 255 bytes, holds 1
        bytes.withUnsafeBytes { raw in
            let s = TCPStreamInput.segments(raw)
            XCTAssertEqual(s.count, 3)
            XCTAssertTrue(s[0].toServer && s[0].newConnection)
            XCTAssertEqual(Array(s[0].payload), [1, 2, 3])
            XCTAssertFalse(s[1].toServer)
            XCTAssertEqual(Array(s[1].payload), [4, 5])
            XCTAssertEqual(Array(s[2].payload), [9])
        }
    }

    func testDecodeSeedsCarryTheirLinkTypeAndDecode() throws {
        let seeds = try FuzzSeeds(capture: captures + "/lacp-l34/A/eth0.pcap")
        XCTAssertFalse(seeds.decode.isEmpty)
        XCTAssertLessThanOrEqual(seeds.decode.count, 64)
        for seed in seeds.decode {
            XCTAssertEqual(FrameExercise.linkTypes[Int(seed[0])], .ethernet)
            let d = seed.dropFirst().withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
            XCTAssertNotEqual(d.status, .unsupportedLink)
        }
        // Shapes differ: no two seeds of this capture decode to the same protocol stack and status.
        let shapes = Set(seeds.decode.map { seed in
            seed.dropFirst().withUnsafeBytes { raw -> [Int] in
                let d = PacketDecoder.decode(raw, linkType: .ethernet)
                return [Int(d.etherType.rawValue), Int(d.ipProtocol.rawValue), Int(d.vlanTagCount), d.isFragment ? 1 : 0, Int(d.status.rawValue)]
            }
        })
        XCTAssertEqual(shapes.count, seeds.decode.count)
    }

    func testCaptureSeedsAreTheDecompressedBytesCut() throws {
        let seeds = try FuzzSeeds(capture: captures + "/balance-rr/eth0.pcap.gz", limit: 4096)
        XCTAssertEqual(seeds.pcap.first?.count, 4096)
        XCTAssertEqual(seeds.pcap.first?.prefix(4), [0xD4, 0xC3, 0xB2, 0xA1])
        let ng = try FuzzSeeds(capture: captures + "/windows-pktmon/hv01.pcapng")
        XCTAssertEqual(ng.pcapng.count, 1)
        XCTAssertTrue(ng.pcap.isEmpty)
    }

    func testClaimsExerciseParsesTheSampleClaims() throws {
        let text = try String(contentsOfFile: captures + "/lacp-l34/claims-pass.yaml", encoding: .utf8)
        let n = Array(text.utf8).withUnsafeBytes { ClaimsExercise.run($0) }
        XCTAssertEqual(n, text.components(separatedBy: "\n").filter { $0.hasPrefix("  - ") }.count)
        XCTAssertNil(Array("claims: [".utf8).withUnsafeBytes { ClaimsExercise.run($0) })
    }

    /// Every input a fuzz run ever crashed on, kept in Fuzz/Regressions/<target>/, through the
    /// same work as the target does.
    func testRegressionInputsGoThroughWithoutAFault() throws {
        let root = TestEnvironment.repositoryRoot + "/Fuzz/Regressions"
        var ran = 0
        for target in FuzzTarget.allCases.map(\.rawValue) {
            let dir = root + "/" + target
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? [] where !name.hasPrefix(".") && name != "README.md" {
                let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
                data.withUnsafeBytes { FuzzTarget(rawValue: target)!.run($0) }
                ran += 1
            }
        }
        print("fuzz regressions: \(ran) inputs")
    }
}
