/*
 * Address-space operations on regions: lookup, insert with merge, clip,
 * remove, protect, free-space search and stack growth.
 */
#include "vm/linux_version.h"
#include "vm/map.h"
#include "vm/kmem.h"
#include "vm/object.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/prot.h"
#include "lib/assert.h"
#include "lib/compiler.h"
#include "lib/errno.h"

#define region_of(n) avl_entry(n, struct vm_region, node)

static int region_cmp(const struct avl_node *a, const struct avl_node *b)
{
	uintptr_t x = region_of(a)->start, y = region_of(b)->start;
	return x < y ? -1 : x > y;
}

static bool ends_above(const struct avl_node *n, const void *key)
{
	return region_of(n)->end > *(const uintptr_t *)key;
}

struct vm_map *vm_map_create(void)
{
	struct vm_map *map = kzalloc(sizeof(*map));

	if (!map)
		return NULL;
	map->pmap = pmap_create();
	if (!map->pmap) {
		kfree(map);
		return NULL;
	}
	lock_init(&map->lock, "map");
	map->users = 1;
	return map;
}

struct vm_region *vm_map_first_above(struct vm_map *map, uintptr_t addr)
{
	struct avl_node *n = avl_search_first(&map->regions, &addr, ends_above);
	return n ? region_of(n) : NULL;
}

struct vm_region *vm_map_lookup(struct vm_map *map, uintptr_t addr)
{
	struct vm_region *r = vm_map_first_above(map, addr);
	return r && r->start <= addr ? r : NULL;
}

struct vm_region *vm_region_next(struct vm_region *r)
{
	struct avl_node *n = avl_next(&r->node);
	return n ? region_of(n) : NULL;
}

struct vm_region *vm_region_prev(struct vm_region *r)
{
	struct avl_node *n = avl_prev(&r->node);
	return n ? region_of(n) : NULL;
}

bool vm_map_range_free(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	struct vm_region *r = vm_map_first_above(map, start);
	return !r || r->start >= end;
}

static void release_page(struct page *pg, void *arg)
{
	(void)arg;
	page_unref(pg);
}

static void region_free(struct vm_map *map, struct vm_region *r)
{
	avl_erase(&map->regions, &r->node);
	map->nregions--;
	if (r->obj)
		object_unref(r->obj);
	kfree(r);
}

/* Can b (just above a) be folded into a?  Both must describe the same kind of
 * memory with the same rights, and shared ones the same object contiguously. */
static bool mergeable(const struct vm_region *a, const struct vm_region *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags || a->obj != b->obj)
		return false;
	if (a->anon_id && b->anon_id && a->anon_id != b->anon_id)
		return false;
	return a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

/* May subject (the range being placed or changed) join target?  Current
 * Linux lets a range with an anon identity join a neighbour without one
 * (which takes it on); Linux 6.1 refuses (is_mergeable_anon_vma(): the
 * neighbour's anon_vma_chain is empty, not singular). */
static bool anon_joinable(const struct vm_region *target, const struct vm_region *subject)
{
	return !(linux_6_1() && subject->anon_id && !target->anon_id);
}

/* Merge r with its neighbours where possible (the sides asked for), r being
 * the range placed or changed; returns the surviving region.  When r could
 * join either neighbour but the two could not be one region (different anon
 * identities), it joins the one below, as Linux's vma_merge. */
static struct vm_region *merge_sides(struct vm_map *map, struct vm_region *r, bool try_left, bool try_right)
{
	struct vm_region *prev = vm_region_prev(r), *next = vm_region_next(r);
	bool left = try_left && prev && mergeable(prev, r) && anon_joinable(prev, r);
	bool right = try_right && next && mergeable(r, next) && anon_joinable(next, r);

	if (left && right && prev->anon_id && next->anon_id && prev->anon_id != next->anon_id)
		right = false;
	if (right) {
		r->end = next->end;
		r->anon_id = r->anon_id ? r->anon_id : next->anon_id;
		region_free(map, next);
	}
	if (left) {
		prev->end = r->end;
		prev->anon_id = prev->anon_id ? prev->anon_id : r->anon_id;
		region_free(map, r);
		r = prev;
	}
	return r;
}

static struct vm_region *try_merge(struct vm_map *map, struct vm_region *r) { return merge_sides(map, r, true, true); }

/*
 * A new mapping under Linux 6.1 (mmap_region): the one after is tried first,
 * then the one before, which must accept the anon identity of what it would
 * absorb (the one after's, if that was taken); current Linux prefers the
 * one before, as try_merge().
 */
