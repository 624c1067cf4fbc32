import Reporting
import TeamAnalysis
import XCTest

/// The text report's LACP line (`Phrasebook.lacpLine`).
final class LACPLineTests: XCTestCase {
    /// A member whose LACPDUs had no known direction: both ports and their partners, no actor.
    func testPortsWhenTheDirectionIsUnknown() throws {
        let json = """
        {"host": "host", "member": "eth0", "pdus": 12, "markers": 0, "distributing": false, "state_changes": [],
         "ports": [
          {"system": "02:00:00:00:0a:01", "key": 9, "port": 1, "pdus": 6, "state": 61, "flags": [],
           "partner_system": "02:00:00:00:0b:01", "partner_key": 13, "partner_port": 1},
          {"system": "02:00:00:00:0b:01", "key": 13, "port": 1, "pdus": 6, "state": 63, "flags": [],
           "partner_system": "02:00:00:00:0a:01", "partner_key": 9, "partner_port": 1}]}
        """
        let l = try JSONOutput.parse(LACPReport.self, from: json)
        XCTAssertEqual(Phrasebook.lacpLine(l),
                       "12 LACPDUs; the ports, whichever side is the host's: 02:00:00:00:0a:01 key 9 port 1 (partner 02:00:00:00:0b:01 key 13 port 1), "
                       + "02:00:00:00:0b:01 key 13 port 1 (partner 02:00:00:00:0a:01 key 9 port 1)")
    }
}
