import CaptureIO
import Foundation

/// Reads every captured interface's link state (`operstate` in sysfs) every 100 ms on a thread
/// of its own, so that a change is stamped when it happened even while the capture loop is busy
/// with a backlog of packets (in the bond VM's emulated CPU a busy loop saw an "up" 2 s late).
final class LinkWatcher: @unchecked Sendable {
    struct Change {
        var member: String
        /// The new state; nil when the interface is gone.
        var state: String?
        var timeNs: Int64
    }

    private let lock = NSLock()
    private var states: [String: String?] = [:]
    private var order: [String] = []
    private var pending: [Change] = []
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(_ names: [String]) {
        for n in names { add(n) }
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                usleep(100_000)
                let names = lock.withLock { order }
                for n in names {
                    let s = BondConfiguration.operstate(n)
                    let t = CaptureSession.now()
                    lock.withLock {
                        if states[n] != .some(s) {
                            states[n] = .some(s)
                            pending.append(Change(member: n, state: s, timeNs: t))
                        }
                    }
                }
            }
            done.signal()
        }
    }

    /// Watches one more interface from its state now.
    func add(_ name: String) {
        let s = BondConfiguration.operstate(name)
        lock.withLock {
            guard states[name] == nil else { return }
            states[name] = .some(s)
            order.append(name)
        }
    }

    /// The changes since the last call, oldest first.
    func drain() -> [Change] {
        lock.withLock {
            defer { pending.removeAll() }
            return pending
        }
    }

    func stop() {
        lock.withLock { running = false }
        done.wait()
    }
}