static void merge_new_6_1(struct vm_map *map, struct vm_region *r)
{
	struct vm_region *prev = vm_region_prev(r), *next = vm_region_next(r);
	bool right = next && mergeable(r, next) && anon_joinable(next, r);
	bool left = prev && mergeable(prev, r) && anon_joinable(prev, right ? next : r) &&
		    !(right && prev->anon_id && next->anon_id && prev->anon_id != next->anon_id);

	if (right) {
		r->end = next->end;
		r->anon_id = next->anon_id;
		region_free(map, next);
	}
	if (left) {
		prev->end = r->end;
		prev->anon_id = prev->anon_id ? prev->anon_id : r->anon_id;
		region_free(map, r);
	}
}

int vm_map_insert(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot,
		  unsigned flags, struct vm_object *obj, uint64_t pgoff)
{
	struct vm_region *r;

	ASSERT_HELD(&map->lock);
	ASSERT(start < end && !(start & ~PAGE_MASK) && !(end & ~PAGE_MASK));
	ASSERT(vm_map_range_free(map, start, end));
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->start = start;
	r->end = end;
	r->prot = prot;
	r->flags = flags;
	r->obj = obj;
	r->pgoff = obj ? pgoff : start >> PAGE_SHIFT;
	avl_insert(&map->regions, &r->node, region_cmp);
	map->nregions++;
	if (linux_6_1())
		merge_new_6_1(map, r);
	else
		try_merge(map, r);
	return 0;
}

/* Split r at addr (strictly inside it): r keeps [start, addr), a new region
 * takes [addr, end).  The new region, or NULL when out of memory. */
static struct vm_region *clip(struct vm_map *map, struct vm_region *r, uintptr_t addr)
{
	struct vm_region *hi = kmalloc(sizeof(*hi));

	if (!hi)
		return NULL;
	*hi = *r;
	hi->start = addr;
	hi->pgoff = r->pgoff + ((addr - r->start) >> PAGE_SHIFT);
	if (r->obj)
		object_ref(r->obj);
	r->end = addr;
	avl_insert(&map->regions, &hi->node, region_cmp);
	map->nregions++;
	return hi;
}

/* Make start and end region boundaries, so that [start, end) is covered by
 * whole regions.  On failure nothing visible has changed (a split region
 * still maps the same pages with the same rights). */
static int clip_range(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	struct vm_region *r = vm_map_lookup(map, start);

	if (r && r->start < start && !clip(map, r, start))
		return -ENOMEM;
	r = vm_map_lookup(map, end);
	if (r && r->start < end && !clip(map, r, end))
		return -ENOMEM;
	return 0;
}

int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	struct vm_region *r;
	int err;

	ASSERT_HELD(&map->lock);
	if (start >= end)
		return 0;
	err = clip_range(map, start, end);
	if (err)
		return err;
	while ((r = vm_map_first_above(map, start)) && r->start < end) {
		pmap_remove(map->pmap, r->start, r->end, release_page, NULL);
		region_free(map, r);
	}
	return 0;
}

bool vm_map_range_mapped(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	uintptr_t covered = start;

	for (struct vm_region *r = vm_map_first_above(map, start); r && r->start <= covered && covered < end;
	     r = vm_region_next(r))
		covered = r->end;
	return covered >= end;
}

int vm_map_set_flags(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned set, unsigned clear)
{
	struct vm_region *r;
	int err;

	ASSERT_HELD(&map->lock);
	for (r = vm_map_first_above(map, start); r && r->start < end; r = vm_region_next(r)) {
		/* Droppable memory is never locked (Linux's mlock_fixup passes it by). */
		unsigned rset = (r->flags & VR_DROPPABLE) ? set & ~(VR_LOCKED | VR_LOCKONFAULT) : set;
		if (((r->flags & ~clear) | rset) == r->flags)
			continue;		/* nothing to change: no split either */
		uintptr_t s = MAX(r->start, start), e = MIN(r->end, end);
		if ((err = clip_range(map, s, e)))
			return err;
		r = vm_map_lookup(map, s);
		r->flags = (r->flags & ~clear) | rset;
		r = try_merge(map, r);	/* with the one before and, if alike, the one after */
	}
	return 0;
}

int vm_map_punch(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	ASSERT_HELD(&map->lock);
	for (struct vm_region *r = vm_map_first_above(map, start); r && r->start < end; r = vm_region_next(r)) {
		uintptr_t s = MAX(r->start, start), e = MIN(r->end, end);
		if (r->flags & VR_LOCKED)
			return -EINVAL;
		pmap_remove(map->pmap, s, e, release_page, NULL);
		if (r->obj)
			object_truncate(r->obj, r->pgoff + ((s - r->start) >> PAGE_SHIFT),
					r->pgoff + ((e - r->start) >> PAGE_SHIFT));
	}
	return 0;
}

