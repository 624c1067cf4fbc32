#ifndef TEAMSCOPE_CPREFETCH_SHIM_H
#define TEAMSCOPE_CPREFETCH_SHIM_H

#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>

/// Asks the CPU to bring the cache line at `p` in for writing, without waiting for it (GCC/Clang
/// `__builtin_prefetch(p, 1, 3)`; a hint: never faults, whatever `p` is). Swift has no such
/// intrinsic: the flow stage uses it to fetch the flow index slot and the flow record of packets a
/// few places ahead, so the table's cache misses overlap instead of adding up.
static inline void teamscope_prefetch(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

/// `bytes` of memory aligned to a cache line, and from 2 MiB on to 2 MiB and, when `huge` is set, advised for transparent huge pages
/// (madvise(2) MADV_HUGEPAGE; the kernel's default on this kind of machine is "madvise": only
/// advised memory gets them). The flow table's records, index and arrival rings are reached at
/// random: over a million flows, 4 KiB pages make nearly every access a TLB miss as well as a
/// cache miss, and a page walk that a prefetch cannot hide. NULL when out of memory; freed with
/// `teamscope_free_large`.
static inline void *teamscope_alloc_large(size_t bytes, int huge) {
    void *p = NULL;
    const size_t hugePage = (size_t)2 << 20;
    if (posix_memalign(&p, bytes < hugePage ? 64 : hugePage, bytes) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    if (huge && bytes >= hugePage) (void)madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)huge;
#endif
    return p;
}

/// Advises `bytes` from `p` (what `teamscope_alloc_large` returned, of that size) for huge pages:
/// for memory allocated before it was known to be worth it. A hint: nothing when it cannot be.
static inline void teamscope_advise_huge(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    if (bytes >= ((size_t)2 << 20)) (void)madvise(p, bytes, MADV_HUGEPAGE);
#else
    (void)p; (void)bytes;
#endif
}

/// Frees what `teamscope_alloc_large` returned.
static inline void teamscope_free_large(void *p) {
    free(p);
}
#endif
