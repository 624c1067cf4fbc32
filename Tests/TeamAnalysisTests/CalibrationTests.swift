import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TeamingModels
import TestSupport
import XCTest

/// A few cases of the confidence calibration (`scripts/calibrate.sh`, issue 21 item 6), pinned
/// in CI: the verdict and its confidence on generated captures of host A's members, with and
/// without `--local-mac`; and one packet more or less never changes either.
final class CalibrationTests: XCTestCase {
    struct Judged: Equatable, CustomStringConvertible {
        var family: TeamFamily?
        var model: ModelName?
        var confidence: Confidence
        var description: String { "\(family?.rawValue ?? "-") \(model?.rawValue ?? "-") \(confidence.rawValue)" }
    }

    func judge(_ files: [String], hints: [MACAddress] = []) throws -> Judged {
        var options = AnalysisOptions()
        options.localMACs = hints.map { LocalAddress(host: nil, address: $0) }
        let v = try XCTUnwrap(try TeamAnalyzer(specs: files.map { CaptureSpec(path: $0) }, options: options).run().hosts.first?.team)
        return Judged(family: v.family, model: v.model, confidence: v.confidence)
    }

    func testPinnedCases() throws {
        let cases: [(CalibrationScenario, Confidence, Confidence)] = [
            (CalibrationScenario(mode: .ieee8023ad, policy: .layer34, members: 3, flows: 40, peer: .switch, seed: 32), .high, .high),
            (CalibrationScenario(mode: .balanceXOR, policy: .layer23, members: 4, flows: 40, peer: .bond, seed: 71), .medium, .medium),
            (CalibrationScenario(mode: .balanceRR, members: 2, flows: 40, peer: .bond, seed: 99), .medium, .high),
            (CalibrationScenario(mode: .activeBackup, members: 2, flows: 4, peer: .switch, seed: 110), .medium, .medium),
            (CalibrationScenario(mode: .balanceALB, members: 3, flows: 40, peer: .switch, seed: 140), .high, .high),
        ]
        for (s, alone, hinted) in cases {
            let dir = try TestEnvironment.temporaryFolder("calibration")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let files = try s.write(to: dir)
            let expected = Judged(family: s.family, model: s.model, confidence: alone)
            XCTAssertEqual(try judge(files), expected, s.name)
            XCTAssertEqual(try judge(files, hints: s.localMACs), Judged(family: s.family, model: s.model, confidence: hinted), "\(s.name) --local-mac")
        }
    }

    /// The same capture gives the same verdict, and dropping or repeating one packet (at five
    /// places of the first member's file) leaves family, model and confidence as they were.
    func testOnePacketMoreOrLessChangesNothing() throws {
        for s in [CalibrationScenario(mode: .ieee8023ad, policy: .layer34, members: 2, flows: 40, peer: .bond, seed: 5),
                  CalibrationScenario(mode: .balanceTLB, members: 3, flows: 40, peer: .switch, seed: 9)] {
            let dir = try TestEnvironment.temporaryFolder("stability")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let files = try s.write(to: dir)
            let whole = try judge(files)
            XCTAssertEqual(try judge(files), whole, "\(s.name): the same capture, the same verdict")
            var records: [(Int64, [UInt8], Int)] = []
            let reader = try CaptureFile.open(files[0])
            while let r = try reader.next() { records.append((r.timestamp, Array(r.bytes), r.wireLength)) }
            for k in 1...5 {
                let at = records.count * k / 6
                for repeated in [false, true] {
                    var variant = records
                    if repeated { variant.insert(records[at], at: at) } else { variant.remove(at: at) }
                    // In place: the member keeps its name and its folder (the host).
                    let w = try CaptureWriter(path: files[0], format: .pcap(nanoseconds: false), interfaces: [.init(name: "eth0", snapLength: 65_535)])
                    for r in variant { w.write(timestamp: r.0, bytes: r.1, wireLength: r.2) }
                    w.close()
                    XCTAssertEqual(try judge(files), whole, "\(s.name): packet \(at) \(repeated ? "repeated" : "dropped")")
                }
            }
        }
    }
}
