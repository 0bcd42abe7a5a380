/*
 * Spin locks.  There is one CPU today, but shared state is locked from the
 * start so that SMP does not need a rewrite.  Rule: no lock is held across
 * an access to user memory (that may fault and the fault handler takes the
 * map lock).
 */
#ifndef LIB_LOCK_H
#define LIB_LOCK_H

#include <stdbool.h>
#include "lib/assert.h"

struct lock { unsigned held; const char *name; };

#define LOCK_INIT(n) { 0, n }

static inline void lock_init(struct lock *l, const char *name) { l->held = 0; l->name = name; }

static inline void lock_acquire(struct lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("" ::: "memory");
}

static inline void lock_release(struct lock *l)
{
	ASSERT(l->held);
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

static inline bool lock_held(const struct lock *l) { return __atomic_load_n(&l->held, __ATOMIC_RELAXED); }

#define ASSERT_HELD(l) ASSERT(lock_held(l))

#endif
