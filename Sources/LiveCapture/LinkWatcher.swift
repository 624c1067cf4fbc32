import Foundation

/// Reads every captured interface's link state in sysfs (`SysfsTree.linkState`) every 100 ms
/// on a thread of its own, so that a change is stamped when it happened even while the capture
/// loop is busy with a backlog of packets (in the bond VM's emulated CPU a busy loop saw an "up"
/// 2 s late).
public final class LinkWatcher: LinkStateSource, @unchecked Sendable {
    private let sysfs: SysfsTree
    private let lock = NSLock()
    private var states: [String: OperState?] = [:]
    private var order: [String] = []
    private var pending: [LinkObservation] = []
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    public init(_ names: [String], sysfs: SysfsTree = SysfsTree(), periodMicroseconds: UInt32 = 100_000) {
        self.sysfs = sysfs
        for n in names { add(n) }
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                usleep(periodMicroseconds)
                let names = lock.withLock { order }
                for n in names {
                    let s = sysfs.linkState(n)
                    let t = LiveClock.now()
                    lock.withLock {
                        if states[n] != .some(s) {
                            states[n] = .some(s)
                            pending.append(LinkObservation(member: n, state: s, timeNs: t))
                        }
                    }
                }
            }
            done.signal()
        }
    }

    public func current(_ name: String) -> OperState? { sysfs.linkState(name) }

    public func add(_ name: String) {
        let s = sysfs.linkState(name)
        lock.withLock {
            guard states[name] == nil else { return }
            states[name] = .some(s)
            order.append(name)
        }
    }

    public func drain() -> [LinkObservation] {
        lock.withLock {
            defer { pending.removeAll() }
            return pending
        }
    }

    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning { done.wait() }
    }
}
