#ifndef TEAMSCOPE_CPREFETCH_SHIM_H
#define TEAMSCOPE_CPREFETCH_SHIM_H

/// Asks the CPU to bring the cache line at `p` in for writing, without waiting for it (GCC/Clang
/// `__builtin_prefetch(p, 1, 3)`; a hint: never faults, whatever `p` is). Swift has no such
/// intrinsic: the flow stage uses it to fetch the flow index slot and the flow record of packets a
/// few places ahead, so the table's cache misses overlap instead of adding up.
static inline void teamscope_prefetch(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Asks the allocator to hand the free pages of every arena back to the system (glibc's
/// `malloc_trim(0)`; nothing elsewhere): the flow table calls it once, after freeing the
/// reordering rings at the end of the capture, so that the report's allocations do not come on
/// top of memory freed but kept by a thread's arena.
static inline void teamscope_release_free_memory(void) {
#if defined(__GLIBC__)
    (void)malloc_trim(0);
#endif
}
#endif
