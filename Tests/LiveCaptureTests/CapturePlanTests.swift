import Foundation
import LiveCapture
import TestSupport
import XCTest

/// The plan from a sysfs tree built in a folder, and from teamdctl's output given as text.
final class CapturePlanTests: XCTestCase {
    var sysfs = SysfsTree()

    override func setUpWithError() throws {
        let dir = try TestEnvironment.temporaryFolder("sysfs")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        sysfs = SysfsTree(root: dir)
        func file(_ path: String, _ text: String) throws {
            let full = sysfs.net + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        try file("bond0/bonding/mode", "802.3ad 4\n")
        try file("bond0/bonding/slaves", "eth0 eth1\n")
        try file("bond0/bonding/xmit_hash_policy", "layer3+4 1\n")
        try file("bond0/bonding/ad_aggregator", "1\n")
        try file("bond0/address", "02:00:00:00:0a:01\n")
        try file("bond0/operstate", "up\n")
        try file("bond1/bonding/mode", "active-backup 1\n")
        try file("bond1/bonding/slaves", "\n")
        try file("bond1/operstate", "down\n")
        for (name, oper, carrier) in [("eth0", "up", "1"), ("eth1", "down", "0"), ("eth2", "up", "1"), ("eth3", "down", "1"), ("eth4", "up", nil)] as [(String, String, String?)] {
            try file("\(name)/operstate", oper + "\n")
            try file("\(name)/address", "02:00:00:00:0a:0\(name.last!)\n")
            if let carrier { try file("\(name)/carrier", carrier + "\n") }
        }
        try file("eth0/bonding_slave/ad_aggregator_id", "1\n")
        try file("eth1/bonding_slave/ad_aggregator_id", "2\n")
        try file("team0/operstate", "up\n")
        try file("team0/lower_eth3", "")
        try file("team0/lower_eth2", "")
    }

    func testABondsMembersModeAndAggregator() throws {
        let plan = try CapturePlan.resolve(bond: "bond0", team: nil, interfaces: ["eth2"], withMaster: true, sysfs: sysfs)
        XCTAssertEqual(plan.members, ["eth0", "eth1", "eth2"])
        XCTAssertEqual(plan.interfaces, ["eth0", "eth1", "eth2", "bond0"])
        XCTAssertEqual(plan.bond?.mode, "802.3ad")
        XCTAssertEqual(plan.bond?.xmitHashPolicy, "layer3+4")
        XCTAssertEqual(plan.bond?.aggregatedMembers, ["eth0"])
        XCTAssertEqual(plan.device, "bond0")
        XCTAssertEqual(plan.currentMembers(sysfs: sysfs, teamdctl: nil), ["eth0", "eth1"])
    }

    func testWhatIsNotThereSaysWhereItLooked() {
        XCTAssertThrowsError(try CapturePlan.resolve(bond: "eth0", team: nil, interfaces: [], withMaster: false, sysfs: sysfs)) {
            XCTAssertEqual($0 as? CapturePlanError, .notABond(name: "eth0", path: sysfs.net + "/eth0/bonding"))
        }
        XCTAssertThrowsError(try CapturePlan.resolve(bond: "bond1", team: nil, interfaces: [], withMaster: false, sysfs: sysfs)) {
            XCTAssertEqual($0 as? CapturePlanError, .bondWithoutMembers(name: "bond1", path: sysfs.net + "/bond1/bonding/slaves"))
        }
        XCTAssertThrowsError(try CapturePlan.resolve(bond: nil, team: nil, interfaces: ["eth0", "eth9"], withMaster: false, sysfs: sysfs)) {
            XCTAssertEqual($0 as? CapturePlanError, .noSuchInterface(name: "eth9", path: sysfs.net + "/eth9"))
        }
        XCTAssertThrowsError(try CapturePlan.resolve(bond: nil, team: "team9", interfaces: [], withMaster: false, sysfs: sysfs)) {
            XCTAssertEqual($0 as? CapturePlanError, .teamWithoutPorts(name: "team9", net: sysfs.net))
        }
    }

    func testATeamsPortsFromTeamdctlElseItsLowerLinks() throws {
        let dump = #"{"ports": {"eth4": {"link": {"up": true}}, "eth2": {}}, "runner": {"active": true}}"#
        let fromTeamd = try CapturePlan.resolve(bond: nil, team: "team0", interfaces: [], withMaster: false, sysfs: sysfs, teamdctl: dump)
        XCTAssertEqual(fromTeamd.members, ["eth2", "eth4"])
        XCTAssertTrue(fromTeamd.isTeam)
        let fromSysfs = try CapturePlan.resolve(bond: nil, team: "team0", interfaces: ["eth0"], withMaster: false, sysfs: sysfs, teamdctl: "not json")
        XCTAssertEqual(fromSysfs.members, ["eth2", "eth3", "eth0"])
    }

    func testInterfacesGivenAreCheckedAndKeptInOrder() throws {
        XCTAssertEqual(try CapturePlan.resolve(bond: nil, team: nil, interfaces: ["eth2", "eth0"], withMaster: false, sysfs: sysfs).members, ["eth2", "eth0"])
    }

    /// The link state: operstate, corrected by carrier (the kernel updates operstate up to a
    /// second late); no carrier file: administratively down.
    func testLinkStateFromOperstateAndCarrier() {
        XCTAssertEqual(sysfs.linkState("eth0"), .up)
        XCTAssertEqual(sysfs.linkState("eth1"), .down)
        XCTAssertEqual(sysfs.linkState("eth3"), .up, "carrier on before operstate says so")
        XCTAssertEqual(sysfs.linkState("eth4"), .down, "carrier unreadable: administratively down")
        XCTAssertNil(sysfs.linkState("eth9"))
        XCTAssertEqual(sysfs.address("eth2"), 0x02_00_00_00_0a_02)
    }
}