bool vm_map_range_has(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned flags)
{
	for (struct vm_region *r = vm_map_first_above(map, start); r && r->start < end; r = vm_region_next(r))
		if (r->flags & flags)
			return true;
	return false;
}

bool vm_map_range_private(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	for (struct vm_region *r = vm_map_first_above(map, start); r && r->start < end; r = vm_region_next(r))
		if (r->flags & VR_SHARED)
			return false;
	return true;
}

void vm_map_zap(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	ASSERT_HELD(&map->lock);
	/* Only inside regions: the range comes from user space and may reach
	 * far past them (even into the kernel half, which must never be touched). */
	for (struct vm_region *r = vm_map_first_above(map, start); r && r->start < end; r = vm_region_next(r))
		pmap_remove(map->pmap, MAX(r->start, start), MIN(r->end, end), release_page, NULL);
}

/*
 * A private page that no one else maps was already written: Linux makes it
 * writable again at once (can_change_pte_writable), so that the next write
 * does not fault.  The zero page and pages shared after fork stay
 * read-only, so that writing them still copies.  Linux 6.1 also wanted the
 * page dirty: one made clean by MADV_FREE and not written since faults.
 */
static vm_prot_t writable_if_exclusive(struct page *pg, vm_prot_t prot, bool dirty, void *arg)
{
	(void)arg;
	if (prot != VM_PROT_NONE && pg != zero_page && pg->refs == 1 && (dirty || !linux_6_1()))
		prot |= VM_PROT_WRITE;
	return prot;
}

int vm_map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot)
{
	struct vm_region *r;
	uintptr_t covered = start;
	int err;

	ASSERT_HELD(&map->lock);
	/* As Linux: nothing mapped at start is refused outright; otherwise the
	 * regions up to the first hole change, and then the hole is reported. */
	r = vm_map_lookup(map, start);
	if (!r)
		return -ENOMEM;
	while (r && r->start <= covered && covered < end) {
		covered = r->end;
		r = vm_region_next(r);
	}
	if (covered > end)
		covered = end;
	/* Region by region, as Linux's mprotect_fixup: one that would not change
	 * is left alone (not split, not merged, its entries untouched); one that
	 * does is cut to the range, changed, and merged with its neighbours. */
	for (r = vm_map_lookup(map, start); r && r->start < covered; r = vm_region_next(r)) {
		unsigned flags = r->flags;
		/* Becoming writable charges private memory; becoming read-only gives
		 * the charge back only while the region has never had a page of its
		 * own (current Linux; 6.1 never gives it back, so such a region no
		 * longer merges with uncharged ones). */
		if ((prot & RPROT_WRITE) && !(r->prot & RPROT_WRITE) &&
		    !(flags & (VR_ACCOUNT | VR_SHARED | VR_NORESERVE)))
			flags |= VR_ACCOUNT;
		else if (!(prot & RPROT_WRITE) && !r->obj && !r->anon_id && !linux_6_1())
			flags &= ~VR_ACCOUNT;
		if (prot == r->prot && flags == r->flags)
			continue;
		uintptr_t s = MAX(r->start, start), e = MIN(r->end, covered);
		if ((err = clip_range(map, s, e)))
			return err;
		r = vm_map_lookup(map, s);
		bool upgrade = !(r->flags & VR_SHARED) && (prot & RPROT_WRITE);
		r->flags = flags;
		r->prot = prot;
		pmap_protect(map->pmap, r->start, r->end, prot_for_region(prot, r->flags & VR_SHARED),
			     upgrade ? writable_if_exclusive : NULL, NULL);
		r = try_merge(map, r);
	}
	return covered < end ? -ENOMEM : 0;
}

int vm_map_extend(struct vm_map *map, struct vm_region *r, uintptr_t new_end)
{
	ASSERT_HELD(&map->lock);
	ASSERT(new_end > r->end && vm_map_range_free(map, r->end, new_end));
	r->end = new_end;
	/* Linux merges the extension into r and, if alike, r with the one after
	 * (its vma_merge of the extension); the one before is not involved. */
	merge_sides(map, r, false, true);
	return 0;
}

/* Move present entries from [from, from + len) to to; on failure move back. */
static int move_entries(struct vm_map *map, uintptr_t from, uintptr_t to, uintptr_t len)
{
	for (uintptr_t off = 0; off < len; off += PAGE_SIZE) {
		if (pmap_move(map->pmap, from + off, to + off) != 0) {
			move_entries(map, to, from, off);
			return -ENOMEM;
		}
	}
	return 0;
}

