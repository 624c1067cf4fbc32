import CaptureIO
import Foundation
import TestSupport
import XCTest

/// One scenario of the real-kernel regression matrix (Tests/Fixtures/bondvm/NAME, made by
/// scripts/make-bondvm-matrix.sh with ../shared/bondvm): what the Linux bonding driver was set
/// up as and did, read from the kernel's own files, and which ways of capturing it holds.
struct BondVMFixture: Sendable {
    /// The ways of capturing a scenario can hold (the script's forms).
    enum Form: String, Sendable, CaseIterable {
        /// `tcpdump -i MEMBER` of every member of host A: A_<member>.pcap.gz.
        case a
        /// The same on host B: B_<member>.pcap.gz.
        case b
        /// `tcpdump -i any` inside host A: any.pcap.gz.
        case any
        /// The same with `--immediate-mode`: any.pcap.gz.
        case imm
        /// dumpcap of every member of A into one pcapng: members.pcapng.gz.
        case pcapng
    }

    var name: String
    var folder: String
    var mode: String
    var hashPolicy: String
    var peer: String
    var traffic: String
    var forms: Set<Form>
    /// Host A's members in enslave order (/proc/net/bonding/bond0 before the traffic).
    var members: [String]
    /// Per interface of host A: packets sent and received between the two counter readings.
    var counters: [String: (sent: Int, received: Int)]
    /// Host A's `ip -d -j link show`, as saved beside the capture.
    var links: LinkTable

    static var root: String { TestEnvironment.repositoryRoot + "/Tests/Fixtures/bondvm" }

    /// Every scenario present, by name; an XCTSkip when there is none.
    static func all() throws -> [BondVMFixture] {
        // A folder the script is still writing is hidden (.NAME.partial).
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        let fixtures = try names.map { try load(root + "/" + $0) }
        if fixtures.isEmpty { throw XCTSkip("no Tests/Fixtures/bondvm scenario: scripts/make-bondvm-matrix.sh makes them") }
        return fixtures
    }

    static func load(_ folder: String) throws -> BondVMFixture {
        func text(_ file: String) throws -> String { try String(contentsOfFile: folder + "/" + file, encoding: .utf8) }
        var env: [String: String] = [:]
        for line in try text("scenario.env").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { env[parts[0]] = parts[1] }
        }
        let bond = try XCTUnwrap(BondConfiguration.parse(procBonding: try text("A_bond0_before.txt"), name: "bond0"), folder)
        func readCounters(_ file: String) throws -> [String: (tx: Int, rx: Int)] {
            var out: [String: (Int, Int)] = [:]
            for line in try text(file).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let name = words.first else { continue }
                var fields: [String: Int] = [:]
                for w in words.dropFirst() {
                    let kv = w.split(separator: "=")
                    if kv.count == 2 { fields[String(kv[0])] = Int(kv[1]) }
                }
                out[String(name)] = (fields["tx_packets"] ?? 0, fields["rx_packets"] ?? 0)
            }
            return out
        }
        let before = try readCounters("A_counters_before.txt"), after = try readCounters("A_counters_after.txt")
        var counters: [String: (sent: Int, received: Int)] = [:]
        for (name, a) in after {
            let b = before[name] ?? (0, 0)
            counters[name] = (a.tx - b.tx, a.rx - b.rx)
        }
        let forms = Set(try text("forms.txt").trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Form(rawValue: String($0)) })
        return BondVMFixture(name: (folder as NSString).lastPathComponent, folder: folder, mode: env["mode"] ?? "", hashPolicy: env["hash"] ?? "",
                             peer: env["peer"] ?? "", traffic: env["traffic"] ?? "", forms: forms, members: bond.members,
                             counters: counters, links: try LinkTable.read(folder + "/links.json"))
    }

    /// `MEMBER=PATH` arguments for host A's member files (`HOST/MEMBER=PATH` with `host`).
    func memberArguments(side: String = "A", host: String? = nil) -> [String] {
        members.map { m in
            let name = side == "A" ? m : "vethB" + m.dropFirst("vethA".count)
            return "\(host.map { "\($0)/" } ?? "")\(name)=\(folder)/\(side)_\(name).pcap.gz"
        }
    }

    /// The model the configuration names, as the report spells it.
    var model: String {
        switch mode {
        case "802.3ad", "balance-xor": return "linux/\(hashPolicy)"
        case "balance-rr": return "linux/round-robin"
        default: return "linux/\(mode)"
        }
    }

    var family: String { "linux/\(mode)" }

    /// The switch's part: LACP for 802.3ad, static for the modes that need the peer to treat the
    /// links as one (balance-rr, balance-xor), none for the others.
    var switchPart: String {
        switch mode {
        case "802.3ad": return "lacp"
        case "balance-rr", "balance-xor": return "static"
        default: return "independent"
        }
    }

    /// Whether the mode hashes each flow's headers to a member (the enslave order then decides
    /// which). Not encap3+4: for a packet that carries a socket's flow hash (`skb->l4_hash`, every
    /// locally sent TCP segment) bond_xmit_hash() returns that random hash (bond_main.c), so
    /// nothing in the headers predicts the member.
    var exactHash: Bool { ["802.3ad", "balance-xor"].contains(mode) && hashPolicy != "encap3+4" }

    /// The interface index of `name` on host A.
    func index(of name: String) -> UInt32? { links.links.first { $0.name == name }?.index }
}
