import ArgumentParser
import Foundation
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// How terminal text is laid out and coloured: `--width N`, `--wide` (no wrapping), else the
/// terminal's width when the output is one, else `COLUMNS`, else — the output piped while
/// standard error is the terminal, as into `less` — the controlling terminal's width
/// (`/dev/tty`), else `TextReport.defaultWidth` (100, what a file gets); `--color auto|always|never` (auto: a terminal, `TERM` not dumb, no
/// `NO_COLOR` unless `FORCE_COLOR`).
struct TextWidthOptions: ParsableArguments {
    @Option(name: .customLong("width"), parsing: .unconditional, help: ArgumentHelp("Lay text out to this many columns (at least 40; default: the terminal's width, else COLUMNS, else the terminal's width when piped into a pager, else 100).", valueName: "n"))
    var width: Int?

    @Flag(name: .customLong("wide"), help: "Never wrap: every sentence and table row on one line, however long (for grep).")
    var wide = false

    @Option(name: .customLong("color"), help: ArgumentHelp("Colour the text report: auto (when writing to a terminal; NO_COLOR and FORCE_COLOR honoured), always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    func validate() throws {
        if let width, width < 40 { throw ValidationError("--width \(width): give at least 40 columns") }
        if wide && width != nil { throw ValidationError("--wide and --width say different things: give one") }
    }

    /// The width for a renderer writing to `fd`: nil when nothing may wrap.
    func resolved(writingTo fd: Int32 = 1) -> Int? {
        if wide { return nil }
        if let width { return width }
        if isatty(fd) != 0, let columns = Self.columns(of: fd) { return columns }
        // SAFETY: getenv's string is NUL-terminated and copied at once.
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return max(40, columns) }
        if Self.isPipe(fd) && isatty(2) != 0 {
            // Piped while errors still go to the terminal (`teamscope analyze … | less`): the
            // pager shows the text on the terminal the command runs in. A pipe read by another
            // program (errors captured too, as tests and scripts do) keeps the default.
            let tty = open("/dev/tty", O_RDONLY | O_NOCTTY)
            if tty >= 0 {
                defer { close(tty) }
                if let columns = Self.columns(of: tty) { return columns }
            }
        }
        return TextReport.defaultWidth
    }

    /// A terminal's width in columns (TIOCGWINSZ), at least 40; nil when `fd` has none.
    private static func columns(of fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return max(40, Int(size.ws_col))
    }

    /// Whether `fd` is a pipe or FIFO (a file or a device is not).
    private static func isPipe(_ fd: Int32) -> Bool {
        var st = stat()
        return fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO
    }

    /// Colour for a renderer writing to `fd`.
    func style(writingTo fd: Int32 = 1) -> TerminalStyle {
        TerminalStyle(enabled: TerminalStyle.decide(choice: color.rawValue, isTTY: isatty(fd) != 0, environment: ProcessInfo.processInfo.environment))
    }
}
