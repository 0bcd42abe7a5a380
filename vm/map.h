/*
 * An address space: its regions, kept in a balanced tree keyed by start
 * address, and the pmap holding its page tables.
 *
 * Locking: map->lock guards the region tree and every region's fields, and
 * serialises changes to the pmap's entries for this map.
 */
#ifndef VM_MAP_H
#define VM_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/param.h>
#include "lib/avl.h"
#include "lib/lock.h"

struct pmap;
struct vm_object;

/* Region flags */
#define VR_SHARED	0x1u	/* MAP_SHARED: pages live in obj */
#define VR_GROWSDOWN	0x2u	/* a stack that grows on faults below it */
#define VR_STACK	0x4u	/* the process's main stack */
/* Advice kept per region (madvise), which Linux keeps in vm_flags: regions
 * that differ in it do not merge. */
#define VR_RAND_READ	0x10u	/* MADV_RANDOM */
#define VR_SEQ_READ	0x20u	/* MADV_SEQUENTIAL */
#define VR_DONTCOPY	0x40u	/* MADV_DONTFORK: the child of a fork does not get it */
#define VR_DONTDUMP	0x80u	/* MADV_DONTDUMP */
#define VR_WIPEONFORK	0x100u	/* MADV_WIPEONFORK: the child gets it empty */
#define VR_HUGEPAGE	0x200u	/* MADV_HUGEPAGE */
#define VR_NOHUGEPAGE	0x400u	/* MADV_NOHUGEPAGE */
#define VR_MERGEABLE	0x800u	/* MADV_MERGEABLE */
/* Commit accounting, which Linux also keeps in vm_flags (so it too decides
 * merges): private writable memory is charged (VM_ACCOUNT) unless mapped
 * with MAP_NORESERVE (VM_NORESERVE). */
#define VR_ACCOUNT	0x1000u
#define VR_NORESERVE	0x2000u
#define VR_LOCKED	0x4000u	/* mlock, MAP_LOCKED: populated, kept resident */
#define VR_LOCKONFAULT	0x8000u	/* mlock2(MLOCK_ONFAULT): locked as pages come, not populated */
#define VR_DROPPABLE	0x10000u /* MAP_DROPPABLE: its pages may go under memory pressure; never locked */

struct vm_region {
	struct avl_node node;		/* (map lock) */
	uintptr_t start, end;		/* [start, end), page aligned */
	unsigned prot;			/* RPROT_* */
	unsigned flags;			/* VR_* */
	struct vm_object *obj;		/* VR_SHARED only */
	/* obj page index of start; for private memory, as Linux's vm_pgoff,
	 * the page number of the address it was created at (it moves with the
	 * memory), which neighbours must continue to merge with it. */
	uint64_t pgoff;
	/* Private memory's identity, given by its first page-allocating fault
	 * (Linux's anon_vma): regions with different ones never merge, which
	 * programs can see through mremap and /proc/self/maps. */
	uint64_t anon_id;
};

struct vm_map {
	struct lock lock;
	unsigned users;			/* processes using it (a vfork child borrows its parent's) */
	struct avl_root regions;	/* (lock) */
	unsigned nregions;		/* (lock) */
	struct pmap *pmap;
	uintptr_t mmap_base;		/* top-down search for free space starts below */
	uintptr_t start_brk, brk;	/* the heap: [start_brk, brk) */
	uintptr_t stack_limit;		/* RLIMIT_STACK, bytes */
	uint64_t anon_ids;		/* (lock) the last anon_id handed out */
	unsigned def_flags;		/* (lock) added to every new region (mlockall MCL_FUTURE) */
	uintptr_t sigtramp;		/* the signal-return trampoline (kern/sigtramp.h), 0 if none */
};

/* Linux's defaults: no mapping below 64 KiB; 256 pages kept free below a stack. */
#define MAP_MIN_ADDR	0x10000ul
#define STACK_GUARD_GAP	(256ul * PAGE_SIZE)

struct vm_map *vm_map_create(void);
void vm_map_destroy(struct vm_map *map);
static inline void vm_map_hold(struct vm_map *map) { __atomic_add_fetch(&map->users, 1, __ATOMIC_RELAXED); }
/* Drop a user; the last one destroys the map. */
static inline void vm_map_release(struct vm_map *map)
{
	if (__atomic_sub_fetch(&map->users, 1, __ATOMIC_ACQ_REL) == 0)
		vm_map_destroy(map);
}
/* fork: a copy of map sharing its pages.  Private pages become read-only in
 * both (the first write copies, or reuses the page when no one else maps it
 * any more); shared regions share their objects; the zero page stays.
 * NULL when out of memory. */
