/*
 * vm_fault: from a faulting address to a mapped page, in small steps over
 * one fault_state, as the seeds trace it through XNU and Linux:
 *
 *   fault_find      the region holding the address (growing a stack into it)
 *   fault_check     does the region allow this access?
 *   fault_get_page  zero page, new zeroed page, copy, reuse, or shared page
 *   fault_map       write the page-table entry, queue the page
 */
#include <machine/param.h>
#include "vm/fault.h"
#include "vm/map.h"
#include "vm/object.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "vm/prot.h"
#include "lib/assert.h"
#include "lib/compiler.h"
#include "lib/errno.h"
#include "lib/string.h"

struct fault_state {
	struct vm_map *map;
	const struct fault_info *fi;
	uintptr_t va;			/* page-aligned address */
	struct vm_region *region;
	struct page *old;		/* page mapped before the fault, if any */
	vm_prot_t old_prot;
	struct page *page;		/* page to map */
	vm_prot_t prot;			/* protection to map it with */
	struct fault_outcome out;
};

/* Which region rights let each access through.  A read is also allowed by
 * whatever rights the hardware cannot separate from reading (on x86-64,
 * write and exec imply read). */
static const unsigned access_rights[] = {
	[FA_READ] = RPROT_READ | ARCH_READ_IMPLIED_BY,
	[FA_WRITE] = RPROT_WRITE,
	[FA_EXEC] = RPROT_EXEC,
};

static const vm_prot_t access_prot[] = {
	[FA_READ] = VM_PROT_READ, [FA_WRITE] = VM_PROT_WRITE, [FA_EXEC] = VM_PROT_EXEC,
};

uint64_t (*vm_trace_clock)(void);

static inline void stamp(struct fault_state *fs, enum fault_stage st)
{
	if (__builtin_expect(fs->out.timed, 0))
		fs->out.t[st] = vm_trace_clock();
}

static enum fault_res fault_find(struct fault_state *fs)
{
	fs->region = vm_map_lookup(fs->map, fs->fi->addr);
	if (!fs->region) {
		fs->region = vm_map_grow_stack(fs->map, fs->fi->addr);
		if (!fs->region)
			return FR_MAPERR;
		fs->out.stack_grown = true;
	}
	return FR_CONT;
}

static enum fault_res fault_check(struct fault_state *fs)
{
	enum fault_access acc = fs->fi->access;

	if (fs->fi->force)
		return FR_CONT;
	if (ARCH_EXEC_NOT_PRESENT_AS_READ && acc == FA_EXEC && !fs->fi->present)
		acc = FA_READ;		/* see machine/param.h */
	return fs->region->prot & access_rights[acc] ? FR_CONT : FR_ACCERR;
}

/* Could a and b (adjacent, a below) share an anon identity?  Linux's
 * anon_vma_compatible(): everything but the access rights agrees. */
static bool anon_compatible(const struct vm_region *a, const struct vm_region *b)
{
	return a->end == b->start && !a->obj && !b->obj && a->flags == b->flags &&
	       a->pgoff + ((a->end - a->start) >> PAGE_SHIFT) == b->pgoff;
}

/* A region's first private page: reuse a compatible neighbour's identity (so
 * that the two can still merge), the next one first, as Linux's
 * find_mergeable_anon_vma(); else a new one. */
static uint64_t reusable_anon_id(struct vm_map *map, struct vm_region *r)
{
	struct vm_region *next = vm_region_next(r), *prev = vm_region_prev(r);

	if (next && next->anon_id && anon_compatible(r, next))
		return next->anon_id;
	if (prev && prev->anon_id && anon_compatible(prev, r))
		return prev->anon_id;
	return ++map->anon_ids;
}

/* Private memory: the zero page for reads, a page of our own for writes. */
static enum fault_res get_private_page(struct fault_state *fs, bool mapped)
{
	vm_prot_t table = prot_for_region(fs->region->prot, false);

	if (fs->fi->access != FA_WRITE) {
		fs->page = mapped ? fs->old : zero_page;
		fs->prot = table;
		fs->out.decision = mapped ? FD_REPROTECT : FD_ZERO_PAGE;
		return FR_CONT;
	}
	fs->prot = table | (fs->region->prot & RPROT_WRITE ? VM_PROT_WRITE : 0);
	if (!fs->region->anon_id)		/* Linux's anon_vma_prepare() */
		fs->region->anon_id = reusable_anon_id(fs->map, fs->region);
	if (!mapped || fs->old == zero_page) {
		fs->page = page_zalloc(PG_ANON);
		fs->out.decision = FD_NEW_PAGE;
	} else if (fs->old->refs == 1) {
		fs->page = fs->old;
		fs->out.decision = FD_COW_REUSE;
	} else {
		fs->page = page_alloc(PG_ANON);
		if (fs->page)
			page_copy(fs->page, fs->old);
		fs->out.decision = FD_COW_COPY;
	}
	return fs->page ? FR_CONT : FR_OOM;
}

/*
 * Fault-around, as Linux does for the pages of files (shared anonymous memory
 * is a shmem file there): a read fault also maps the object's pages that are
 * already resident in the aligned 64 KiB around the address, within the
 * region, so that touching them later costs no fault.
 */
#define FAULT_AROUND_PAGES 16

static vm_prot_t table_prot_shared(const struct vm_region *r) { return prot_for_region(r->prot, true); }

