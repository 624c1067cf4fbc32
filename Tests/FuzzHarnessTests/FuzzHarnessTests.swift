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

    /// The RoCEv2 target reaches the header reader: each seed decodes; every prefix of one, and
    /// every declared length, goes through (a prefix too short for its headers is refused).
    func testRoCETargetReachesTheHeaderReader() {
        for seed in RoCEExercise.seeds {
            XCTAssertTrue(seed.withUnsafeBytes { RoCEExercise.run($0) }, "\(seed.prefix(3))")
            for n in 0..<seed.count {
                let decoded = Array(seed.prefix(n)).withUnsafeBytes { RoCEExercise.run($0) }
                if n < 2 + 12 { XCTAssertFalse(decoded, "\(n) bytes") }
            }
            for declared in [0, 11, 12, 15, 16, 27, 31, 0xFFFF] {
                _ = (RoCEExercise.input(declared: declared, payload: Array(seed.dropFirst(2)))).withUnsafeBytes { RoCEExercise.run($0) }
            }
        }
        XCTAssertFalse(RoCEExercise.input(declared: 8, payload: Array(RoCEExercise.seeds[1].dropFirst(2))).withUnsafeBytes { RoCEExercise.run($0) },
                       "a datagram shorter than its BTH")
    }

    /// Every input a fuzz run ever crashed on, kept in Fuzz/Regressions/<target>/, through the
    /// same work as the target does, each in a process of its own (`fuzz-replay`): an input that
    /// crashes again ends that process by a signal and fails this test, naming the file, where in
    /// this process it would end the whole test run. A missing folder, or a folder with no input,
    /// fails too.
    func testRegressionInputsGoThroughWithoutAFault() throws {
        let inputs = try Self.regressionInputs(TestEnvironment.repositoryRoot + "/Fuzz/Regressions")
        XCTAssertGreaterThan(inputs.count, 0, "Fuzz/Regressions holds no input")
        for (target, path) in inputs {
            XCTAssertNil(try Self.replayFault(target, path))
        }
    }

    /// The inputs kept under `root`, per target folder (a target without a folder has none).
    /// Throws when `root` cannot be listed.
    static func regressionInputs(_ root: String) throws -> [(target: FuzzTarget, path: String)] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: root)
        var out: [(target: FuzzTarget, path: String)] = []
        for target in FuzzTarget.allCases where folders.contains(target.rawValue) {
            let dir = root + "/" + target.rawValue
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            for name in names where !name.hasPrefix(".") && name != "README.md" {
                out.append((target, dir + "/" + name))
            }
        }
        return out
    }

    /// Runs `path` through `target` in a `fuzz-replay` process: nil when it went through (exit
    /// status 0), else what happened, naming the file.
    static func replayFault(_ target: FuzzTarget, _ path: String, runner: String? = nil) throws -> String? {
        let runner = runner ?? TestEnvironment.builtExecutable("fuzz-replay")
        let r = try TestEnvironment.run(runner, [target.rawValue, path])
        guard r.status != 0 else { return nil }
        return "\(target.rawValue) \(path) did not go through (status or signal \(r.status)): \(r.stderr.suffix(2000))"
    }

    /// The checks above fail when they should: a missing folder throws, and a child that dies by a
    /// signal (a shell killing itself, standing in for a crashing input) fails the assertion.
    func testRegressionChecksCanFail() throws {
        XCTAssertThrowsError(try Self.regressionInputs(TestEnvironment.repositoryRoot + "/Fuzz/NoSuchFolder"))
        let dir = try TestEnvironment.temporaryFolder("fuzz-replay")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let crashing = dir + "/crashing"
        try "#!/bin/sh\nkill -SEGV $$\n".write(toFile: crashing, atomically: true, encoding: .utf8)
        XCTAssertEqual(chmod(crashing, 0o755), 0)
        XCTAssertNotNil(try Self.replayFault(.claims, "/dev/null", runner: crashing), "a runner killed by SIGSEGV")
        // The real runner: an empty input goes through, a file it cannot read does not.
        XCTAssertNil(try Self.replayFault(.claims, "/dev/null"))
        XCTAssertNotNil(try Self.replayFault(.claims, dir + "/nosuch"))
    }
}
