import Foundation
import Reporting
import TeamAnalysis
#if canImport(Glibc)
import Glibc
#endif

/// The progress of a long read on standard error, when it is a terminal (`ProgressDisplay`
/// says what and when); nothing when standard error is not a terminal (CI logs, pipes).
final class ProgressLine {
    private var display = ProgressDisplay(startNs: DispatchTime.now().uptimeNanoseconds)

    /// A progress line for standard error, or nil when it is not a terminal.
    static func forStandardError() -> ProgressLine? {
        isatty(2) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb" ? ProgressLine() : nil
    }

    func update(_ p: AnalysisProgress) {
        guard let text = display.update(p, nowNs: DispatchTime.now().uptimeNanoseconds) else { return }
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
