import CPrefetch

/// Faults in the pages of a `PageRegion` its owner fills in order, a few huge pages ahead of
/// it, on a thread of its own (`teamscope_prefaulter`), started once the owner has used a
/// first huge page (a small table starts none). The owner's thread then finds its next pages
/// resident: on this kind of virtual machine a fresh huge page costs its first toucher about
/// 2 ms (the guest zeroes it, the host faults in what it had taken back). Only for an owner on
/// a thread of its own beside the counting thread (the flow stage's in the pipeline).
struct RegionPrefaulter {
    let enabled: Bool
    private var thread: UnsafeMutablePointer<teamscope_prefaulter>?
    /// The owner's bytes at which `note` next asks for more.
    private var next = PageRegion.hugePage
    /// How far past the owner's last byte pages are faulted in (rounded up to a huge page): the
    /// peak RSS grows by no more. `1 - PageRegion.hugePage`: only the huge pages wholly behind it.
    let ahead: Int

    init(enabled: Bool, ahead: Int) {
        self.enabled = enabled
        self.ahead = ahead
    }

    /// The owner has used the first `used` bytes of `region`.
    @inline(__always)
    mutating func note(used: Int, of region: PageRegion) {
        if used >= next { advance(used: used, of: region) }
    }

    @inline(never)
    private mutating func advance(used: Int, of region: PageRegion) {
        next = used + PageRegion.hugePage
        guard enabled else { return }
        if thread == nil { thread = teamscope_prefaulter_start(region.start, region.bytes) }
        if let thread { teamscope_prefaulter_want(thread, used + ahead) }
    }

    /// Stops the thread (before its region is freed or left for another); `used` is what the
    /// owner has used of the region it goes on with.
    mutating func stop(used: Int) {
        if let thread { teamscope_prefaulter_stop(thread) }
        thread = nil
        next = used + PageRegion.hugePage
    }
}