static struct vm_region *region_like(const struct vm_region *r, uintptr_t from, uintptr_t to, uintptr_t len)
{
	struct vm_region *n = kmalloc(sizeof(*n));

	if (!n)
		return NULL;
	*n = *r;
	n->start = to;
	n->end = to + len;
	/* Private memory that never had a page takes its new address (Linux's
	 * copy_vma), so that it can merge there; otherwise it keeps its own. */
	n->pgoff = !r->obj && !r->anon_id ? to >> PAGE_SHIFT : r->pgoff + ((from - r->start) >> PAGE_SHIFT);
	if (n->obj)
		object_ref(n->obj);
	return n;
}

int vm_map_move(struct vm_map *map, struct vm_region *r, uintptr_t from, uintptr_t old_len,
		uintptr_t to, uintptr_t new_len, bool keep_old)
{
	struct vm_region *n;

	ASSERT_HELD(&map->lock);
	ASSERT(vm_map_range_free(map, to, to + new_len));
	n = region_like(r, from, to, new_len);
	if (!n)
		return -ENOMEM;
	if (move_entries(map, from, to, MIN(old_len, new_len)) != 0) {
		if (n->obj)
			object_unref(n->obj);
		kfree(n);
		return -ENOMEM;
	}
	avl_insert(&map->regions, &n->node, region_cmp);
	map->nregions++;
	if (!keep_old)
		vm_map_remove(map, from, from + old_len);
	else {
		/* The old range stays, empty and unlocked.  Current Linux clears
		 * VM_LOCKED on the whole region the range was in, without a split;
		 * 6.1 split the range off and unlocked it alone. */
		if (linux_6_1()) {
			vm_map_set_flags(map, from, from + old_len, 0, VR_LOCKED | VR_LOCKONFAULT);
			r = vm_map_lookup(map, from);
		} else if ((r = vm_map_lookup(map, from))) {
			r->flags &= ~(VR_LOCKED | VR_LOCKONFAULT);
		}
		if (r && r->start == from && r->end == from + old_len)
			r->anon_id = 0;		/* Linux unlinks the emptied region's anon_vma */
	}
	/* Under Linux 6.1 a MREMAP_DONTUNMAP target is merged by the caller
	 * (vm_map_merge_apart): not with what was the source's region. */
	if (!(keep_old && linux_6_1()))
		try_merge(map, n);
	return 0;
}

void vm_map_merge_apart(struct vm_map *map, uintptr_t addr, uintptr_t lo, uintptr_t hi)
{
	struct vm_region *r = vm_map_lookup(map, addr), *prev, *next;

	ASSERT_HELD(&map->lock);
	if (!r)
		return;
	prev = vm_region_prev(r);
	next = vm_region_next(r);
	merge_sides(map, r, !(prev && prev->start >= lo && prev->end <= hi),
		    !(next && next->start >= lo && next->end <= hi));
}

int vm_map_duplicate(struct vm_map *map, struct vm_region *r, uintptr_t from, uintptr_t to, uintptr_t len)
{
	struct vm_region *n;

	ASSERT_HELD(&map->lock);
	ASSERT(r->obj && vm_map_range_free(map, to, to + len));
	n = region_like(r, from, to, len);
	if (!n)
		return -ENOMEM;
	avl_insert(&map->regions, &n->node, region_cmp);
	map->nregions++;
	try_merge(map, n);
	return 0;
}

bool vm_map_resident(struct vm_map *map, uintptr_t va)
{
	struct vm_region *r = vm_map_lookup(map, va);
	struct page *pg;
	vm_prot_t prot;

	ASSERT_HELD(&map->lock);
	if (pmap_lookup(map->pmap, va & PAGE_MASK, &pg, &prot))
		return true;
	/* Shared memory is a file to Linux's mincore: resident means in the
	 * object, mapped here or not. */
	return r && r->obj && object_find_page(r->obj, r->pgoff + ((va - r->start) >> PAGE_SHIFT));
}

/* The lowest address a new mapping may use below r, keeping a stack's guard gap. */
static uintptr_t gap_top_below(const struct vm_region *r)
{
	if (!(r->flags & VR_GROWSDOWN))
		return r->start;
	return r->start > STACK_GUARD_GAP ? r->start - STACK_GUARD_GAP : 0;
}

