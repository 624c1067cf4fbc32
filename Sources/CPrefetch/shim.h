#ifndef TEAMSCOPE_CPREFETCH_SHIM_H
#define TEAMSCOPE_CPREFETCH_SHIM_H

/// Asks the CPU to bring the cache line at `p` in for writing, without waiting for it (GCC/Clang
/// `__builtin_prefetch(p, 1, 3)`; a hint: never faults, whatever `p` is). Swift has no such
/// intrinsic: the flow stage uses it to fetch the flow index slot and the flow record of packets a
/// few places ahead, so the table's cache misses overlap instead of adding up.
static inline void teamscope_prefetch(const void *p) {
    __builtin_prefetch(p, 1, 3);
}
#endif
