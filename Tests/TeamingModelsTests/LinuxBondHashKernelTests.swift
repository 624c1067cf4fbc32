import CaptureIO
import Foundation
import TeamingModels
import TestSupport
import XCTest

/// The real bonding driver is the judge: every frame a host sent on a member of its 802.3ad
/// layer3+4 bond, in ../shared/corpus/kernel-bonding, must be the member `LinuxBondHash`
/// predicts from the frame alone, given the enslave order (kernel 6.1: the current era).
final class LinuxBondHashKernelTests: XCTestCase {
    func testEveryFrameTheKernelHashedLandsOnThePredictedMember() throws {
        let root = try TestEnvironment.corpus("kernel-bonding")
        var checked = 0
        for scenario in ["lacp_l34", "lacp_l34_offload", "lacp_l34_failover"] {
            let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(root)/\(scenario)/truth.json"))) as! [String: Any]
            let order = truth["members_enslave_order"] as! [String: [String]]
            let macs = truth["mac_addresses"] as! [String: [String: [String: String]]]
            // The failover scenario runs on one member while the other is down: only the frames
            // before the member went down are hashed over two.
            let failover = truth["failover"] as? [String: Any]
            let downAt = (failover?["t_down_request"] as? String).flatMap(Double.init).map { Int64($0 * 1e9) } ?? .max
            // Before LACP has both ports distributing ("bonds ready"), only one is usable.
            let events = truth["events"] as! [[String: Any]]
            let readyAt = events.first { ($0["event"] as? String) == "bonds ready" }.map { Int64(($0["t"] as! Double) * 1e9) } ?? 0
            for side in ["A", "B"] {
                let local = Set(macs[side]!.values.map { $0["address"]!.lowercased() })
                for (index, member) in order[side]!.enumerated() {
                    let reader = try CaptureFile.open("\(root)/\(scenario)/pcap/\(side)_\(member).pcap")
                    var wrong = 0, total = 0
                    while let r = try reader.next() {
                        guard r.timestamp >= readyAt, r.timestamp < downAt, r.capturedLength >= 14 else { continue }
                        let src = (6..<12).map { String(format: "%02x", r.bytes[$0]) }.joined(separator: ":")
                        let type = UInt16(r.bytes[12]) << 8 | UInt16(r.bytes[13])
                        // Only what the bond hashed: frames the host sent through bond0, not the
                        // members' own LACPDUs (slow protocols) that each port sends itself.
                        guard local.contains(src), type != 0x8809 else { continue }
                        total += 1
                        if LinuxBondHash.member(frame: r.bytes, policy: .layer34, count: 2) != index { wrong += 1 }
                    }
                    XCTAssertEqual(wrong, 0, "\(scenario) \(side)/\(member): \(wrong) of \(total) frames on another member than predicted")
                    checked += total
                }
            }
        }
        XCTAssertGreaterThan(checked, 50_000)
    }
}
