import Foundation

/// Reads every captured interface's link state in sysfs (`SysfsTree.linkState`) on a thread of
/// its own, so that a change is stamped when it happened even while the capture loop is busy
/// with a backlog of packets (in the bond VM's emulated CPU a busy loop saw an "up" 2 s late).
/// On Linux the thread sleeps on an rtnetlink socket joined to the link group (rtnetlink(7),
/// RTMGRP_LINK: the kernel sends RTM_NEWLINK when a link's flags, carrier or operstate change)
/// and reads the states when one comes, and once every `periodMicroseconds` besides (the
/// message may be lost when the socket's buffer is full); without the socket, every
/// `fallbackPeriodMicroseconds` as before. A capture of a busy host then spends nothing on the
/// watcher between changes (polled at 10 Hz, its sysfs reads cost a tenth of
/// `capture --no-analysis`'s CPU under live-bench's load).
public final class LinkWatcher: LinkStateSource, @unchecked Sendable {
    private let sysfs: SysfsTree
    private let lock = NSLock()
    private var states: [String: OperState?] = [:]
    private var order: [String] = []
    private var pending: [LinkObservation] = []
    private var running = true
    private let done = DispatchSemaphore(value: 0)
    /// The pipe `stop` writes to, waking the thread from its wait.
    private var wake: (read: Int32, write: Int32) = (-1, -1)

    public init(_ names: [String], sysfs: SysfsTree = SysfsTree(), periodMicroseconds: UInt32 = 1_000_000,
                fallbackPeriodMicroseconds: UInt32 = 100_000) {
        self.sysfs = sysfs
        for n in names { add(n) }
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 { wake = (ends[0], ends[1]) }
        let netlink = Self.linkNotifications()
        let period = Int32(netlink >= 0 ? periodMicroseconds / 1000 : fallbackPeriodMicroseconds / 1000)
        Thread.detachNewThread { [self] in
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0), pollfd(fd: netlink, events: Int16(POLLIN), revents: 0)]
            var scratch = [UInt8](repeating: 0, count: 16_384)
            while lock.withLock({ running }) {
                _ = poll(&fds, nfds_t(netlink >= 0 ? 2 : 1), period)
                // The messages only say that something changed: read them away, then read the states.
                if netlink >= 0, fds[1].revents != 0 {
                    while recv(netlink, &scratch, scratch.count, Int32(MSG_DONTWAIT)) > 0 {}
                }
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
            if netlink >= 0 { close(netlink) }
            done.signal()
        }
    }

    /// An rtnetlink socket joined to RTMGRP_LINK, or -1 (not Linux, or refused).
    static func linkNotifications() -> Int32 {
        #if os(Linux)
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) // NETLINK_ROUTE
        guard fd >= 0 else { return -1 }
        // struct sockaddr_nl (linux/netlink.h): family, pad, port id (0: the kernel's choice), groups.
        var address: (UInt16, UInt16, UInt32, UInt32) = (UInt16(AF_NETLINK), 0, 0, 1) // RTMGRP_LINK
        // SAFETY: the tuple has sockaddr_nl's layout (12 bytes, no padding); bind only reads it.
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, 12) }
        }
        guard bound == 0 else {
            close(fd)
            return -1
        }
        return fd
        #else
        return -1
        #endif
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
        guard wasRunning else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        done.wait()
        close(wake.read)
        close(wake.write)
    }
}
