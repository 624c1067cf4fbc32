import CaptureIO
import Foundation
import Reporting
import TeamAnalysis
import TestSupport
import XCTest

/// `teamscope capture` on two veth members in a network namespace: packets replayed out of
/// each member (tcpreplay), a member taken down and up mid-capture, the capture ended by SIGINT.
/// The live report counts what was sent, the pcapng it wrote says the same to `analyze` and to
/// TShark, and the link events are there with their times.
final class LiveCaptureTests: XCTestCase {
    let samples = ["eth0", "eth1"].map { TestEnvironment.repositoryRoot + "/Captures/lacp-l34/A/\($0).pcap" }

    func tcpreplay() throws -> String {
        guard let t = TestEnvironment.which("tcpreplay") else { throw XCTSkip("tcpreplay is not installed (make test installs it): the live capture tests are skipped") }
        return t
    }

    /// The sample member file `i` split by who sent each frame: A's MAC (to be sent out of the
    /// member) or the peer (to be sent out of the peer, so that the member receives it).
    func split(_ i: Int, into dir: String) throws -> (sent: String, received: String) {
        let paths = (dir + "/sent\(i).pcap", dir + "/received\(i).pcap")
        let sent = try CaptureWriter(path: paths.0, format: .pcap(nanoseconds: true), interfaces: [.init(name: "m")])
        let received = try CaptureWriter(path: paths.1, format: .pcap(nanoseconds: true), interfaces: [.init(name: "m")])
        let r = try CaptureFile.open(samples[i])
        while let rec = try r.next() {
            // A LACPDU leaves with its port's own MAC; its sender is the actor system (as the
            // analysis reads it, IEEE 802.1AX 6.4.2: bytes 6-11 after the EtherType).
            let lacp = rec.bytes.count >= 26 && rec.bytes[12] == 0x88 && rec.bytes[13] == 0x09 && rec.bytes[14] == 1
            let src = lacp ? Array(rec.bytes[20..<26]) : (rec.bytes.count >= 12 ? Array(rec.bytes[6..<12]) : [])
            (src == [0x02, 0, 0, 0, 0x0a, 0x01] ? sent : received).write(timestamp: rec.timestamp, bytes: Array(rec.bytes), wireLength: rec.wireLength)
        }
        sent.close()
        received.close()
        return paths
    }