struct vm_map *vm_map_fork(struct vm_map *map);

/* The following expect map->lock held. */
struct vm_region *vm_map_lookup(struct vm_map *map, uintptr_t addr);	/* region containing addr */
struct vm_region *vm_map_first_above(struct vm_map *map, uintptr_t addr); /* first with end > addr */
struct vm_region *vm_region_next(struct vm_region *r);
struct vm_region *vm_region_prev(struct vm_region *r);
bool vm_map_range_free(struct vm_map *map, uintptr_t start, uintptr_t end);

/* Add a region over free space [start, end); merges with compatible neighbours.
 * Takes over one reference to obj.  0 or -ENOMEM. */
int vm_map_insert(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot,
		  unsigned flags, struct vm_object *obj, uint64_t pgoff);
/* Unmap [start, end), splitting regions at the edges; holes are fine.  0 or -ENOMEM. */
int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end);
/* Is every page of [start, end) inside some region? */
bool vm_map_range_mapped(struct vm_map *map, uintptr_t start, uintptr_t end);
/* madvise's flag changes: every region meeting [start, end) gets
 * (flags & ~clear) | set, split at the edges, merged where it can be.
 * Holes are skipped.  0 or -ENOMEM (out of memory). */
int vm_map_set_flags(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned set, unsigned clear);
/* MADV_REMOVE: drop the shared objects' pages behind [start, end) and their
 * mappings (private memory reads zero too).  0 or -EINVAL. */
int vm_map_punch(struct vm_map *map, uintptr_t start, uintptr_t end);
/* Does any region meeting [start, end) have any of these flags? */
bool vm_map_range_has(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned flags);
/* Is every region meeting [start, end) private? */
bool vm_map_range_private(struct vm_map *map, uintptr_t start, uintptr_t end);
/* Drop the pages of [start, end) but keep the regions: private memory reads
 * zero again, shared memory is found again in its object (MADV_DONTNEED). */
void vm_map_zap(struct vm_map *map, uintptr_t start, uintptr_t end);
/* Change the protection of [start, end).  -ENOMEM if start is unmapped (then
 * nothing changes) or if a hole follows (then everything before it changed). */
int vm_map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot);
/* A free range of len bytes, at hint if it fits there, else the highest one
 * below mmap_base; 0 if none. */
uintptr_t vm_map_find_space(struct vm_map *map, uintptr_t len, uintptr_t hint);
/* Grow r (which ends at r->end) up to new_end over free space; 0 or -ENOMEM. */
int vm_map_extend(struct vm_map *map, struct vm_region *r, uintptr_t new_end);
/* mremap's move: a region like r at [to, to + new_len) takes over the pages
 * of [from, from + old_len) (which lies inside r); the old range is unmapped
 * unless keep_old (MREMAP_DONTUNMAP: it stays, empty).  [to, to + new_len)
 * must be free.  0 or -ENOMEM (then nothing has changed). */
int vm_map_move(struct vm_map *map, struct vm_region *r, uintptr_t from, uintptr_t old_len,
		uintptr_t to, uintptr_t new_len, bool keep_old);
/* Merge the region at addr with its neighbours, except those lying inside
 * [lo, hi): Linux 6.1 does not merge a MREMAP_DONTUNMAP target with what
 * was its source's region (seen on the oracle), but does with others. */
void vm_map_merge_apart(struct vm_map *map, uintptr_t addr, uintptr_t lo, uintptr_t hi);
/* mremap of a shared mapping with old_len 0: a second region over the same
 * object pages.  0 or -ENOMEM. */
int vm_map_duplicate(struct vm_map *map, struct vm_region *r, uintptr_t from, uintptr_t to, uintptr_t len);
/* Is the page at va resident (mincore): in the page table, or for shared
 * memory in its object? */
bool vm_map_resident(struct vm_map *map, uintptr_t va);
/* Extend a VR_GROWSDOWN region down to cover addr, as Linux's expand_stack.
 * The region grown, or NULL if addr is not in reach of a stack. */
struct vm_region *vm_map_grow_stack(struct vm_map *map, uintptr_t addr);

#endif
