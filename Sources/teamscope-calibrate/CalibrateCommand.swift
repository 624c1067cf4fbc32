import ArgumentParser
import CaptureIO
import Foundation
import LabTraffic
import PacketWire
import TeamAnalysis
import TeamingModels

/// `teamscope-calibrate`: a development tool (issue 21, item 6). Generates LabTraffic captures of
/// every Linux bonding mode (2–4 members, few and many flows, a peer bond or a switch), adds real
/// kernel captures where given, runs the verdict on host A's member files with and without
/// `--local-mac`, and tabulates how often each confidence level names the right family and model.
@main
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teamscope-calibrate",
        abstract: "Measure how often each verdict confidence is right (scripts/calibrate.sh runs it).",
        discussion: """
        A development tool. Writes the generated captures under --work, analyzes host A's member \
        files of each (no option, then --local-mac with A's MACs), and prints a Markdown table: per \
        confidence level, the verdicts and how many named the true family and model. --real adds \
        folders of real Linux bonding captures (../shared/corpus/kernel-bonding/<scenario>, or a \
        ../shared/bondvm --out folder): pcap/A_*.pcap with the truth read from \
        state/A_bond0_after.txt (/proc/net/bonding) and the MACs from state/A_links.json.
        """
    )

    @Option(help: "Folder for the generated captures (replaced).")
    var work: String = "/tmp/teamscope-calibration"

    @Option(help: "Generated captures per combination (different seeds).")
    var seeds: Int = 1

    @Option(parsing: .upToNextOption, help: "Folders of real bonding captures (kernel-bonding scenarios, bondvm --out folders).")
    var real: [String] = []

    @Flag(help: "Print every case, not only the table.")
    var verbose = false

    @Option(help: "Also drop and repeat single packets in this many cases and check the verdict stays (0: skip).")
    var stability: Int = 0

    struct Case {
        var name: String
        var files: [String]
        var family: TeamFamily
        var model: ModelName
        var localMACs: [MACAddress]
        var real: Bool
    }

    struct Outcome {
        var confidence: Confidence
        var right: Bool
        var summary: String
    }

    func run() throws {
        var cases: [Case] = []
        try? FileManager.default.removeItem(atPath: work)
        var seed: UInt64 = 1
        for mode in BondMode.allCases.filter { $0 != .broadcast } {
            let policies: [LinuxHashPolicy] = mode == .ieee8023ad || mode == .balanceXOR ? [.layer2, .layer23, .layer34, .encap34] : [.layer2]
            for policy in policies {
                for members in 2...4 {
                    for flows in [4, 40] {
                        for peer in CalibrationScenario.Peer.allCases {
                            for _ in 0..<seeds {
                                let s = CalibrationScenario(mode: mode, policy: policy, members: members, flows: flows, peer: peer, seed: seed)
                                seed += 1
                                let folder = "\(work)/\(s.name)-\(s.seed)"
                                let files = try s.write(to: folder)
                                cases.append(Case(name: "\(s.name) #\(s.seed)", files: files, family: s.family, model: s.model,
                                                  localMACs: s.localMACs, real: false))
                            }
                        }
                    }
                }
            }
        }
        for folder in real {
            if let c = realCase(folder) { cases.append(c) } else { FileHandle.standardError.write(Data("skipped \(folder): no pcap/A_*.pcap or no /proc/net/bonding truth\n".utf8)) }
        }
        // Each case without hints, then with host A's MACs given.
        var rows: [Confidence: (total: Int, right: Int)] = [:]
        var byKind: [String: (total: Int, right: Int)] = [:]
        var wrong: [String] = []
        for c in cases {
            for hinted in [false, true] {
                let o = try analyze(c, hinted: hinted)
                rows[o.confidence, default: (0, 0)].total += 1
                if o.right { rows[o.confidence, default: (0, 0)].right += 1 }
                let kind = (c.real ? "real" : "generated") + (hinted ? ", --local-mac" : ", no option")
                byKind[kind, default: (0, 0)].total += 1
                if o.right { byKind[kind, default: (0, 0)].right += 1 }
                let line = "\(c.name)\(hinted ? " --local-mac" : ""): \(o.summary) → \(o.right ? "right" : "WRONG (truth \(c.family.rawValue) \(c.model.rawValue))")"
                if verbose { print(line) }
                if !o.right && o.confidence >= .medium { wrong.append(line) }
            }
        }
        let total = rows.values.map(\.total).reduce(0, +)
        print("| confidence | verdicts | right | share right |")
        print("|---|---:|---:|---:|")
        for level in [Confidence.high, .medium, .low, .none] {
            let r = rows[level] ?? (0, 0)
            print("| \(level.rawValue) | \(r.total) | \(r.right) | \(r.total > 0 ? String(format: "%.1f %%", 100 * Double(r.right) / Double(r.total)) : "–") |")
        }
        print("")
        print("\(cases.count) captures (\(cases.filter(\.real).count) real), \(total) verdicts: " +
              byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.right) of \($0.value.total) right" }.joined(separator: "; "))
        if !wrong.isEmpty {
            print("\nwrong at medium or high:")
            for w in wrong { print("- \(w)") }
        }
        if stability > 0 {
            var flips: [String] = []
            var checked = 0
            for c in cases.filter({ !$0.real }).enumerated().filter({ $0.offset % max(1, cases.count / stability) == 0 }).prefix(stability).map(\.element) {
                let (n, f) = try stable(c)
                checked += n
                flips += f
            }
            print("\nstability: \(checked) variants (one packet dropped or repeated) of \(stability) captures; \(flips.count) changed the verdict")
            for f in flips { print("- \(f)") }
        }
    }

    func analyze(_ c: Case, hinted: Bool) throws -> Outcome {
        var options = AnalysisOptions()
        if hinted { options.localMACs = c.localMACs.map { LocalAddress(host: nil, address: $0) } }
        let report = try TeamAnalyzer(specs: c.files.map { CaptureSpec(path: $0) }, options: options).run()
        guard let v = report.hosts.first?.team else { return Outcome(confidence: .none, right: false, summary: "no verdict") }
        // Right: the true family and model are the verdict's, or among those it says it cannot
        // tell apart from them (layer3+4 and encap3+4 without tunnels, active-backup and a hash
        // that put every flow on one member).
        let right = v.family.map { [$0] + v.tiedFamilies }?.contains(c.family) == true && v.model.map { [$0] + v.tiedModels }?.contains(c.model) == true
        return Outcome(confidence: v.confidence, right: right,
                       summary: "\(v.family?.rawValue ?? "no family") \(v.model?.rawValue ?? "no model") \(v.confidence.rawValue)")
    }

    /// The verdict of `c`'s first member file with one packet dropped, and with one repeated, at
    /// five places: each must equal the whole capture's (family, model, confidence).
    func stable(_ c: Case) throws -> (Int, [String]) {
        let whole = try analyze(c, hinted: false)
        let file = c.files[0]
        var records: [(Int64, [UInt8], Int)] = []
        let reader = try CaptureFile.open(file)
        while let r = try reader.next() { records.append((r.timestamp, Array(r.bytes), r.wireLength)) }
        var flips: [String] = []
        var n = 0
        for k in 1...5 {
            let at = records.count * k / 6
            for repeatIt in [false, true] {
                var variant = records
                if repeatIt { variant.insert(records[at], at: at) } else { variant.remove(at: at) }
                // In place (restored below): the member keeps its name and its folder (the host).
                let path = file
                let w = try CaptureWriter(path: path, format: .pcap(nanoseconds: false), interfaces: [.init(name: "eth0", snapLength: 65_535)])
                for r in variant { w.write(timestamp: r.0, bytes: r.1, wireLength: r.2) }
                w.close()
                let o = try analyze(c, hinted: false)
                n += 1
                if o.summary != whole.summary { flips.append("\(c.name), packet \(at) \(repeatIt ? "repeated" : "dropped"): \(whole.summary) → \(o.summary)") }
            }
        }
        let w = try CaptureWriter(path: file, format: .pcap(nanoseconds: false), interfaces: [.init(name: "eth0", snapLength: 65_535)])
        for r in records { w.write(timestamp: r.0, bytes: r.1, wireLength: r.2) }
        w.close()
        return (n, flips)
    }

    /// A real capture folder: host A's member files, the bond's mode and hash policy from
    /// /proc/net/bonding, A's MACs from `ip -j link`.
    func realCase(_ folder: String) -> Case? {
        let pcaps = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/pcap")) ?? [])
            .filter { $0.hasPrefix("A_") && $0.hasSuffix(".pcap") && !$0.contains("bond") }.sorted()
        guard pcaps.count >= 2, let proc = try? String(contentsOfFile: folder + "/state/A_bond0_after.txt", encoding: .utf8) else { return nil }
        let modes: [(String, BondMode)] = [("802.3ad", .ieee8023ad), ("(xor)", .balanceXOR), ("round-robin", .balanceRR),
                                                           ("active-backup", .activeBackup), ("transmit load balancing", .balanceTLB),
                                                           ("adaptive load balancing", .balanceALB)]
        guard let modeLine = proc.split(separator: "\n").first(where: { $0.hasPrefix("Bonding Mode:") }),
              let mode = modes.first(where: { modeLine.contains($0.0) })?.1 else { return nil }
        var policy = LinuxHashPolicy.layer2
        if let line = proc.split(separator: "\n").first(where: { $0.hasPrefix("Transmit Hash Policy:") }),
           let name = line.split(separator: " ").dropFirst(3).first, let p = LinuxHashPolicy(rawValue: String(name)) {
            policy = p
        }
        var macs: [MACAddress] = []
        if let data = FileManager.default.contents(atPath: folder + "/state/A_links.json"),
           let links = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] {
            for l in links where (l["ifname"] as? String).map({ $0.hasPrefix("veth") || $0.hasPrefix("bond") }) == true {
                for key in ["address", "permaddr"] {
                    if let s = l[key] as? String, let m = MACAddress(s), !macs.contains(m) { macs.append(m) }
                }
            }
        }
        let s = CalibrationScenario(mode: mode, policy: policy, members: pcaps.count, flows: 0, peer: .bond, seed: 0)
        return Case(name: "real " + (folder.split(separator: "/").last.map(String.init) ?? folder), files: pcaps.map { folder + "/pcap/" + $0 },
                    family: s.family, model: s.model, localMACs: macs, real: true)
    }
}
