import CaptureIO
import Foundation
import LiveCapture
import Monitoring
import TeamAnalysis
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The `/metrics` listener (issue 25, item 5): only /metrics and / are served, nothing the
/// client sent comes back, bodies and oversized headers are refused, a client that stalls is
/// cut off, connections are bounded; and none of it stops a capture running beside it or grows
/// memory past a bound.
final class MetricsListenerTests: XCTestCase {
    let t0: Int64 = 1_700_000_000_000_000_000

    func server(_ limits: ListenerLimits = ListenerLimits(), body: String = "teamscope_up 1\n") throws -> MetricsServer {
        let bytes = Array(body.utf8)
        let s = try MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0), limits: limits, exposition: { bytes })
        addTeardownBlock { s.shutdown() }
        return s
    }

    func testOnlyMetricsAndTheIndexAreServedAndNothingIsEchoed() throws {
        let s = try server()
        let port = s.address.port
        let metrics = try XCTUnwrap(LoopbackClient.exchange(port: port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertTrue(metrics.hasPrefix("HTTP/1.1 200 OK\r\n"), metrics)
        XCTAssertTrue(metrics.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"), metrics)
        XCTAssertTrue(metrics.hasSuffix("\r\n\r\nteamscope_up 1\n"), metrics)
        let index = try XCTUnwrap(LoopbackClient.exchange(port: port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertTrue(index.hasPrefix("HTTP/1.1 200 OK\r\n"))
        XCTAssertTrue(index.contains("<a href=\"/metrics\">"))
        let marker = "zz-echo-\(UInt32.random(in: 0...UInt32.max))"
        let other = try XCTUnwrap(LoopbackClient.exchange(port: port, "GET /\(marker)<script> HTTP/1.1\r\nHost: \(marker)\r\nX-\(marker): \(marker)\r\n\r\n"))
        XCTAssertTrue(other.hasPrefix("HTTP/1.1 404 Not Found\r\n"), other)
        XCTAssertFalse(other.contains(marker), "the answer repeats the request: \(other)")
        let post = try XCTUnwrap(LoopbackClient.exchange(port: port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
        XCTAssertTrue(post.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"), post)
        let chunked = try XCTUnwrap(LoopbackClient.exchange(port: port, "GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
        XCTAssertTrue(chunked.hasPrefix("HTTP/1.1 413"), chunked)
        let put = try XCTUnwrap(LoopbackClient.exchange(port: port, "DELETE /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertTrue(put.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"), put)
        XCTAssertTrue(put.contains("Allow: GET"))
        let garbage = try XCTUnwrap(LoopbackClient.exchange(port: port, "\(marker)\r\n\r\n"))
        XCTAssertFalse(garbage.contains(marker), garbage)
        // The server's side of the last close may still be on its way.
        for _ in 0..<100 where s.connections.open > 0 { usleep(20_000) }
        XCTAssertEqual(s.connections.open, 0, "every connection is closed after its answer")
    }

    func testAMegabyteOfHeadersIsCutOffAtTheLimit() throws {
        let s = try server()
        let c = try XCTUnwrap(LoopbackClient(port: s.address.port))
        defer { c.close() }
        var request = Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)
        let header = Array("X-Filler: \(String(repeating: "a", count: 1000))\r\n".utf8)
        while request.count < 1 << 20 { request += header }
        c.send(request)
        let answer = c.readToClose()
        XCTAssertTrue(answer.closed, "the server closed the connection")
        XCTAssertTrue(answer.bytes.isEmpty, "no answer to an oversized request: \(String(decoding: answer.bytes, as: UTF8.self))")
        for _ in 0..<100 where s.connections.open > 0 { usleep(20_000) }
        XCTAssertEqual(s.connections.open, 0)
    }

    func testAClientThatConnectsAndSendsNothingIsClosedAtTheDeadline() throws {
        let s = try server(ListenerLimits(connectionDeadlineNs: 300_000_000))
        let idle = try XCTUnwrap(LoopbackClient(port: s.address.port, receiveTimeoutSeconds: 20))
        defer { idle.close() }
        let trickle = try XCTUnwrap(LoopbackClient(port: s.address.port, receiveTimeoutSeconds: 20))
        defer { trickle.close() }
        trickle.send("GET /met")
        XCTAssertTrue(idle.readToClose().closed, "a silent client is cut off")
        XCTAssertTrue(trickle.readToClose().closed, "a client that never finishes its request is cut off")
        // The listener still answers.
        XCTAssertEqual(LoopbackClient.exchange(port: s.address.port, "GET /metrics HTTP/1.1\r\n\r\n")?.hasPrefix("HTTP/1.1 200"), true)
    }

    /// A capture with fake handles runs on this thread while hostile clients (stalled ones, a
    /// megabyte of headers, a thousand connections) and scrapes hit the listener: every record
    /// delivered is captured, scrapes keep answering with the figures of the moment, connections
    /// stay within the limit, and memory grows by no more than a bound.
    func testHostileClientsNeitherStopTheCaptureNorGrowMemory() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 4096 { limit.rlim_cur = min(4096, limit.rlim_max); setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) }
        guard limit.rlim_cur >= 2200 else { throw XCTSkip("the file descriptor limit (\(limit.rlim_cur)) is too low for 1,000 connections") }
        let dir = try TestEnvironment.temporaryFolder("listener")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let clock = FakeClock(t0)
        let opener = FakeOpener()
        var options = AnalysisOptions()
        options.parallel = false
        options.flowIdle = 60_000_000_000
        let session = try CaptureSession(plan: CapturePlan(host: "A", members: ["m0", "m1"]), snapLength: 262_144, options: options,
                                         opener: opener, links: FakeLinks(), sysfs: SysfsTree(root: dir + "/no-sysfs"), clock: { clock.now })
        let metrics = TeamMetrics(topFlows: 5, version: "test")
        let limits = ListenerLimits(connectionDeadlineNs: 2_000_000_000, connections: 16)
        let s = try MetricsServer(address: ListenAddress(host: "127.0.0.1", port: 0), limits: limits, exposition: { metrics.exposition() })
        defer { s.shutdown() }
        let port = s.address.port

        // Warm up (a first scrape and a first round of records), then measure from here.
        var delivered = 0
        func turn() {
            opener.latest("m0").sent.deliver((0..<20).map { clock.now + Int64($0) * 1000 })
            delivered += 20
            clock.now += 100_000_000
            session.step()
            metrics.update(session.snapshot().report, nowNs: clock.now, buildSeconds: 0)
        }
        for _ in 0..<10 { turn() }
        _ = LoopbackClient.exchange(port: port, "GET /metrics HTTP/1.1\r\n\r\n")
        let rssBefore = Self.residentBytes()

        let attackers = DispatchGroup()
        let stalled = (0..<8).compactMap { _ in LoopbackClient(port: port, receiveTimeoutSeconds: 20) }
        DispatchQueue.global().async(group: attackers) {
            for _ in 0..<3 {
                guard let c = LoopbackClient(port: port) else { continue }
                var big = Array("GET /metrics HTTP/1.1\r\n".utf8)
                big += [UInt8](repeating: 0x61, count: 1 << 20)
                c.send(big)
                _ = c.readToClose()
                c.close()
            }
        }
        let flood = LockedCounts()
        DispatchQueue.global().async(group: attackers) {
            var open: [LoopbackClient] = []
            for _ in 0..<1000 {
                if let c = LoopbackClient(port: port, receiveTimeoutSeconds: 20) { open.append(c) } else { flood.add(failed: 1) }
            }
            flood.add(opened: open.count)
            for c in open { c.send("GET /metrics HTTP/1.1\r\n\r\n") }
            for c in open {
                let a = c.readToClose()
                if String(decoding: a.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200") { flood.add(answered: 1) }
                c.close()
            }
        }
        // The capture goes on while they attack.
        let capturedAtStart = session.captured
        var turns = 0
        while attackers.wait(timeout: .now()) == .timedOut {
            turn()
            turns += 1
            usleep(2000)
        }
        for c in stalled { XCTAssertTrue(c.readToClose().closed, "a stalled client is cut off"); c.close() }
        for _ in 0..<5 { turn() }
        XCTAssertGreaterThan(session.captured, capturedAtStart, "records were captured during the attack")
        XCTAssertEqual(session.captured, delivered, "every record delivered was captured")
        let scrape = try XCTUnwrap(LoopbackClient.exchange(port: port, "GET /metrics HTTP/1.1\r\n\r\n"))
        let frame = Frames.udp(sent: true, sequence: 0).count
        XCTAssertTrue(scrape.contains("teamscope_member_sent_bytes_total{host=\"A\",member=\"m0\"} \(delivered * frame)"), "the figures of the moment:\n\(scrape)")
        XCTAssertEqual(flood.opened + flood.failed, 1000)
        XCTAssertGreaterThan(flood.answered, 0, "scrapes among the flood are answered")
        let c = s.connections
        XCTAssertLessThanOrEqual(c.peak, limits.connections, "never more connections open than the limit")
        XCTAssertGreaterThan(c.refused, 0, "connections past the limit were closed at once")
        let growth = Self.residentBytes() - rssBefore
        XCTAssertLessThan(growth, 48 << 20, "memory grew by \(growth >> 20) MiB over \(turns) turns under attack")
    }

    /// VmRSS of this process, in bytes.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }
}

/// Counts the flood thread keeps, read by the test thread after it finished.
final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var opened = 0, failed = 0, answered = 0
    func add(opened o: Int = 0, failed f: Int = 0, answered a: Int = 0) {
        lock.lock()
        opened += o; failed += f; answered += a
        lock.unlock()
    }
}
