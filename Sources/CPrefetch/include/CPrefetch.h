#ifndef SPEND_CPREFETCH_H
#define SPEND_CPREFETCH_H

/// Asks the CPU for the cache line at `p` ahead of its use (a hint: never faults, never waits). Swift has no
/// prefetch of its own; static inline, so it inlines into the Swift caller.
static inline void spend_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
