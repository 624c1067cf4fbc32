import ArgumentParser
import LiveCapture
import Monitoring
import TeamAnalysis

struct Monitor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Capture on a bond or team until stopped and serve its figures to Prometheus (GET /metrics).",
        discussion: """
        Captures as capture does (--bond, --team or -i; the same handles, merge and link \
        tracking) and, once a second, turns the report into metrics in the teamscope_ namespace: \
        per member bytes and packets sent and received, drops, link up, LACP state; per team the \
        verdict, each model's fit, flows, findings, migration streams; and the --top-flows fastest \
        flows as series of their own (never more). Flows without a packet for --flow-idle are \
        retired into totals, so memory follows the active flows. Serves GET /metrics (Prometheus \
        text format) and / on --listen, nothing else: one request per connection, 4 KiB at most, \
        no body, 5 s per connection, 32 connections at once. With -Z the privileges are dropped \
        once the handles are open, before the listener opens. Runs until Ctrl-C (SIGINT), SIGTERM \
        or --duration; exits 0.
        """
    )

    @OptionGroup var source: LiveSourceOptions

    @Option(name: .customLong("listen"), help: ArgumentHelp("Where to serve /metrics: ADDR:PORT, or [ADDR]:PORT for IPv6 (0.0.0.0:9464 serves every interface).", valueName: "addr:port"))
    var listen: String = "127.0.0.1:9464"

    @Option(name: .customLong("top-flows"), parsing: .unconditional, help: ArgumentHelp("How many of the fastest flows get series of their own (chosen among the 4 x N largest).", valueName: "n"))
    var topFlows: Int = 20

    @Option(name: .customLong("duration"), parsing: .unconditional, help: ArgumentHelp("Stop after this long (e.g. 30s, 5m); default: run until stopped.", valueName: "duration"))
    var duration: String?

    @Option(name: .customLong("pinned-threshold"), parsing: .unconditional, help: ArgumentHelp("A flow direction is pinned when one member carries at least this share of its bytes.", valueName: "share"))
    var pinnedThreshold: Double = 0.999

    @Option(name: .customLong("migration-port"), help: ArgumentHelp("Treat flows on this port as migration streams (besides 6600, 445, 8000, 902, 49152-49215). Repeatable.", valueName: "port"))
    var migrationPorts: [UInt16] = []

    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError("--listen \(listen): expected ADDR:PORT such as 127.0.0.1:9464 or [::1]:9464") }
        guard topFlows >= 0 && topFlows <= 1000 else { throw ValidationError("--top-flows \(topFlows): expected 0 to 1000") }
        guard (0.5...1).contains(pinnedThreshold) else { throw ValidationError("--pinned-threshold: expected a share between 0.5 and 1") }
        if let d = duration, Duration.parseNanoseconds(d) == nil { throw ValidationError("--duration \(d): expected a duration such as 30s or 5m") }
    }

    func run() throws {
        var options = AnalysisOptions()
        // Wide bins: a monitor runs for weeks, and its member series are not reported.
        options.binWidth = 10_000_000_000
        options.pinnedThreshold = pinnedThreshold
        options.migrationPorts = migrationPorts
        options.topFlows = topFlows * 4
        source.apply(to: &options)
        let session = try source.openSession(options: options)
        let metrics = TeamMetrics(topFlows: topFlows, version: TeamAnalyzer.version)
        let server: MetricsServer
        do {
            server = try MetricsServer(address: ListenAddress(listen)!, exposition: { metrics.exposition() })
        } catch {
            printError("teamscope: --listen \(listen): \(error)")
            throw ExitCode(2)
        }
        printError("teamscope: capturing on \(session.memberNames.joined(separator: ", ")); metrics at http://\(server.address)/metrics")
        StopSignal.install()
        _ = session.run(duration: duration.flatMap(Duration.parseNanoseconds), count: nil, shouldStop: { StopSignal.isRequested },
                        everySecond: { s in
                            let started = LiveClock.now()
                            let now = s.snapshot()
                            let done = LiveClock.now()
                            metrics.update(now.report, nowNs: done, buildSeconds: Double(done - started) / 1e9)
                        })
        server.shutdown()
    }
}
