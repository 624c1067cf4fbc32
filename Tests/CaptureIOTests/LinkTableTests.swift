import CaptureIO
import Foundation
import XCTest

/// `ip -d -j link show` as iproute2 prints it beside a bond (trimmed to the fields read; a real
/// host's, from ../shared/bondvm, with its statistics left out).
final class LinkTableTests: XCTestCase {
    static let json = """
    [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"],"link_type":"loopback","address":"00:00:00:00:00:00"},
     {"ifindex":2,"ifname":"bond0","flags":["MASTER","UP"],"link_type":"ether","address":"4e:7e:d3:7b:97:d3",
      "linkinfo":{"info_kind":"bond","info_data":{"mode":"802.3ad","xmit_hash_policy":"layer3+4",
      "ad_info":{"aggregator":1,"num_ports":2}}}},
     {"ifindex":4,"ifname":"vethA1","flags":["SLAVE","UP"],"master":"bond0","address":"4e:7e:d3:7b:97:d3",
      "linkinfo":{"info_kind":"veth","info_slave_kind":"bond","info_slave_data":{"state":"ACTIVE",
      "perm_hwaddr":"d6:f8:fc:c3:ce:a2","ad_aggregator_id":1}}},
     {"ifindex":3,"ifname":"vethA0","flags":["SLAVE","UP"],"master":"bond0","address":"4e:7e:d3:7b:97:d3",
      "linkinfo":{"info_kind":"veth","info_slave_kind":"bond","info_slave_data":{"state":"ACTIVE",
      "perm_hwaddr":"4e:7e:d3:7b:97:d3","ad_aggregator_id":2}}}]
    """

    func testNamesMastersAddressesAndTheBond() throws {
        let t = try LinkTable.parse(Data(Self.json.utf8), path: "links.json")
        XCTAssertEqual(t.names, [1: "lo", 2: "bond0", 3: "vethA0", 4: "vethA1"])
        XCTAssertEqual(t.masters, ["bond0"])
        XCTAssertEqual(t.addresses, [0x4E7E_D37B_97D3, 0xD6F8_FCC3_CEA2], "the bond's MAC and a member's own; lo's zero left out")
        let bond = try XCTUnwrap(t.bonds.first)
        XCTAssertEqual(bond.mode, "802.3ad")
        XCTAssertEqual(bond.xmitHashPolicy, "layer3+4")
        XCTAssertEqual(bond.members, ["vethA1", "vethA0"], "the table's order: ip link does not say the enslave order")
        XCTAssertEqual(bond.aggregatedMembers, ["vethA1"])
        XCTAssertNil(bond.active, "802.3ad has no active member: the kernel prints no active_slave")
    }

    /// The active member is the kernel's `active_slave`, whatever the mode (active-backup here;
    /// balance-tlb and balance-alb have one too), not the first member whose state is ACTIVE.
    func testTheActiveMemberIsTheKernels() throws {
        let json = """
        [{"ifindex":2,"ifname":"bond0","address":"4e:7e:d3:7b:97:d3",
          "linkinfo":{"info_kind":"bond","info_data":{"mode":"active-backup","active_slave":"vethA1"}}},
         {"ifindex":3,"ifname":"vethA0","master":"bond0","address":"4e:7e:d3:7b:97:d3",
          "linkinfo":{"info_kind":"veth","info_slave_kind":"bond","info_slave_data":{"state":"BACKUP"}}},
         {"ifindex":4,"ifname":"vethA1","master":"bond0","address":"4e:7e:d3:7b:97:d3",
          "linkinfo":{"info_kind":"veth","info_slave_kind":"bond","info_slave_data":{"state":"ACTIVE"}}}]
        """
        let bond = try XCTUnwrap(LinkTable.parse(Data(json.utf8), path: "links.json").bonds.first)
        XCTAssertEqual(bond.mode, "active-backup")
        XCTAssertEqual(bond.active, "vethA1")
    }

    func testWhatIsNotALinkListIsSaidWithWhere() {
        for (text, expected) in [("{}", "a JSON array of links"), ("[{\"ifname\":\"x\"}]", "an ifindex and an ifname in link 0"), ("ip: no", "a JSON array of links")] {
            XCTAssertThrowsError(try LinkTable.parse(Data(text.utf8), path: "l.json")) { e in
                XCTAssertEqual((e as? LinkTable.ParseError)?.expected, expected, text)
                XCTAssertTrue("\(e)".hasPrefix("l.json: not the output of `ip -d -j link show`"), "\(e)")
            }
        }
    }
}
