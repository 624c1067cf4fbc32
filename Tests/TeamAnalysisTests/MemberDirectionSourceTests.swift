import Foundation
import XCTest
@testable import TeamAnalysis

/// `direction_source` and `direction_sources` keep the JSON they had as text: a method's name or
/// `none`, and an object keyed by the methods' names.
final class MemberDirectionSourceTests: XCTestCase {
    private struct Holder: Codable, Equatable {
        var source: MemberDirectionSource
        var sources: [DirectionMethod: Int]
    }

    func testTheNamesAreTheJSON() throws {
        let value = Holder(source: .method(.sllPacketType), sources: [.sllPacketType: 7, .localMAC: 2])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        XCTAssertEqual(text, #"{"source":"sll-packet-type","sources":{"local-mac":2,"sll-packet-type":7}}"#)
        XCTAssertEqual(try JSONDecoder().decode(Holder.self, from: Data(text.utf8)), value)
    }

    func testAMemberWithoutPacketsSaysNone() throws {
        let text = #"{"source":"none","sources":{}}"#
        let value = try JSONDecoder().decode(Holder.self, from: Data(text.utf8))
        XCTAssertEqual(value.source, MemberDirectionSource.none)
        XCTAssertEqual(value.source.name, "none")
    }

    func testAnUnknownNameIsRefused() {
        let text = #"{"source":"guessed","sources":{}}"#
        XCTAssertThrowsError(try JSONDecoder().decode(Holder.self, from: Data(text.utf8)))
    }
}
