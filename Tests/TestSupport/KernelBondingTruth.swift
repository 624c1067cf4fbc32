import Foundation
import XCTest

/// A scenario of ../shared/corpus/kernel-bonding: what the real bonding driver was set up as
/// and what it did (`truth.json`), decoded into types so a changed file fails a test plainly.
public struct KernelBondingTruth: Decodable, Sendable {
    public struct Flow: Decodable, Sendable {
        public struct Run: Decodable, Sendable { public var member: String; public var first: Double }
        public var proto: String
        public var src: String
        public var sport: Int?
        public var dst: String
        public var dport: Int?
        public var origin: String
        public var observedMembers: [String]
        public var runs: [Run]?
        public var memberChanges: Int?
        public var rxSegmentsOutOfOrder: Int?
    }
    public struct Address: Decodable, Sendable { public var address: String; public var permaddr: String }

    public var scenario: String
    public var bondMode: String
    public var xmitHashPolicy: String?
    public var membersEnslaveOrder: [String: [String]]
    public var macAddresses: [String: [String: Address]]
    public var flows: [Flow]
    /// The failover scenario's member and times (`t_down_request`, `t_up_request`, … as text).
    public var failover: [String: String]?

    /// Every scenario name, in the order the tests walk them.
    public static let scenarios = ["lacp_l34", "rr", "ab", "lacp_l34_failover", "lacp_l34_offload"]

    /// The scenario's folder, or an XCTSkip when ../shared is absent.
    public static func folder(_ scenario: String) throws -> String {
        try TestEnvironment.corpus("kernel-bonding") + "/" + scenario
    }

    public static func load(_ scenario: String) throws -> KernelBondingTruth {
        let data = try Data(contentsOf: URL(fileURLWithPath: try folder(scenario) + "/truth.json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(KernelBondingTruth.self, from: data)
    }

    /// `HOST/MEMBER=PATH` arguments for every member file of both hosts, in enslave order.
    public func memberArguments(folder: String) -> [String] {
        ["A", "B"].flatMap { side in (membersEnslaveOrder[side] ?? []).map { "\(side)/\($0)=\(folder)/pcap/\(side)_\($0).pcap" } }
    }

    /// Each side's MACs (current and permanent addresses of the bond and its members).
    public var hostMACs: [String: Set<String>] {
        macAddresses.mapValues { ifaces in Set(ifaces.values.flatMap { [$0.address, $0.permaddr] }) }
    }
}
