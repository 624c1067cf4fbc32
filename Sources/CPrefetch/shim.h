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
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>

/// The size of a transparent huge page on x86-64 and most arm64 kernels (2 MiB).
#define TEAMSCOPE_HUGE_PAGE ((size_t)2 << 20)

/// Reserves `bytes` (rounded up to whole huge pages) of zeroed address space aligned to a huge
/// page, and asks Linux to back it with transparent huge pages (`madvise(MADV_HUGEPAGE)`, which
/// THP's `madvise` mode needs). Nothing is resident until touched; a page is then 2 MiB, so a
/// region grown in order holds at most one huge page more than it used. The flow table keeps
/// its records and its index in such regions: at a million flows each packet otherwise misses
/// the TLB twice (256 MB of records, 16 MB of index in 4 KiB pages) and every 16 new records
/// fault a page of their own. Returns NULL when the address space is not there.
static inline void *teamscope_region_reserve(size_t bytes) {
    size_t size = (bytes + TEAMSCOPE_HUGE_PAGE - 1) & ~(TEAMSCOPE_HUGE_PAGE - 1);
    size_t span = size + TEAMSCOPE_HUGE_PAGE;
    char *p = (char *)mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == (char *)MAP_FAILED) return NULL;
    char *start = (char *)(((uintptr_t)p + TEAMSCOPE_HUGE_PAGE - 1) & ~(uintptr_t)(TEAMSCOPE_HUGE_PAGE - 1));
    if (start > p) munmap(p, (size_t)(start - p));
    if (p + span > start + size) munmap(start + size, (size_t)(p + span - (start + size)));
#ifdef MADV_HUGEPAGE
    (void)madvise(start, size, MADV_HUGEPAGE);
    // The last huge page, when `bytes` fills only part of it, stays in 4 KiB pages: a table
    // full to its capacity then holds no more than its records (2 MiB less at the peak).
    if (size > bytes) (void)madvise(start + size - TEAMSCOPE_HUGE_PAGE, TEAMSCOPE_HUGE_PAGE, MADV_NOHUGEPAGE);
#endif
    return start;
}

/// Returns a region of `teamscope_region_reserve(bytes)` to the system.
static inline void teamscope_region_release(void *start, size_t bytes) {
    size_t size = (bytes + TEAMSCOPE_HUGE_PAGE - 1) & ~(TEAMSCOPE_HUGE_PAGE - 1);
    (void)munmap(start, size);
}

/// Drops the pages of a region from the first huge page boundary at or after `from` to `end`
/// (they read as zeroes again, and are not resident until touched).
static inline void teamscope_region_discard(void *from, void *end) {
    uintptr_t a = ((uintptr_t)from + TEAMSCOPE_HUGE_PAGE - 1) & ~(uintptr_t)(TEAMSCOPE_HUGE_PAGE - 1);
    if ((uintptr_t)end > a) (void)madvise((void *)a, (uintptr_t)end - a, MADV_DONTNEED);
}
#include <pthread.h>
#include <stdlib.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/// A thread that faults in the pages of a region ahead of its owner, who writes it in order
/// (`teamscope_prefaulter_want`). A fresh huge page costs its first toucher the zeroing of
/// 2 MiB and, on a virtual machine that hands free memory back to its host, the host's faults
/// behind it: about 2 ms a page, 0.6 s for a million flow records. `MADV_POPULATE_WRITE` on
/// this thread takes that off the owner's (the flow stage's) and onto the other core; it never
/// changes what the memory holds, so it may run beside the owner's writes.
typedef struct teamscope_prefaulter {
    char *start;
    size_t size;
    size_t wanted;
    size_t done;
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
} teamscope_prefaulter;

static void *teamscope_prefaulter_main(void *arg) {
    teamscope_prefaulter *p = (teamscope_prefaulter *)arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->done >= p->wanted) pthread_cond_wait(&p->cond, &p->lock);
        if (p->stop) break;
        size_t from = p->done, to = p->wanted;
        pthread_mutex_unlock(&p->lock);
        for (size_t o = from; o < to; o += TEAMSCOPE_HUGE_PAGE) {
            size_t n = to - o < TEAMSCOPE_HUGE_PAGE ? to - o : TEAMSCOPE_HUGE_PAGE;
            (void)madvise(p->start + o, n, MADV_POPULATE_WRITE);
        }
        pthread_mutex_lock(&p->lock);
        p->done = to;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/// Starts a prefaulter over the region at `start` (from `teamscope_region_reserve(size, _)`),
/// nothing wanted yet; NULL when no thread could be started (the owner then faults its pages
/// itself, as without one).
static inline teamscope_prefaulter *teamscope_prefaulter_start(void *start, size_t size) {
    teamscope_prefaulter *p = (teamscope_prefaulter *)calloc(1, sizeof *p);
    if (!p) return NULL;
    p->start = (char *)start;
    p->size = (size + 4095) & ~(size_t)4095;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    if (pthread_create(&p->thread, NULL, teamscope_prefaulter_main, p) != 0) {
        pthread_cond_destroy(&p->cond);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

/// Asks for the region's first `bytes` (rounded up to whole huge pages, at most the bytes the
/// region was reserved for) to be faulted in; returns at once.
static inline void teamscope_prefaulter_want(teamscope_prefaulter *p, size_t bytes) {
    size_t upTo = (bytes + TEAMSCOPE_HUGE_PAGE - 1) & ~(TEAMSCOPE_HUGE_PAGE - 1);
    if (upTo > p->size) upTo = p->size;
    pthread_mutex_lock(&p->lock);
    if (upTo > p->wanted) {
        p->wanted = upTo;
        pthread_cond_signal(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
}

/// Stops the thread (after the page it is faulting in) and frees the prefaulter; the region
/// stays, the owner's.
static inline void teamscope_prefaulter_stop(teamscope_prefaulter *p) {
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
#endif
