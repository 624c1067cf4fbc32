import Foundation
import XCTest

/// Two network namespaces joined by veth pairs, as a test's bonded host and its peer: `a`
/// holds `<prefix>a0…`, `b` the peers `<prefix>b0…`. Every interface of `a` gets `macA`, of `b`
/// `macB`, IPv6 is off (no router solicitations of their own), and all are up. Documentation
/// addresses only; nothing is routed anywhere. Removed by `remove()`.
public final class NetworkNamespaces {
    public let a: String
    public let b: String
    public let membersA: [String]
    public let membersB: [String]

    /// Builds them, or throws an XCTSkip saying why this machine does not allow it.
    public init(members: Int = 2, macA: String = "02:00:00:00:0a:01", macB: String = "02:00:00:00:0b:01") throws {
        guard getuid() == 0 else { throw XCTSkip("live capture tests need root (network namespaces, veth pairs, packet sockets): skipped") }
        guard let ip = TestEnvironment.which("ip") else { throw XCTSkip("iproute2 (ip) is not installed: the live capture tests are skipped") }
        let tag = String(ProcessInfo.processInfo.processIdentifier % 100_000)
        a = "tsa\(tag)"
        b = "tsb\(tag)"
        membersA = (0..<members).map { "v\(tag)a\($0)" }
        membersB = (0..<members).map { "v\(tag)b\($0)" }
        _ = try? TestEnvironment.run(ip, ["netns", "del", a])
        _ = try? TestEnvironment.run(ip, ["netns", "del", b])
        let first = try TestEnvironment.run(ip, ["netns", "add", a])
        guard first.status == 0 else { throw XCTSkip("network namespaces are not permitted here (\(first.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): the live capture tests are skipped") }
        var commands: [[String]] = [["netns", "add", b]]
        for (x, y) in zip(membersA, membersB) {
            commands += [["link", "add", x, "netns", a, "type", "veth", "peer", "name", y, "netns", b],
                         ["-n", a, "link", "set", x, "address", macA], ["-n", b, "link", "set", y, "address", macB]]
        }
        for ns in [a, b] { commands.append(["netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]) }
        for (x, y) in zip(membersA, membersB) { commands += [["-n", a, "link", "set", x, "up"], ["-n", b, "link", "set", y, "up"]] }
        for c in commands {
            let r = try TestEnvironment.run(ip, c)
            guard r.status == 0 else {
                remove()
                throw XCTSkip("ip \(c.joined(separator: " ")) failed (\(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): the live capture tests are skipped")
            }
        }
    }

    /// Runs `ip ARGS` (e.g. `-n NS link set DEV down`).
    @discardableResult
    public func ip(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try TestEnvironment.run(TestEnvironment.which("ip") ?? "/usr/sbin/ip", args)
    }

    /// Runs a program inside namespace `ns`.
    @discardableResult
    public func exec(_ ns: String, _ program: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try ip(["netns", "exec", ns, program] + args)
    }

    /// Starts a program inside namespace `ns` without waiting for it; its standard error is
    /// the returned pipe.
    public func start(_ ns: String, _ program: String, _ args: [String]) throws -> (process: Process, stderr: Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TestEnvironment.which("ip") ?? "/usr/sbin/ip")
        p.arguments = ["netns", "exec", ns, program] + args
        let err = Pipe()
        p.standardError = err
        try p.run()
        return (p, err)
    }

    /// Runs `body` with the calling thread in namespace `ns` (setns(2) on /var/run/netns/NS, the
    /// thread's own namespace restored after): the sockets it opens stay in `ns`, as a capture
    /// started there would have them.
    public func inside<T>(_ ns: String, _ body: () throws -> T) throws -> T {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        // Glibc's module does not export setns (a _GNU_SOURCE declaration): found by name.
        guard let symbol = dlsym(nil, "setns") else { throw XCTSkip("setns is not available: skipped") }
        let setns = unsafeBitCast(symbol, to: SetNS.self)
        let newNet: Int32 = 0x4000_0000 // CLONE_NEWNET
        let home = open("/proc/thread-self/ns/net", O_RDONLY)
        let target = open("/var/run/netns/\(ns)", O_RDONLY)
        defer {
            if home >= 0 { close(home) }
            if target >= 0 { close(target) }
        }
        guard home >= 0, target >= 0, setns(target, newNet) == 0 else { throw XCTSkip("cannot enter network namespace \(ns): skipped") }
        defer { precondition(setns(home, newNet) == 0, "the thread's own network namespace restored") }
        return try body()
    }

    /// Packet sockets open in namespace `ns` (/proc/net/packet): how a test knows the capture's
    /// handles are open before it sends.
    public func packetSockets(_ ns: String) throws -> Int {
        let r = try exec(ns, "/bin/cat", ["/proc/net/packet"])
        return max(0, r.stdout.split(separator: "\n").count - 1)
    }

    /// Waits (up to `timeout` seconds) until `count` packet sockets are open in `ns`.
    public func waitForPacketSockets(_ ns: String, count: Int, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try packetSockets(ns) < count {
            guard Date() < deadline else { throw PNGImage.Failure(description: "no \(count) packet sockets in \(ns) after \(timeout) s") }
            usleep(50_000)
        }
    }

    public func remove() {
        _ = try? ip(["netns", "del", a])
        _ = try? ip(["netns", "del", b])
    }
}
