import ArgumentParser
import Counters
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// `analyze`'s counter inputs: perfmon CSV logs or `teamscope counters` logs, and the member
/// names of perfmon's adapter instances (README "Counters").
struct CounterOptions: ParsableArguments {
    @Option(name: .customLong("counters"), help: ArgumentHelp(
        "A counter log: perfmon CSV (typeperf -f CSV, relog -f csv) or one `teamscope counters` wrote; FILE or HOST=FILE. Repeatable; with no capture the report is the counters' alone.",
        valueName: "[host=]file"), completion: .file(extensions: ["csv"]))
    var files: [String] = []

    @Option(name: .customLong("member-alias"), help: ArgumentHelp(
        "The member a counter instance stands for, e.g. \"Mellanox ConnectX-4 Lx Ethernet Adapter #2=eth1\". Repeatable.", valueName: "name=member"))
    var aliases: [String] = []

    func validate() throws {
        for a in aliases where Self.alias(a) == nil {
            throw ValidationError("--member-alias \(a): expected NAME=MEMBER, e.g. \"Ethernet 2=eth1\"")
        }
    }

    /// NAME=MEMBER split at the last `=` (adapter names may hold one; member names do not).
    static func alias(_ text: String) -> (String, String)? {
        guard let eq = text.lastIndex(of: "=") else { return nil }
        let name = String(text[..<eq]), member = String(text[text.index(after: eq)...])
        return name.isEmpty || member.isEmpty ? nil : (name, member)
    }

    /// HOST=FILE when the part before `=` is a plain name and the whole is not an existing file.
    static func split(_ argument: String) -> (host: String?, path: String) {
        guard let eq = argument.firstIndex(of: "="), access(argument, F_OK) != 0 else { return (nil, argument) }
        let host = argument[..<eq]
        guard !host.isEmpty, !host.contains("/") else { return (nil, argument) }
        return (String(host), String(argument[argument.index(after: eq)...]))
    }

    /// Every file read, in the order given; the first unreadable one throws.
    func read() throws(CounterError) -> [CounterInput] {
        var out: [CounterInput] = []
        for argument in files {
            let (host, path) = Self.split(argument)
            out.append(CounterInput(host: host, series: try CounterFile.read(path: path)))
        }
        return out
    }

    func apply(to options: inout AnalysisOptions, inputs: [CounterInput]) {
        options.counters = inputs
        for a in aliases { if let (name, member) = Self.alias(a) { options.memberAliases[name] = member } }
    }
}