uintptr_t vm_map_find_space(struct vm_map *map, uintptr_t len, uintptr_t hint)
{
	struct avl_node *n;
	uintptr_t gap_end = USER_TOP;

	ASSERT_HELD(&map->lock);
	if (len == 0 || len > USER_TOP - MAP_MIN_ADDR)
		return 0;
	if (hint) {
		hint = ALIGN_UP(hint, PAGE_SIZE);
		struct vm_region *above = vm_map_first_above(map, hint);
		struct vm_region *below = above ? vm_region_prev(above) : NULL;
		if (!above) {
			n = avl_last(&map->regions);
			below = n ? region_of(n) : NULL;
		}
		if (hint >= MAP_MIN_ADDR && hint <= USER_TOP - len &&
		    (!above || hint + len <= gap_top_below(above)) && (!below || below->end <= hint))
			return hint;
	}
	/* Walk the gaps from the top down; the first that fits below mmap_base wins. */
	for (n = avl_last(&map->regions);; n = avl_prev(n)) {
		struct vm_region *r = n ? region_of(n) : NULL;
		uintptr_t gap_start = r ? MAX(r->end, MAP_MIN_ADDR) : MAP_MIN_ADDR;
		uintptr_t top = MIN(gap_end, map->mmap_base);

		if (top > gap_start && top - gap_start >= len)
			return top - len;
		if (!r || gap_start == MAP_MIN_ADDR)
			return 0;	/* nothing lower may be used */
		gap_end = gap_top_below(r);
	}
}

struct vm_region *vm_map_grow_stack(struct vm_map *map, uintptr_t addr)
{
	struct vm_region *r = vm_map_first_above(map, addr), *prev;
	uintptr_t new_start = ALIGN_DOWN(addr, PAGE_SIZE);

	ASSERT_HELD(&map->lock);
	if (!r || r->start <= addr || !(r->flags & VR_GROWSDOWN))
		return NULL;
	if (new_start < MAP_MIN_ADDR)		/* never down onto the pages NULL points into */
		return NULL;
	if (r->end - new_start > map->stack_limit)
		return NULL;
	prev = vm_region_prev(r);
	if (prev && !(prev->flags & VR_GROWSDOWN) && (prev->prot & RPROT_MASK) &&
	    new_start - prev->end < STACK_GUARD_GAP)
		return NULL;
	if (prev && prev->end > new_start)
		return NULL;
	r->pgoff -= (r->start - new_start) >> PAGE_SHIFT;	/* as Linux's expand_downwards */
	r->start = new_start;		/* order in the tree is unchanged */
	return r;
}

struct fork_arg { struct vm_map *child; bool shared; int err; };

static vm_prot_t fork_entry(uintptr_t va, struct page *pg, vm_prot_t prot, void *p)
{
	struct fork_arg *fa = p;
	vm_prot_t keep = fa->shared ? prot : prot & ~VM_PROT_WRITE;

	if (fa->err || pmap_enter(fa->child->pmap, va, pg, keep) != 0) {
		fa->err = -ENOMEM;
		return prot;
	}
	if (pg != zero_page)
		page_ref(pg);
	return keep;
}

struct vm_map *vm_map_fork(struct vm_map *map)
{
	struct vm_map *child = vm_map_create();
	struct fork_arg fa = { .child = child };

	if (!child)
		return NULL;
	lock_acquire(&map->lock);
	child->mmap_base = map->mmap_base;
	child->start_brk = map->start_brk;
	child->brk = map->brk;
	child->stack_limit = map->stack_limit;
	child->sigtramp = map->sigtramp;
	for (struct avl_node *n = avl_first(&map->regions); n && !fa.err; n = avl_next(n)) {
		struct vm_region *r = region_of(n), *c;
		if (r->flags & VR_DONTCOPY)
			continue;		/* MADV_DONTFORK */
		c = kmalloc(sizeof(*c));
		if (!c) {
			fa.err = -ENOMEM;
			break;
		}
		*c = *r;
		c->flags &= ~(VR_LOCKED | VR_LOCKONFAULT);	/* memory locks are not inherited */
		if (c->obj)
			object_ref(c->obj);
		avl_insert(&child->regions, &c->node, region_cmp);
		child->nregions++;
		fa.shared = r->flags & VR_SHARED;
		if (r->flags & VR_WIPEONFORK) {
			c->anon_id = 0;		/* the child's copy starts empty */
			continue;
		}
		pmap_visit(map->pmap, r->start, r->end, fork_entry, &fa);
	}
	lock_release(&map->lock);
	if (fa.err) {
		vm_map_destroy(child);
		return NULL;
	}
	return child;
}

void vm_map_destroy(struct vm_map *map)
{
	lock_acquire(&map->lock);
	vm_map_remove(map, 0, USER_TOP);
	lock_release(&map->lock);
	pmap_destroy(map->pmap);
	kfree(map);
}
