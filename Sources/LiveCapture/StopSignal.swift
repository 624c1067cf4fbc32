#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by SIGINT/SIGTERM: the capture loop ends at its next turn. A signal handler may touch
/// nothing else.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// Ctrl-C (SIGINT) and SIGTERM end a capture cleanly: the handlers only set a flag the loop
/// reads. Installed explicitly, because a program started in the background by a
/// non-interactive shell inherits SIGINT ignored.
public enum StopSignal {
    public static func install() {
        stopRequested = 0
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
    }

    public static var isRequested: Bool { stopRequested != 0 }
}
