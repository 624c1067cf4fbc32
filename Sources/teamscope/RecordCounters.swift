import ArgumentParser
import Counters
import LiveCapture
#if canImport(Glibc)
import Glibc
#endif

/// `teamscope counters`: samples the members' interface and RDMA port counters into a log that
/// `analyze --counters` reads back (README "Counters").
struct RecordCounters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counters",
        abstract: "Record each member's interface and RDMA counters to a log that analyze --counters reads.",
        discussion: """
        Members come from the bond (--bond), the team (--team) or -i, as for capture. Every \
        --interval each member's /sys/class/net/NAME/statistics/* is read, and, where the member has an RDMA port (/sys/class/infiniband/*/ports/*, linked \
        by its gid_attrs/ndevs), the port's counters (port_xmit_data and port_rcv_data, in bytes) \
        and hw_counters. The log is CSV: "# teamscope counters 1", "# host=NAME", \
        "# interval_ns=N", then the columns time_ns, member, tx_bytes, rx_bytes, tx_packets, \
        rx_packets, tx_dropped, rx_dropped, rdma_port, rdma_tx_bytes, rdma_rx_bytes, \
        rdma_tx_packets, rdma_rx_packets, rdma_hw, statistics (hw_counters and the other \
        statistics files as NAME=VALUE separated by spaces); one row per member and sample, cumulative values, empty where a counter could \
        not be read. Each sample is written at once. Ends on --duration, -c, Ctrl-C or SIGTERM. \
        Needs no privileges.
        """
    )

    @Option(name: .customLong("bond"), help: ArgumentHelp("A Linux bond: record its members.", valueName: "name"), completion: .bonds)
    var bond: String?

    @Option(name: .customLong("team"), help: ArgumentHelp("A libteam team device: record its ports.", valueName: "name"), completion: .interfaces)
    var team: String?

    @Option(name: [.customShort("i"), .customLong("interface")], help: ArgumentHelp("An interface to record (repeatable).", valueName: "iface"), completion: .interfaces)
    var interfaces: [String] = []

    @Option(name: .customLong("interval"), parsing: .unconditional, help: ArgumentHelp("Time between samples (e.g. 1s, 500ms).", valueName: "duration"))
    var interval: String = "1s"

    @Option(name: .customLong("duration"), parsing: .unconditional, help: ArgumentHelp("Stop after this long (e.g. 30s, 5m).", valueName: "duration"))
    var duration: String?

    @Option(name: .customShort("c"), parsing: .unconditional, help: ArgumentHelp("Stop after this many samples.", valueName: "count"))
    var count: Int?

    @Option(name: .customLong("host"), help: ArgumentHelp("The host's name in the log (default: the machine's host name).", valueName: "name"))
    var hostName: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the log to this file (- is standard output).", valueName: "file"), completion: .file(extensions: ["csv"]))
    var output: String = "-"

    func validate() throws {
        try LiveSourceOptions.validateSources(bond: bond, team: team, interfaces: interfaces, verb: "record")
        if Duration.parseNanoseconds(interval).map({ $0 < 10_000_000 }) ?? true { throw ValidationError("--interval \(interval): expected a duration of at least 10ms") }
        if let d = duration, Duration.parseNanoseconds(d) == nil { throw ValidationError("--duration \(d): expected a duration such as 30s or 5m") }
        if let c = count, c < 1 { throw ValidationError("-c \(c): expected at least 1 sample") }
    }

    func run() throws {
        let sysfs = SysfsTree()
        let plan = try LiveSourceOptions.plan(bond: bond, team: team, interfaces: interfaces, withMaster: false, sysfs: sysfs)
        let step = Duration.parseNanoseconds(interval)!
        let sampler = CounterSampler(members: plan.members, sysfs: sysfs)
        let out = try OutputFile(output)
        defer { out.close() }
        out.write(CounterLogRow.header(host: hostName ?? LiveSourceOptions.machineName(), intervalNs: step))
        StopSignal.install()
        let start = LiveClock.now()
        let end = duration.flatMap(Duration.parseNanoseconds).map { start + $0 }
        var taken = 0
        var next = start
        while !StopSignal.isRequested {
            let now = LiveClock.now()
            if now >= next {
                for row in sampler.sample(timeNs: now) { out.write(row.line) }
                out.flush()
                taken += 1
                if let count, taken >= count { break }
                // The next sample on the schedule (a late one does not shift the rest).
                while next <= now { next += step }
                if let end, next > end { break }
                continue
            }
            var pause = timespec(tv_sec: 0, tv_nsec: Int(min(next - now, 100_000_000)))
            nanosleep(&pause, nil)
        }
    }
}
