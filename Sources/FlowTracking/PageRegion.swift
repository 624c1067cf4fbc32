import CPrefetch

/// Address space reserved in transparent huge pages (`teamscope_region_reserve`): zeroed,
/// resident only where touched, 2 MiB a page. The flow table's records, and its index once it
/// is large, live in such regions: with a million flows every packet lands on a record and an
/// index slot far from the last packet's, and in 4 KiB pages each of those is a TLB miss (a
/// page walk) and every 16 new records a page fault of their own. Its owner frees it
/// (`release`), as with `UnsafeMutableRawPointer.allocate`.
struct PageRegion {
    /// A transparent huge page's size (`TEAMSCOPE_HUGE_PAGE`).
    static let hugePage = 2 << 20
    let start: UnsafeMutableRawPointer
    /// The bytes asked for (the region holds them rounded up to whole huge pages).
    let bytes: Int

    /// A region of at least `bytes` bytes, aligned to a huge page.
    init(bytes: Int) {
        guard let start = teamscope_region_reserve(bytes) else {
            preconditionFailure("cannot reserve \(bytes) bytes of address space")
        }
        self.start = start
        self.bytes = bytes
    }

    /// Gives the region back to the system; nothing in it may be read after.
    func release() { teamscope_region_release(start, bytes) }

    /// Drops the pages wholly past `offset` (they read as zeroes again, not resident until
    /// touched): what a table that shrank no longer needs.
    func discard(from offset: Int) { teamscope_region_discard(start + offset, start + bytes) }
}