    /// What `analyze` says of the sample files with A's MAC given: the expected live figures.
    func expected() throws -> [MemberReport] {
        let args = ["analyze", "--format", "json", "--local-mac", "02:00:00:00:0a:01", "m0=" + samples[0], "m1=" + samples[1]]
        return try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, args).stdout).members
    }

    func testCaptureOnTwoVethsWithAMemberDownAndUpEndedBySIGINT() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces()
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("live")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try (0..<2).map { try split($0, into: dir) }
        let (p, err) = try net.start(net.a, TestEnvironment.teamscopeBinary, ["capture", "--host", "A", "-i", net.membersA[0], "-i", net.membersA[1],
                                                                              "-w", dir + "/cap.pcapng", "--format", "json", "-o", dir + "/live.json"])
        // A packet ring per member (both directions in one socket).
        try net.waitForPacketSockets(net.a, count: 2)
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[0], files[0].sent]).status, 0)
        XCTAssertEqual(try net.exec(net.b, replay, ["-q", "--topspeed", "-i", net.membersB[0], files[0].received]).status, 0)
        let downAt = TeamScopeClock.now()
        try net.ip(["-n", net.a, "link", "set", net.membersA[1], "down"])
        usleep(600_000)
        let upAt = TeamScopeClock.now()
        try net.ip(["-n", net.a, "link", "set", net.membersA[1], "up"])
        usleep(1_200_000)
        try net.waitForPacketSockets(net.a, count: 2)
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[1], files[1].sent]).status, 0)
        XCTAssertEqual(try net.exec(net.b, replay, ["-q", "--topspeed", "-i", net.membersB[1], files[1].received]).status, 0)
        usleep(300_000)
        p.interrupt()
        p.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, "exit 0 after SIGINT: \(stderr)")
        XCTAssertEqual(p.terminationReason, .exit)

        let live = try JSONReport.parse(try String(contentsOfFile: dir + "/live.json", encoding: .utf8))
        let want = try expected()
        XCTAssertEqual(live.members.map(\.name), net.membersA)
        for (m, w) in zip(live.members, want) {
            XCTAssertEqual(m.sent.packets, w.sent.packets, "\(m.name) sent")
            XCTAssertEqual(m.received.packets, w.received.packets, "\(m.name) received")
            // (Bytes differ from the file's: tcpreplay sends the 128 bytes the sample kept of each frame.)
            XCTAssertNotNil(m.liveDrops, "pcap_stats per member")
        }
        // The kernel's own word on each packet's direction.
        XCTAssertEqual(live.hosts.first?.direction.method, .pcapngFlags)
        XCTAssertTrue(live.hosts.first?.direction.explanation.hasPrefix("the kernel said each packet's direction") ?? false, "\(live.hosts.first?.direction.explanation ?? "")")
        XCTAssertEqual(live.inputs.first?.format, "live")
        // The member's down and up, each within a second of when it happened.
        let events = try XCTUnwrap(live.linkEvents).filter { $0.member == net.membersA[1] }
        XCTAssertEqual(events.map(\.event), [.down, .up], "\(events)")
        if events.count == 2 {
            XCTAssertLessThan(abs(events[0].timeNs - downAt), 1_000_000_000)
            XCTAssertLessThan(abs(events[1].timeNs - upAt), 1_000_000_000)
        }

        // The file is in time order, through the member's down and up.
        let written = try CaptureFile.open(dir + "/cap.pcapng")
        var previous = Int64.min, back = 0
        while let rec = try written.next() {
            if rec.timestamp < previous { back += 1 }
            previous = rec.timestamp
        }
        XCTAssertEqual(back, 0, "records going back in time in the written file")
        XCTAssertEqual(live.members.compactMap(\.liveLate).count, 2, "live_late per member")

        // The file: one interface per member with the live counts; analyze says the same.
        let file = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", "A/*=" + dir + "/cap.pcapng"]).stdout)
        XCTAssertEqual(file.inputs.first?.interfaces.map(\.name), net.membersA)
        XCTAssertEqual(file.inputs.first?.interfaces.map(\.packets), live.members.map(\.packets))
        XCTAssertEqual(file.members.map(\.sent.packets), live.members.map(\.sent.packets))
        XCTAssertEqual(file.members.map(\.received.packets), live.members.map(\.received.packets))
        XCTAssertEqual(file.members.map(\.sent.bytes), live.members.map(\.sent.bytes))
        XCTAssertEqual(file.hosts.first?.direction.method, .pcapngFlags, "epb_flags carry the direction")
        if let tshark = TestEnvironment.which("tshark") {
            let perInterface = try TestEnvironment.run(tshark, ["-r", dir + "/cap.pcapng", "-T", "fields", "-e", "frame.interface_name"]).stdout
                .split(separator: "\n").reduce(into: [String: Int]()) { $0[String($1), default: 0] += 1 }
            XCTAssertEqual(perInterface, Dictionary(uniqueKeysWithValues: live.members.map { ($0.name, $0.packets) }), "TShark reads the file")
        }
    }

    /// -G: a new file every second, each a complete pcapng; together they hold every packet the
    /// live report counted. -c ends the capture by itself.
    func testRotationAndCount() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces()
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("live")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (p, _) = try net.start(net.a, TestEnvironment.teamscopeBinary, ["capture", "--host", "A", "-i", net.membersA[0],
                                                                            "-w", dir + "/cap.pcapng", "-G", "1", "-c", "1500", "--format", "json", "-o", dir + "/live.json"])
        try net.waitForPacketSockets(net.a, count: 1)
        // 797 packets, a pause past the rotation, 797 more: the capture stops itself at 1,500.
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[0], samples[0]]).status, 0)
        usleep(2_300_000)
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[0], samples[0]]).status, 0)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let live = try JSONReport.parse(try String(contentsOfFile: dir + "/live.json", encoding: .utf8))
        XCTAssertEqual(live.packetsRead, 1500, "-c 1500")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".pcapng") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 2, "\(files)")
        XCTAssertTrue(files.contains("cap.pcapng") && files.contains("cap.1.pcapng"), "\(files)")
        var total = 0
        for f in files {
            let r = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", dir + "/" + f]).stdout)
            XCTAssertNil(r.inputs.first?.error, "\(f) reads to its end")
            total += r.packetsRead
        }
        XCTAssertEqual(total, 1500)
    }

    /// `--no-analysis`: the capture path alone writes what it took, says how much, and the file
    /// analyses as the capture would have.
    func testWithoutAnalysisTheFileHoldsEveryPacket() throws {
        let replay = try tcpreplay()
        let net = try NetworkNamespaces()
        defer { net.remove() }
        let dir = try TestEnvironment.temporaryFolder("live")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (p, err) = try net.start(net.a, TestEnvironment.teamscopeBinary, ["capture", "-i", net.membersA[0], "--no-analysis",
                                                                              "-w", dir + "/cap.pcapng", "-c", "797"])
        try net.waitForPacketSockets(net.a, count: 1)
        XCTAssertEqual(try net.exec(net.a, replay, ["-q", "--topspeed", "-i", net.membersA[0], samples[0]]).status, 0)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(said.contains("797 packets written to \(dir)/cap.pcapng, not analysed"), said)
        let r = try JSONReport.parse(try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["analyze", "--format", "json", dir + "/cap.pcapng"]).stdout)
        XCTAssertNil(r.inputs.first?.error)
        XCTAssertEqual(r.packetsRead, 797)
    }

    /// Without CAP_NET_RAW: a clear error naming the fix, exit 2.
    func testWithoutPrivilegesTheErrorSaysWhatToDo() throws {
        guard getuid() == 0, let setpriv = TestEnvironment.which("setpriv") else { throw XCTSkip("needs root and setpriv to run the capture without privileges: skipped") }
        let r = try TestEnvironment.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                                                   TestEnvironment.teamscopeBinary, "capture", "-i", "lo", "--duration", "1s"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("lo: capturing needs CAP_NET_RAW and CAP_NET_ADMIN: run as root or give the binary cap_net_raw"), r.stderr)
    }

    /// The live view in a real pseudo-terminal (util-linux `script`) of 80 and 160 columns: the
    /// last frame's lines fit, and the member line has its sent and received bars and drops.
    func testTheLiveViewFitsAPseudoTerminal() throws {
        guard getuid() == 0, let script = TestEnvironment.which("script"), let stty = TestEnvironment.which("stty") else {
            throw XCTSkip("needs root (capture on lo) and script(1) for a pseudo-terminal: skipped")
        }
        let dir = try TestEnvironment.temporaryFolder("pty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for columns in [80, 160] {
            let typescript = "\(dir)/pty-\(columns).txt"
            let command = "\(stty) cols \(columns) rows 40; \(TestEnvironment.teamscopeBinary) capture -i lo --duration 1500ms -o \(dir)/report-\(columns).txt"
            let r = try TestEnvironment.run(script, ["-qec", command, typescript])
            XCTAssertEqual(r.status, 0, r.stderr)
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: typescript)), as: UTF8.self)
            // The last frame: after the last "clear to the end of the screen" that starts one.
            let frames = text.components(separatedBy: "\u{1B}[J").filter { $0.contains("capturing") }
            let frame = try XCTUnwrap(frames.last, "a frame was drawn at \(columns) columns")
            let lines = frame.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
                String($0).replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression).trimmingCharacters(in: ["\r"])
            }.filter { !$0.isEmpty }
            for line in lines { XCTAssertLessThan(line.count, columns, "\(columns) columns: \(line)") }
            let member = try XCTUnwrap(lines.first { $0.hasPrefix("  lo  sent ") }, "\(lines)")
            XCTAssertTrue(member.contains(" received ") && member.contains(" drops "), member)
        }
    }

    func testUnusableOptionsSayWhy() throws {
        for (args, message) in [([String](), "say where to capture"), (["-i", "no-such-if0"], "-i no-such-if0: no such interface"),
                                (["--bond", "nobond9"], "--bond nobond9: /sys/class/net/nobond9/bonding does not exist"),
                                (["-i", "lo", "-C", "5"], "-C and -G rotate the -w file"),
                                (["-i", "lo", "--no-analysis"], "--no-analysis only writes the -w file")] {
            let r = try TestEnvironment.run(TestEnvironment.teamscopeBinary, ["capture"] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }
}

/// CLOCK_REALTIME in nanoseconds, as the capture stamps its events.
enum TeamScopeClock {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
