import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// The same traffic captured as Linux SLL or SLL2 (what `tcpdump -i any` and cooked captures
/// write) must be scored like the Ethernet original: the sampled frames keep their link type and
/// are read as what they are, not as Ethernet. Each member file is rewritten in both cooked forms
/// and analysed again; the teaming-model ranking must equal the original's, model by model.
final class CookedCaptureTests: XCTestCase {
    struct Input { var host: String; var member: String; var path: String }

    private func analyze(_ inputs: [Input], extra: [String] = []) throws -> ReportDocument {
        let args = ["analyze", "--format", "json"] + inputs.map { "\($0.host)/\($0.member)=\($0.path)" } + extra
        let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return try JSONReport.parse(r.stdout)
    }

    /// What must not change: per host, the models in rank order with what each explained.
    private func ranking(_ r: ReportDocument) -> [String] {
        r.inference.map { "\($0.host) #\($0.rank) \($0.model) \($0.flowsConsistent)/\($0.flowsTotal) order=\($0.memberOrder ?? [])" }
    }

    /// The verdict per host: family, switch part, model.
    private func verdicts(_ r: ReportDocument) -> [String] {
        r.hosts.map { "\($0.name): \($0.verdict?.family ?? "-") \($0.verdict?.switch ?? "-") \($0.verdict?.model ?? "-")" }
    }

