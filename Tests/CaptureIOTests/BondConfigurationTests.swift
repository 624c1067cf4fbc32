import CaptureIO
import TeamingModels
import Foundation
import TestSupport
import XCTest

/// A bond read from a sysfs tree laid out as the kernel lays it out (bonding.rst, "Configuring
/// Bonding Manually via Sysfs").
final class BondConfigurationTests: XCTestCase {
    func sysfs(_ files: [String: String]) throws -> String {
        let root = try TestEnvironment.temporaryFolder("sysfs")
        for (path, content) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try content.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    func testAnLACPBondWithItsPolicyMembersAndAddresses() throws {
        let root = try sysfs([
            "bond0/bonding/mode": "802.3ad 4\n", "bond0/bonding/xmit_hash_policy": "layer3+4 1\n",
            "bond0/bonding/slaves": "vethA0 vethA1\n", "bond0/bonding/active_slave": "\n",
            "bond0/address": "02:00:00:00:0a:01\n", "vethA0/address": "02:00:00:00:0a:01\n", "vethA1/address": "02:00:00:00:0a:01\n",
            "vethA1/operstate": "lowerlayerdown\n",
            "bond0/bonding/ad_aggregator": "1\n", "vethA0/bonding_slave/ad_aggregator_id": "1\n", "vethA1/bonding_slave/ad_aggregator_id": "2\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let b = try XCTUnwrap(BondConfiguration.read("bond0", root: root))
        XCTAssertEqual(b.mode, "802.3ad")
        XCTAssertEqual(b.xmitHashPolicy, "layer3+4")
        XCTAssertEqual(b.members, ["vethA0", "vethA1"])
        XCTAssertNil(b.active)
        XCTAssertEqual(b.addresses["bond0"], 0x0200_0000_0a01)
        XCTAssertEqual(model(b), "linux/layer3+4")
        XCTAssertEqual(b.aggregator, 1)
        XCTAssertEqual(b.aggregatedMembers, ["vethA0"], "vethA1 sits in another aggregator")
        XCTAssertEqual(BondConfiguration.operstate("vethA1", root: root), "lowerlayerdown")
        XCTAssertNil(BondConfiguration.operstate("vethA9", root: root))
        XCTAssertNil(BondConfiguration.read("vethA0", root: root), "not a bond")
    }

    func testModesNameTheirModels() throws {
        for (mode, model) in [("balance-rr 0", "linux/round-robin"), ("active-backup 1", "linux/active-backup"), ("balance-xor 2", "linux/layer2"),
                              ("balance-tlb 5", "linux/balance-tlb"), ("balance-alb 6", "linux/balance-alb")] {
            let root = try sysfs(["b/bonding/mode": mode + "\n", "b/bonding/xmit_hash_policy": "layer2 0\n", "b/bonding/slaves": "\n", "b/bonding/active_slave": "e0\n"])
            defer { try? FileManager.default.removeItem(atPath: root) }
            let b = try XCTUnwrap(BondConfiguration.read("b", root: root))
            XCTAssertEqual(self.model(b), model, mode)
            XCTAssertEqual(b.members, [])
            XCTAssertEqual(b.active, "e0")
        }
        let root = try sysfs(["b/bonding/mode": "broadcast 3\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        XCTAssertNil(BondConfiguration.read("b", root: root).flatMap(model))
    }

    /// The model the configuration names, as the live analysis reads it.
    func model(_ b: BondConfiguration) -> String? {
        BondMode(rawValue: b.mode).flatMap { ModelName(bondMode: $0, hashPolicy: b.xmitHashPolicy)?.rawValue }
    }

    func testMACsParse() {
        XCTAssertEqual(BondConfiguration.mac("02:00:00:00:0a:01"), 0x0200_0000_0a01)
        XCTAssertNil(BondConfiguration.mac("02:00:00:00:0a"))
        XCTAssertNil(BondConfiguration.mac("zz:00:00:00:0a:01"))
    }
}

/// /proc/net/bonding/BOND as the kernel writes it (bond_procfs.c), saved with `cat`.
final class ProcBondingTests: XCTestCase {
    static let lacp = """
    Ethernet Channel Bonding Driver: v6.1.0-57-amd64

    Bonding Mode: IEEE 802.3ad Dynamic link aggregation
    Transmit Hash Policy: layer2+3 (2)
    MII Status: up

    802.3ad info
    LACP active: on
    System MAC address: 4e:7e:d3:7b:97:d3
    Active Aggregator Info:
    \tAggregator ID: 1
    \tNumber of ports: 2

    Slave Interface: vethA1
    MII Status: up
    Permanent HW addr: d6:f8:fc:c3:ce:a2
    Aggregator ID: 1

    Slave Interface: vethA0
    MII Status: up
    Permanent HW addr: 4e:7e:d3:7b:97:d3
    Aggregator ID: 2
    """

    func testModePolicyAndEnslaveOrder() throws {
        let b = try XCTUnwrap(BondConfiguration.parse(procBonding: Self.lacp, name: "bond0"))
        XCTAssertEqual(b.mode, "802.3ad")
        XCTAssertEqual(b.xmitHashPolicy, "layer2+3")
        XCTAssertEqual(b.members, ["vethA1", "vethA0"], "the order of the Slave Interface sections: the enslave order")
        XCTAssertEqual(b.aggregator, 1)
        XCTAssertEqual(b.aggregatedMembers, ["vethA1"])
        XCTAssertEqual(b.addresses["bond0"], 0x4E7E_D37B_97D3)
    }

    func testActiveBackupAndWhatIsNotSuchAFile() throws {
        let text = "Bonding Mode: fault-tolerance (active-backup)\nPrimary Slave: None\nCurrently Active Slave: eth1\n\nSlave Interface: eth0\n\nSlave Interface: eth1\n"
        let b = try XCTUnwrap(BondConfiguration.parse(procBonding: text, name: "bond1"))
        XCTAssertEqual(b.mode, "active-backup")
        XCTAssertNil(b.xmitHashPolicy)
        XCTAssertEqual(b.active, "eth1")
        XCTAssertEqual(b.members, ["eth0", "eth1"])
        XCTAssertNil(BondConfiguration.parse(procBonding: "MemTotal: 1 kB\n", name: "x"))
    }
}