static void fault_around(struct fault_state *fs, vm_prot_t prot)
{
	struct vm_region *r = fs->region;
	/* As do_fault_around: from the aligned 64 KiB block's start (or the
	 * region's, if later) for 16 pages, within the region and the page table. */
	uintptr_t span = FAULT_AROUND_PAGES * PAGE_SIZE, pt_span = PMAP_LEAF_TABLE_SPAN;
	uintptr_t lo = MAX(fs->va & ~(span - 1), r->start);
	uintptr_t hi = MIN(MIN(lo + span, r->end), (fs->va & ~(pt_span - 1)) + pt_span);

	for (uintptr_t va = lo; va < hi; va += PAGE_SIZE) {
		struct page *pg;
		vm_prot_t mapped_prot;
		uint64_t index = r->pgoff + ((va - r->start) >> PAGE_SHIFT);

		if (va == fs->va || index >= r->obj->size || pmap_lookup(fs->map->pmap, va, &pg, &mapped_prot))
			continue;
		pg = object_find_page(r->obj, index);
		if (!pg)
			continue;
		page_ref(pg);
		if (pmap_enter(fs->map->pmap, va, pg, prot) != 0) {
			page_unref(pg);
			return;		/* no memory for a table: fault-around is only an optimisation */
		}
	}
}

static enum fault_res fault_get_page(struct fault_state *fs)
{
	struct vm_region *r = fs->region;
	bool mapped = pmap_lookup(fs->map->pmap, fs->va, &fs->old, &fs->old_prot);

	if (mapped && (fs->old_prot & access_prot[fs->fi->access])) {
		fs->out.decision = FD_SPURIOUS;
		return FR_DONE;
	}
	if (!(r->flags & VR_SHARED))
		return get_private_page(fs, mapped);
	fs->prot = prot_for_region(r->prot, true);
	if (mapped) {
		fs->page = fs->old;
		fs->out.decision = FD_REPROTECT;
		return FR_CONT;
	}
	bool past_end;
	/* Linux maps the neighbours first, even when this page turns out to be
	 * past the end of the object (do_read_fault). */
	if (fs->fi->access != FA_WRITE)
		fault_around(fs, table_prot_shared(r));
	fs->page = object_get_page(r->obj, r->pgoff + ((fs->va - r->start) >> PAGE_SHIFT), &past_end);
	fs->out.decision = FD_SHARED_PAGE;
	return fs->page ? FR_CONT : past_end ? FR_BUSERR : FR_OOM;
}

static enum fault_res fault_map(struct fault_state *fs)
{
	bool replacing = fs->old && fs->page != fs->old;

	if (pmap_enter(fs->map->pmap, fs->va, fs->page, fs->prot) != 0) {
		if (fs->page != fs->old)
			page_unref(fs->page);
		return FR_OOM;
	}
	if (replacing)
		page_unref(fs->old);		/* the zero page or the copied original */
	if (fs->page != zero_page)
		page_activate(fs->page);
	return FR_DONE;
}

/* What the trace shows besides the decision: the region and the page. */
static void record_for_trace(struct fault_state *fs, enum fault_res r)
{
	struct vm_region *reg = fs->region;

	fs->out.region_found = reg != NULL;
	if (reg) {
		fs->out.region_start = reg->start;
		fs->out.region_end = reg->end;
		fs->out.region_prot = reg->prot;
		fs->out.region_flags = reg->flags;
	}
	fs->out.page = r == FR_DONE ? (fs->page ? fs->page : fs->old) : NULL;
}

enum fault_res vm_fault(struct vm_map *map, const struct fault_info *fi, struct fault_outcome *out)
{
	struct fault_state fs = { .map = map, .fi = fi, .va = fi->addr & PAGE_MASK };
	enum fault_res r;

	fs.out.timed = fi->traced && vm_trace_clock;
	stamp(&fs, FS_START);
	lock_acquire(&map->lock);
	r = fault_find(&fs);
	stamp(&fs, FS_FIND);
	if (r == FR_CONT)
		r = fault_check(&fs);
	stamp(&fs, FS_CHECK);
	if (r == FR_CONT)
		r = fault_get_page(&fs);
	stamp(&fs, FS_GET_PAGE);
	if (r == FR_CONT)
		r = fault_map(&fs);
	stamp(&fs, FS_MAP);
	if (__builtin_expect(fs.out.timed, 0))
		record_for_trace(&fs, r);
	lock_release(&map->lock);
	if (out)
		*out = fs.out;
	return r;
}

int vm_map_write(struct vm_map *map, uintptr_t va, const void *src, size_t len)
{
	const char *from = src;

	while (len) {
		struct fault_info fi = { .addr = va, .access = FA_WRITE, .force = true };
		size_t off = va & ~PAGE_MASK, n = MIN(len, PAGE_SIZE - off);
		struct page *pg;
		vm_prot_t prot;
		bool ok;

		if (vm_fault(map, &fi, NULL) != FR_DONE)
			return -EFAULT;
		lock_acquire(&map->lock);
		ok = pmap_lookup(map->pmap, va & PAGE_MASK, &pg, &prot);
		lock_release(&map->lock);
		if (!ok || pg == zero_page)
			return -EFAULT;
		memcpy((char *)page_kva(pg) + off, from, n);
		pmap_page_written(pg);
		va += n;
		from += n;
		len -= n;
	}
	return 0;
}

const char *fault_access_name(enum fault_access a)
{
	static const char *const names[] = { [FA_READ] = "read", [FA_WRITE] = "write", [FA_EXEC] = "exec" };
	return a <= FA_EXEC ? names[a] : "?";
}

const char *fault_decision_name(enum fault_decision d)
{
	static const char *const names[] = {
		[FD_NONE] = "none", [FD_ZERO_PAGE] = "zero-page", [FD_NEW_PAGE] = "new-page",
		[FD_COW_COPY] = "cow-copy", [FD_COW_REUSE] = "cow-reuse", [FD_SHARED_PAGE] = "shared-page",
		[FD_REPROTECT] = "reprotect", [FD_SPURIOUS] = "spurious",
	};
	return d <= FD_SPURIOUS ? names[d] : "?";
}