    private func assertCookedFormsRankAlike(_ inputs: [Input], localMACs: [String: Set<UInt64>], label: String,
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        let original = try analyze(inputs)
        let want = ranking(original)
        XCTAssertFalse(want.isEmpty, "\(label): the original ranks no model", file: file, line: line)
        let folder = try TestEnvironment.temporaryFolder("cooked")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, kind) in [("sll", LinkRewriter.Cooked.sll), ("sll2", .sll2(interfaceIndex: 3))] {
            var cooked: [Input] = []
            for input in inputs {
                let path = "\(folder)/\(input.host)_\(input.member).\(name).pcap"
                let n = try LinkRewriter.rewrite(input.path, to: path, as: kind, localMACs: localMACs[input.host] ?? [])
                let carried = original.inputs.first { $0.path == input.path }?.packets ?? 0
                XCTAssertEqual(n, carried, "\(label) \(input.path)", file: file, line: line)
                cooked.append(Input(host: input.host, member: input.member, path: path))
            }
            let report = try analyze(cooked)
            XCTAssertEqual(ranking(report), want, "\(label) as \(name)", file: file, line: line)
            XCTAssertEqual(verdicts(report), verdicts(original), "\(label) as \(name)", file: file, line: line)
            for h in report.hosts {
                XCTAssertNil(h.modelsUndecidable, "\(label) as \(name), host \(h.name): every destination MAC is known from the peer's frames",
                             file: file, line: line)
                XCTAssertEqual(h.direction.confidence, .certain, "\(label) as \(name): the packet type says the direction", file: file, line: line)
            }
            // The per-member counts do not depend on the link type either.
            XCTAssertEqual(report.members.map { "\($0.host)/\($0.name) \($0.sent.packets) \($0.received.packets)" },
                           original.members.map { "\($0.host)/\($0.name) \($0.sent.packets) \($0.received.packets)" },
                           "\(label) as \(name)", file: file, line: line)
        }
    }

    /// The sample's generator gives host A the MACs 02:00:00:00:0a:NN and B 02:00:00:00:0b:NN
    /// (the bond's, and each port's for its LACPDUs).
    private let sampleMACs: [String: Set<UInt64>] = [
        "A": Set((0..<16).map { 0x02_00_00_00_0A_00 + UInt64($0) }),
        "B": Set((0..<16).map { 0x02_00_00_00_0B_00 + UInt64($0) }),
    ]

    func testLACPSampleRanksAlikeAsSLLAndSLL2() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let inputs = ["A", "B"].flatMap { h in ["eth0", "eth1"].map { Input(host: h, member: $0, path: "\(root)/\(h)/\($0).pcap") } }
        let original = try analyze(inputs)
        XCTAssertEqual(original.inference.first?.model, "linux/layer3+4")
        try assertCookedFormsRankAlike(inputs, localMACs: sampleMACs, label: "lacp-l34 sample")
    }

    func testKernelBondingScenariosRankAlikeAsSLLAndSLL2() throws {
        for scenario in KernelBondingTruth.scenarios {
            let truth = try KernelBondingTruth.load(scenario)
            let folder = try KernelBondingTruth.folder(scenario)
            let macs = truth.hostMACs.mapValues { Set($0.compactMap { MACAddress($0)?.rawValue }) }
            let inputs = ["A", "B"].flatMap { side in
                (truth.membersEnslaveOrder[side] ?? []).map { Input(host: side, member: $0, path: "\(folder)/pcap/\(side)_\($0).pcap") }
            }
            try assertCookedFormsRankAlike(inputs, localMACs: macs, label: scenario)
        }
    }

    /// `tcpdump -i any` on host A of every kernel scenario: one SLL2 file holding both members
    /// and bond0, split by each packet's interface index into members (named with `--ifname`,
    /// else if<N>); bond0 is recognised as the aggregate by its packets; each member's figures
    /// and the ranking equal the per-member Ethernet files'.
    func testAnyCaptureIsSplitByInterfaceIndex() throws {
        for scenario in KernelBondingTruth.scenarios {
            let truth = try KernelBondingTruth.load(scenario)
            let folder = try KernelBondingTruth.folder(scenario)
            let a = truth.membersEnslaveOrder["A"]!, b = truth.membersEnslaveOrder["B"]!
            let macs = Set((truth.hostMACs["A"] ?? []).compactMap { MACAddress($0)?.rawValue })
            let dir = try TestEnvironment.temporaryFolder("any")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let sources = (a + ["bond0"]).enumerated().map { (path: "\(folder)/pcap/A_\($1).pcap", index: UInt32(2 + $0)) }
            try LinkRewriter.mergeAsAny(sources, to: dir + "/any.pcap", localMACs: macs)
            let bInputs = b.map { Input(host: "B", member: $0, path: "\(folder)/pcap/B_\($0).pcap") }
            let original = try analyze((a + ["bond0"]).map { Input(host: "A", member: $0, path: "\(folder)/pcap/A_\($0).pcap") } + bInputs)
            let names = (a + ["bond0"]).enumerated().flatMap { ["--ifname", "\(2 + $0)=\($1)"] }
            let split = try analyze(bInputs + [Input(host: "A", member: "*", path: dir + "/any.pcap")], extra: names)
            // A member that carried nothing has no packet in an `any` capture to be named by.
            func counts(_ r: ReportDocument, _ host: String) -> [String] {
                r.members.filter { $0.host == host && $0.packets > 0 }.map { "\($0.name) \($0.sent.packets) \($0.received.packets)" }
            }
            XCTAssertEqual(counts(split, "A"), counts(original, "A"), scenario)
            XCTAssertEqual(split.aggregates.map(\.name), ["bond0"], scenario)
            XCTAssertEqual(split.aggregates.first?.matchedOnMember, original.aggregates.first?.matchedOnMember, scenario)
            // An idle member (active-backup's backup) has no packet in an `any` capture: the
            // ranking over one member, and bond0 repeating a single member, cannot be the same.
            guard original.members.filter({ $0.host == "A" }).allSatisfy({ $0.packets > 0 }) else { continue }
            XCTAssertEqual(ranking(split).filter { $0.hasPrefix("A ") }, ranking(original).filter { $0.hasPrefix("A ") }, scenario)
            XCTAssertEqual(verdicts(split).filter { $0.hasPrefix("A:") }, verdicts(original).filter { $0.hasPrefix("A:") },
                           "\(scenario): one SLL2 file of A's members and bond0")
            // Unnamed: if<N>, and bond0 still found by its packets (it repeats both members).
            let unnamed = try analyze(bInputs + [Input(host: "A", member: "*", path: dir + "/any.pcap")])
            XCTAssertEqual(Set(unnamed.members.filter { $0.host == "A" }.map(\.name)),
                           Set(split.members.filter { $0.host == "A" }.map { $0.name == a[0] ? "if2" : "if3" }), scenario)
            XCTAssertEqual(unnamed.aggregates.map(\.name), ["if4"], scenario)
        }
    }

    /// Raw IP keeps no MAC at all: the models that read one are named as undecidable, and the
    /// layer3+4 hash still ranks first on the lacp-l34 sample.
    func testRawIPSaysWhichModelsItCannotScore() throws {
        let root = TestEnvironment.repositoryRoot + "/Captures/lacp-l34"
        let folder = try TestEnvironment.temporaryFolder("rawip")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var inputs: [Input] = []
        for h in ["A", "B"] {
            for m in ["eth0", "eth1"] {
                let path = "\(folder)/\(h)_\(m).pcap"
                try RawIPRewrite.rewrite("\(root)/\(h)/\(m).pcap", to: path)
                inputs.append(Input(host: h, member: m, path: path))
            }
        }
        // Raw IP has no direction marks and no MACs: say which addresses are each host's.
        let report = try analyze(inputs, extra: ["--local-ip", "A=192.0.2.1", "--local-ip", "B=192.0.2.2"])
        for h in report.hosts {
            XCTAssertEqual(h.direction.method, .localIP, "decided by the addresses, not unknown")
            XCTAssertTrue(h.direction.explanation.contains("decided by address"), h.direction.explanation)
            let undecidable = Set((h.modelsUndecidable ?? []).map(\.model))
            XCTAssertTrue(undecidable.isSuperset(of: ["linux/layer2", "linux/layer2+3", "linux/encap2+3", "linux/vlan+srcmac",
                                                      "windows/mac-addresses", "windows/hyperv-port"]), "\(h.name): \(undecidable)")
            XCTAssertFalse(report.inference.contains { $0.host == h.name && undecidable.contains($0.model.rawValue) })
        }
        XCTAssertEqual(report.inference.first?.model, "linux/layer3+4")
        let text = TextReport.render(report.report)
        XCTAssertTrue(text.contains("cannot score linux/layer2"), text)
    }
}

/// Strips the Ethernet header: LINKTYPE_RAW, as a capture on a tunnel or `ip` device stores frames.
enum RawIPRewrite {
    static func rewrite(_ source: String, to destination: String) throws {
        let reader = try CaptureFile.open(source)
        let writer = try CaptureWriter(path: destination, format: .pcap(nanoseconds: true), interfaces: [.init(name: "raw", linkType: .raw)])
        while let r = try reader.next() {
            guard r.bytes.count > 14 else { continue }
            let type = UInt16(r.bytes[12]) << 8 | UInt16(r.bytes[13])
            guard type == 0x0800 || type == 0x86DD else { continue }
            writer.write(timestamp: r.timestamp, bytes: Array(r.bytes[14...]), wireLength: r.wireLength - 14)
        }
        writer.close()
    }
}
