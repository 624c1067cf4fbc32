import ArgumentParser
import TeamAnalysis

/// How the flows of capture files are measured for the report (`analyze`, `verify`): time bins,
/// moves, RSS, or no flows at all. `simulate` reads flows differently and takes none of these.
struct FlowReportOptions: ParsableArguments {
    @Option(name: .customLong("bin"), parsing: .unconditional, help: ArgumentHelp("Throughput bin width (e.g. 100ms, 1s, 500us).", valueName: "duration"))
    var bin: String = "100ms"

    @Option(name: .customLong("move-debounce"), parsing: .unconditional, help: ArgumentHelp("How long a new member must carry a flow before the change counts as a move.", valueName: "duration"))
    var moveDebounce: String = "50ms"

    @Option(name: .customLong("rss-queues"), parsing: .unconditional, help: ArgumentHelp("RSS receive queues at the receiver, for each flow's predicted queue and the migration streams that share one (0: off).", valueName: "n"))
    var rssQueues: Int = 8

    @Option(name: .customLong("rss-table"), parsing: .unconditional, help: ArgumentHelp("RSS indirection-table size (0: off).", valueName: "n"))
    var rssTable: Int = 128

    @Flag(name: .customLong("no-flows"), help: "Member statistics only: skip flows, TCP analysis, reordering, migration streams and SMB sessions (the fastest pass).")
    var noFlows = false

    func validate() throws {
        guard let b = Duration.parseNanoseconds(bin), b > 0 else {
            throw ValidationError("--bin \(bin): expected a positive duration such as 100ms or 1s")
        }
        guard b >= 1_000_000 else {
            throw ValidationError("--bin \(bin): expected at least 1ms (a shorter bin measures single frames, not throughput)")
        }
        guard let debounce = Duration.parseNanoseconds(moveDebounce), debounce >= 0 else { throw ValidationError("--move-debounce \(moveDebounce): expected a duration such as 50ms") }
        guard rssQueues >= 0, rssTable >= 0 else { throw ValidationError("--rss-queues and --rss-table must not be negative") }
    }

    /// Writes these options into `o`.
    func apply(to o: inout AnalysisOptions) {
        o.binWidth = Duration.parseNanoseconds(bin) ?? 100_000_000
        o.moveDebounce = Duration.parseNanoseconds(moveDebounce) ?? 50_000_000
        o.trackFlows = !noFlows
        o.rssQueues = rssTable == 0 ? 0 : max(0, rssQueues)
        o.rssTableSize = max(1, rssTable)
    }
}
