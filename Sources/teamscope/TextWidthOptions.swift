import ArgumentParser
import Foundation
import Reporting
#if canImport(Glibc)
import Glibc
#endif

/// How terminal text is laid out and coloured: `--width N`, `--wide` (no wrapping), else the
/// terminal's width when the output is one, else `COLUMNS`, else `TextReport.defaultWidth`
/// (100); `--color auto|always|never` (auto: a terminal, `TERM` not dumb, no `NO_COLOR`
/// unless `FORCE_COLOR`).
struct TextWidthOptions: ParsableArguments {
    @Option(name: .customLong("width"), parsing: .unconditional, help: ArgumentHelp("Lay text out to this many columns (at least 40; default: the terminal's width, else COLUMNS, else 100).", valueName: "n"))
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
        if isatty(fd) != 0 {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return max(40, Int(size.ws_col)) }
        }
        // SAFETY: getenv's string is NUL-terminated and copied at once.
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return max(40, columns) }
        return TextReport.defaultWidth
    }

    /// Colour for a renderer writing to `fd`.
    func style(writingTo fd: Int32 = 1) -> TerminalStyle {
        TerminalStyle(enabled: TerminalStyle.decide(choice: color.rawValue, isTTY: isatty(fd) != 0, environment: ProcessInfo.processInfo.environment))
    }
}
