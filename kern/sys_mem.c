/*
 * Memory system calls: brk, mmap, munmap, mprotect, madvise.  The argument
 * checks follow Linux's order, since which errno wins is part of the ABI.
 */
#include <machine/param.h>
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/proc.h"
#include "kern/syscall.h"
#include "vm/fault.h"
#include "vm/linux_version.h"
#include "vm/map.h"
#include "vm/object.h"
#include "vm/pmap.h"
#include "vm/prot.h"
#include "lib/compiler.h"
#include "lib/errno.h"
#include "kern/uaccess.h"

static uintptr_t page_align(uintptr_t x) { return (x + PAGE_SIZE - 1) & PAGE_MASK; }

long sys_brk(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t brk = a0, newbrk, oldbrk;
	struct vm_region *next;
	long r;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	lock_acquire(&map->lock);
	if (brk < map->start_brk || brk > USER_TOP)
		goto out;
	newbrk = page_align(brk);
	oldbrk = page_align(map->brk);
	if (newbrk == oldbrk) {
		map->brk = brk;
		goto out;
	}
	if (brk <= map->brk) {			/* shrink: the pages go back */
		if (vm_map_remove(map, newbrk, oldbrk) == 0)
			map->brk = brk;
		goto out;
	}
	/* Grow, keeping a page's gap below the next region (as Linux). */
	next = vm_map_first_above(map, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->start - (next->flags & VR_GROWSDOWN ? STACK_GUARD_GAP : 0))
		goto out;
	if (vm_map_insert(map, oldbrk, newbrk, RPROT_READ | RPROT_WRITE, VR_ACCOUNT, NULL, 0) == 0)
		map->brk = brk;
out:
	r = (long)map->brk;
	lock_release(&map->lock);
	return r;
}

/*
 * Fault [start, end) in now (MAP_POPULATE, mlock): as a write where a region
 * is privately writable (so each page is its own), else as a read; holes
 * and inaccessible regions are skipped.  Linux counts these faults.
 */
/*
 * Fault [start, end) in now (MAP_POPULATE, mlock): as a write where a region
 * is privately writable (so each page is its own), else as a read.  Linux
 * counts these faults.  A region with no access (PROT_NONE) stops it with
 * -EFAULT, as get_user_pages() does; holes are skipped.
 */
static long populate(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	uintptr_t va = start;

	while (va < end) {
		struct vm_region *r;
		enum fault_access acc;
		uintptr_t stop;
		bool inaccessible, on_fault;

		/* One region at a time (the map may change under a fault). */
		lock_acquire(&map->lock);
		r = vm_map_first_above(map, va);
		if (!r || r->start >= end) {
			lock_release(&map->lock);
			return 0;
		}
		va = MAX(va, r->start);
		stop = MIN(r->end, end);
		acc = (r->prot & RPROT_WRITE) && !(r->flags & VR_SHARED) ? FA_WRITE : FA_READ;
		inaccessible = !(r->prot & RPROT_MASK);
		on_fault = r->flags & VR_LOCKONFAULT;
		lock_release(&map->lock);
		if (inaccessible && !on_fault)	/* lock-on-fault regions are not populated at all */
			return -EFAULT;
		for (; !on_fault && va < stop; va += PAGE_SIZE) {
			struct fault_info fi = { .addr = va, .access = acc };
			struct fault_outcome out;
			if (vm_fault(map, &fi, &out) != FR_DONE)
				return -EFAULT;
			if (out.decision != FD_SPURIOUS)
				curproc->minflt++;
		}
		va = stop;
	}
	return 0;
}

long sys_mmap(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t addr = a0, len = a1;
	unsigned prot = (unsigned)a2, flags = (unsigned)a3, rflags = 0;
	struct vm_object *obj = NULL;
	long r;

	UNUSED_ARGS(a4, a5);
	if (a5 & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return (int)a4 >= 0 && (int)a4 <= 2 ? -ENODEV : -EBADF;	/* no files to map yet */
	if (len == 0)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED)) {
		addr &= PAGE_MASK;
		if (addr && addr < MAP_MIN_ADDR)
			addr = MAP_MIN_ADDR;
	}
	len = page_align(len);
	if (len == 0 || len > USER_TOP)
		return -ENOMEM;

	lock_acquire(&map->lock);
	if (flags & MAP_FIXED) {
		r = addr > USER_TOP - len ? -ENOMEM : (addr & ~PAGE_MASK) ? -EINVAL : 0;
	} else {
		addr = vm_map_find_space(map, len, addr);
		r = addr ? 0 : -ENOMEM;
	}
	if (r)
		goto out;
	if ((flags & MAP_FIXED_NOREPLACE) && !vm_map_range_free(map, addr, addr + len)) {
		r = -EEXIST;
		goto out;
	}
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (flags & MAP_GROWSDOWN) {
			r = -EINVAL;
			goto out;
		}
		rflags = VR_SHARED;
		break;
	case MAP_PRIVATE:
		break;
	case MAP_DROPPABLE:
		/* Linux 6.11 and later (6.1 refuses the type): private memory whose
		 * pages may be dropped under memory pressure (never here: there is
		 * no reclaim), so not charged, not inherited by fork, not dumped;
		 * neither locked nor a stack. */
		if (linux_6_1() || (flags & (MAP_LOCKED | MAP_HUGETLB | MAP_GROWSDOWN))) {
			r = -EINVAL;
			goto out;
		}
		rflags = VR_DROPPABLE | VR_NORESERVE | VR_WIPEONFORK | VR_DONTDUMP;
		break;
	default:
		r = -EINVAL;
		goto out;
	}
	if (flags & MAP_GROWSDOWN)
		rflags |= VR_GROWSDOWN;
	if (flags & MAP_LOCKED)
		rflags |= VR_LOCKED;
	rflags |= map->def_flags;
	if (!(rflags & VR_SHARED) && (flags & MAP_NORESERVE))
		rflags |= VR_NORESERVE;
	else if (!(rflags & (VR_SHARED | VR_NORESERVE)) && (prot & PROT_WRITE))
		rflags |= VR_ACCOUNT;
	if (rflags & VR_SHARED) {
		obj = object_create_shared_anon(len >> PAGE_SHIFT);
		if (!obj) {
			r = -ENOMEM;
			goto out;
		}
	}
	if (flags & MAP_FIXED)
		r = vm_map_remove(map, addr, addr + len);
	if (!r)
		r = vm_map_insert(map, addr, addr + len, prot & (RPROT_MASK | arch_prot_bits()), rflags, obj, 0);
	if (r && obj)
		object_unref(obj);
out:
	lock_release(&map->lock);
	if (r)
		return r;
	if ((flags & MAP_POPULATE) || (rflags & VR_LOCKED))
		populate(map, addr, addr + len);	/* errors ignored, as mm_populate */
	return (long)addr;
}

long sys_munmap(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t addr = ARCH_UNTAGGED_ADDR(a0), len = page_align(a1);
	long r;

	UNUSED_ARGS(a2, a3, a4, a5);
	if ((addr & ~PAGE_MASK) || len == 0 || len > USER_TOP || addr > USER_TOP - len)
		return -EINVAL;
	lock_acquire(&map->lock);
	r = vm_map_remove(map, addr, addr + len);
	lock_release(&map->lock);
	return r;
}

long sys_mprotect(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t start = ARCH_UNTAGGED_ADDR(a0), len = a1, end;
	unsigned prot = (unsigned)a2;
	long r;

	UNUSED_ARGS(a3, a4, a5);
	unsigned grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);

	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	prot &= ~(unsigned)(PROT_GROWSDOWN | PROT_GROWSUP);
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	len = page_align(len);
	end = start + len;
	if (len == 0 || end <= start)
		return -ENOMEM;
	if (prot & ~(unsigned)(PROT_READ | PROT_WRITE | PROT_EXEC | 0x8 /* PROT_SEM */ | arch_prot_bits()))
		return -EINVAL;
	lock_acquire(&map->lock);
	r = end > USER_TOP ? -ENOMEM : 0;
	if (!r && grows) {
		/* PROT_GROWSDOWN: from the start of the stack region the range ends in;
		 * there is no upward-growing memory on this architecture. */
		struct vm_region *reg = vm_map_first_above(map, start);
		if (!reg || (grows == PROT_GROWSDOWN ? reg->start >= end : reg->start > start))
			r = -ENOMEM;
		else if (grows == PROT_GROWSUP || !(reg->flags & VR_GROWSDOWN))
			r = -EINVAL;
		else
			start = reg->start;
	}
	/* Locked private memory that becomes writable is faulted in for writing
	 * at once (Linux's mprotect_fixup: "trigger COW to avoid major fault on
	 * access"): note where, up to the first hole, before the regions change. */
	struct { uintptr_t start, end; } cow[8];
	int ncow = 0;
	for (struct vm_region *reg = r ? NULL : vm_map_lookup(map, start); reg && reg->start < end && ncow < 8;
	     reg = vm_region_next(reg)) {
		uintptr_t s = MAX(reg->start, start), e = MIN(reg->end, end);
		if ((prot & PROT_WRITE) && (reg->flags & (VR_LOCKED | VR_SHARED)) == VR_LOCKED &&
		    !(reg->prot & RPROT_WRITE)) {
			if (ncow && cow[ncow - 1].end == s)
				cow[ncow - 1].end = e;
			else
				cow[ncow].start = s, cow[ncow++].end = e;
		}
		if (vm_region_next(reg) && vm_region_next(reg)->start != reg->end)
			break;		/* a hole: mprotect stops there */
	}
	if (!r)
		r = vm_map_protect(map, start, end, prot & (RPROT_MASK | arch_prot_bits()));
	lock_release(&map->lock);
	for (int i = 0; i < ncow; i++)
		populate(map, cow[i].start, cow[i].end);	/* errors ignored, as Linux */
	return r;
}

static bool advice_known(uint64_t advice)
{
	/* Linux 6.1's madvise_behavior_valid() */
	return advice <= 25 ? advice != 5 && advice != 6 && advice != 7 : advice == 100 || advice == 101;
}

/* Advice that Linux records in a region's flags: what to set and clear. */
static const struct { unsigned set, clear; } advice_flags[] = {
	[0] = { 0, VR_RAND_READ | VR_SEQ_READ },		/* MADV_NORMAL */
	[1] = { VR_RAND_READ, VR_SEQ_READ },			/* MADV_RANDOM */
	[2] = { VR_SEQ_READ, VR_RAND_READ },			/* MADV_SEQUENTIAL */
	[10] = { VR_DONTCOPY, 0 },				/* MADV_DONTFORK */
	[11] = { 0, VR_DONTCOPY },				/* MADV_DOFORK */
	[12] = { VR_MERGEABLE, 0 },				/* MADV_MERGEABLE */
	[13] = { 0, VR_MERGEABLE },				/* MADV_UNMERGEABLE */
	[14] = { VR_HUGEPAGE, VR_NOHUGEPAGE },			/* MADV_HUGEPAGE */
	[15] = { VR_NOHUGEPAGE, VR_HUGEPAGE },			/* MADV_NOHUGEPAGE */
	[16] = { VR_DONTDUMP, 0 },				/* MADV_DONTDUMP */
	[17] = { 0, VR_DONTDUMP },				/* MADV_DODUMP */
	[18] = { VR_WIPEONFORK, 0 },				/* MADV_WIPEONFORK */
	[19] = { 0, VR_WIPEONFORK },				/* MADV_KEEPONFORK */
};

long sys_madvise(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t start = ARCH_UNTAGGED_ADDR(a0), len = page_align(a1), end = start + len;
	long r = 0;

	UNUSED_ARGS(a3, a4, a5);
	if (!advice_known(a2) || (start & ~PAGE_MASK) || (a1 && !len) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	lock_acquire(&map->lock);
	/* Only private anonymous memory can be wiped at fork. */
	if (a2 == 18 /* MADV_WIPEONFORK */ && !vm_map_range_private(map, start, end)) {
		r = -EINVAL;
		goto out;
	}
	if (!vm_map_range_mapped(map, start, end))
		r = -ENOMEM;			/* Linux still advises the mapped parts */
	if (a2 == 9 /* MADV_REMOVE */) {
		/* Punch a hole in shared memory; private memory has no file: EINVAL. */
		r = vm_map_range_private(map, start, end) ? -EINVAL : vm_map_punch(map, start, end) ? -EINVAL : r;
		goto out;
	}
	if (a2 == 4 /* MADV_DONTNEED */ || a2 == 8 /* MADV_FREE */) {
		/* Region by region, as Linux walks them: locked memory (and, for
		 * MADV_FREE, shared memory) stops the walk with EINVAL, after the
		 * regions before it were dropped. */
		for (struct vm_region *reg = vm_map_first_above(map, start); reg && reg->start < end;
		     reg = vm_region_next(reg)) {
			if ((reg->flags & VR_LOCKED) || (a2 == 8 && (reg->flags & VR_SHARED))) {
				r = -EINVAL;
				break;
			}
			if (a2 == 4)
				vm_map_zap(map, MAX(reg->start, start), MIN(reg->end, end));
			else	/* MADV_FREE: the pages stay until memory runs short, but clean */
				pmap_clean(map->pmap, MAX(reg->start, start), MIN(reg->end, end));
		}
		goto out;
	}
	else if (a2 < ARRAY_SIZE(advice_flags) && (advice_flags[a2].set | advice_flags[a2].clear) &&
		 vm_map_set_flags(map, start, end, advice_flags[a2].set, advice_flags[a2].clear))
		r = -ENOMEM;
	/* The rest is advice about the future that this kernel has no use for
	 * yet (no readahead, no reclaim, no huge pages); MADV_FREE keeps the
	 * data, as Linux does until memory runs short. */
out:
	lock_release(&map->lock);
	return r;
}

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

/* Linux's vma_to_resize(): the region that [addr, addr + old_len) must lie in. */
static long resizable(struct vm_map *map, uintptr_t addr, uintptr_t old_len, uintptr_t new_len,
		      unsigned flags, struct vm_region **out)
{
	struct vm_region *r = vm_map_lookup(map, addr);

	if (!r)
		return -EFAULT;
	if (!old_len && !(r->flags & VR_SHARED))
		return -EINVAL;
	if (old_len > r->end - addr)
		return -EFAULT;		/* no remapping across region boundaries */
	(void)flags;
	(void)new_len;
	*out = r;
	return 0;
}

/*
 * Linux 6.17 and later move a range spanning several regions when the move
 * is MREMAP_FIXED and does not resize: each region's part goes to the same
 * offset at the destination, replacing what was there; what lies opposite
 * the gaps is left alone.
 */
static long mremap_move_many(struct vm_map *map, uintptr_t addr, uintptr_t len, uintptr_t new_addr, unsigned flags)
{
	uintptr_t cur = addr, end = addr + len;
	struct vm_region *r;
	long err;

	/* cur only grows: each piece is moved (or, with DONTUNMAP, left behind
	 * emptied) and the walk goes on after it. */
	while (cur < end && (r = vm_map_first_above(map, cur)) && r->start < end) {
		uintptr_t s = MAX(r->start, cur), e = MIN(r->end, end);
		uintptr_t to = new_addr + (s - addr);
		if ((err = vm_map_remove(map, to, to + (e - s))))
			return err;
		r = vm_map_lookup(map, s);
		if ((err = vm_map_move(map, r, s, e - s, to, e - s, flags & MREMAP_DONTUNMAP)))
			return err;
		cur = e;
	}
	return (long)new_addr;
}

static long mremap_place(struct vm_map *map, uintptr_t addr, uintptr_t old_len, uintptr_t new_addr,
			 uintptr_t new_len, unsigned flags);

/* Before a move: unmap a MREMAP_FIXED target, and cut the tail a shrinking
 * source loses (so *old_len becomes new_len). */
static long clear_target_and_tail(struct vm_map *map, uintptr_t addr, uintptr_t *old_len, uintptr_t new_addr,
				  uintptr_t new_len, unsigned flags)
{
	long err;

	if ((flags & MREMAP_FIXED) && (err = vm_map_remove(map, new_addr, new_addr + new_len)))
		return err;
	if (*old_len > new_len) {
		if ((err = vm_map_remove(map, addr + new_len, addr + *old_len)))
			return err;
		*old_len = new_len;
	}
	return 0;
}

static long mremap_to(struct vm_map *map, uintptr_t addr, uintptr_t old_len, uintptr_t new_addr,
		      uintptr_t new_len, unsigned flags)
{
	struct vm_region *r;
	bool many;
	long err;

	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (new_len > USER_TOP || new_addr > USER_TOP - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;		/* the two ranges overlap */
	if (linux_6_1()) {
		/* Linux 6.1 unmaps the destination and cuts a shrinking source
		 * before it checks the source, so a move that then fails has
		 * already changed the address space; a source spanning regions
		 * fails (EFAULT): no multi-region moves before 6.17. */
		struct vm_region *src = vm_map_lookup(map, addr);
		uintptr_t src_lo = src ? src->start : 0, src_hi = src ? src->end : 0;
		long ret;
		if ((err = clear_target_and_tail(map, addr, &old_len, new_addr, new_len, flags)) ||
		    (err = resizable(map, addr, old_len, new_len, flags, &r)))
			return err;
		ret = mremap_place(map, addr, old_len, new_addr, new_len, flags);
		if (ret >= 0 && (flags & MREMAP_DONTUNMAP) && old_len)
			vm_map_merge_apart(map, (uintptr_t)ret, src_lo, src_hi);
		return ret;
	}
	/* The source is checked before anything changes (as current Linux):
	 * a move of the same size may span regions (6.17 and later), anything
	 * else must stay inside the region at addr. */
	many = (flags & MREMAP_FIXED) && old_len == new_len && old_len;
	if ((err = resizable(map, addr, many ? PAGE_SIZE : MIN(old_len, new_len) ? MIN(old_len, new_len) : old_len,
			     new_len, flags, &r)))
		return err;
	many = many && addr + old_len > r->end;
	if (many)
		return mremap_move_many(map, addr, old_len, new_addr, flags);
	if ((err = clear_target_and_tail(map, addr, &old_len, new_addr, new_len, flags)))
		return err;
	return mremap_place(map, addr, old_len, new_addr, new_len, flags);
}

/* The end of mremap_to: the source is checked and the destination free. */
static long mremap_place(struct vm_map *map, uintptr_t addr, uintptr_t old_len, uintptr_t new_addr,
			 uintptr_t new_len, unsigned flags)
{
	struct vm_region *r;
	long err;

	/* Unmapping the destination may have taken the source with it (a
	 * duplicate onto itself): Linux then fails with EFAULT. */
	r = vm_map_lookup(map, addr);
	if (!r)
		return -EFAULT;
	if (!(flags & MREMAP_FIXED)) {	/* MREMAP_DONTUNMAP alone: new_addr is a hint */
		new_addr = vm_map_find_space(map, new_len, new_addr);
		if (!new_addr)
			return -ENOMEM;
	}
	if (!old_len)
		err = vm_map_duplicate(map, r, addr, new_addr, new_len);
	else
		err = vm_map_move(map, r, addr, old_len, new_addr, new_len, flags & MREMAP_DONTUNMAP);
	return err ? err : (long)new_addr;
}

long sys_mremap(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	/* the old address loses its tag, the new one keeps it (as Linux: no aliases) */
	uintptr_t addr = ARCH_UNTAGGED_ADDR(a0), old_len = a1, new_len = a2, new_addr = a4;
	unsigned flags = (unsigned)a3;
	struct vm_region *r;
	bool locked;
	long ret;

	UNUSED_ARGS(a5);
	if (a3 & ~(u64)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = page_align(old_len);
	new_len = page_align(new_len);
	if (!new_len)
		return -EINVAL;

	lock_acquire(&map->lock);
	r = vm_map_lookup(map, addr);
	locked = r && (r->flags & VR_LOCKED);
	/* Linux 6.1 looks for the region at addr before anything else;
	 * current Linux checks the destination first. */
	if (linux_6_1() && !r) {
		ret = -EFAULT;
		goto out;
	}
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		ret = mremap_to(map, addr, old_len, new_addr, new_len, flags);
		goto out;
	}
	/* A region at addr is needed even to shrink. */
	ret = !r ? -EFAULT : (!old_len && !(r->flags & VR_SHARED)) ? -EINVAL : 0;
	if (ret)
		goto out;
	if (old_len >= new_len) {	/* shrinking: unmap the tail */
		ret = vm_map_remove(map, addr + new_len, addr + old_len);
		ret = ret ? ret : (long)addr;
		goto out;
	}
	if ((ret = resizable(map, addr, old_len, new_len, flags, &r)))
		goto out;
	/* Grow in place when the region ends where the old range does and the
	 * space after it is free. */
	if (old_len == r->end - addr && r->end <= USER_TOP - (new_len - old_len) &&
	    vm_map_range_free(map, r->end, addr + new_len)) {
		ret = vm_map_extend(map, r, addr + new_len);
		ret = ret ? ret : (long)addr;
		goto out;
	}
	ret = -ENOMEM;
	if (flags & MREMAP_MAYMOVE) {
		new_addr = vm_map_find_space(map, new_len, 0);
		if (new_addr)
			ret = old_len ? vm_map_move(map, r, addr, old_len, new_addr, new_len, false)
				      : vm_map_duplicate(map, r, addr, new_addr, new_len);
		ret = new_addr && !ret ? (long)new_addr : ret;
	}
out:
	lock_release(&map->lock);
	/* Locked memory's new part is faulted in, whichever way it grew (a
	 * shared duplicate's whole range: its old length is 0), as Linux's
	 * mremap ends with mm_populate(). */
	if (ret >= 0 && locked && new_len > old_len)
		populate(map, (uintptr_t)ret + old_len, (uintptr_t)ret + new_len);
	return ret;
}

long sys_mincore(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t start = ARCH_UNTAGGED_ADDR(a0), len = a1, vec = a2, pages;
	unsigned char buf[256];
	long err = 0;

	UNUSED_ARGS(a3, a4, a5);
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!user_range_ok(start, len))
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	if (!user_range_ok(vec, pages))
		return -EFAULT;
	/* Fill the vector in chunks, without holding the map lock while writing it. */
	for (uintptr_t done = 0; done < pages && !err;) {
		size_t n = MIN(pages - done, sizeof(buf));
		lock_acquire(&map->lock);
		for (size_t i = 0; i < n; i++) {
			uintptr_t va = start + (done + i) * PAGE_SIZE;
			if (!vm_map_lookup(map, va)) {
				n = i;
				err = -ENOMEM;
				break;
			}
			buf[i] = vm_map_resident(map, va);
		}
		lock_release(&map->lock);
		if (n && copyout(vec + done, buf, n))
			return -EFAULT;
		done += n;
	}
	return err;
}

long sys_msync(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;
	uintptr_t start = ARCH_UNTAGGED_ADDR(a0), end;
	long r = 0;

	UNUSED_ARGS(a3, a4, a5);
	if (a2 & ~(u64)(1 | 2 | 4))		/* MS_ASYNC, MS_INVALIDATE, MS_SYNC */
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((a2 & 1) && (a2 & 4))
		return -EINVAL;
	end = start + page_align(a1);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	/* Anonymous memory has nowhere to be written back: what is left is
	 * Linux's walk (msync.c): holes give ENOMEM (at once for MS_ASYNC
	 * alone), locked memory refuses MS_INVALIDATE with EBUSY. */
	long unmapped = 0;
	lock_acquire(&map->lock);
	for (struct vm_region *reg = vm_map_first_above(map, start);; reg = vm_region_next(reg)) {
		r = -ENOMEM;
		if (!reg)
			break;
		if (start < reg->start) {
			if (a2 == 1 /* MS_ASYNC alone */)
				break;
			start = reg->start;
			if (start >= end)
				break;
			unmapped = -ENOMEM;
		}
		if ((a2 & 2 /* MS_INVALIDATE */) && (reg->flags & VR_LOCKED)) {
			r = -EBUSY;
			break;
		}
		start = reg->end;
		if (start >= end) {
			r = 0;
			break;
		}
	}
	r = r ? r : unmapped;
	lock_release(&map->lock);
	return r;
}

/*
 * mlock and friends: VR_LOCKED on the regions (up to a hole, which gives
 * ENOMEM, as mprotect), then the pages faulted in; a region that cannot be
 * faulted (PROT_NONE) also ends in ENOMEM (Linux's EFAULT from
 * get_user_pages, turned into ENOMEM), with the lock flags left set.
 */
static long lock_range(uintptr_t a0, uintptr_t len, unsigned set, unsigned clear)
{
	struct vm_map *map = curproc->map;
	uintptr_t start, end, covered;
	struct vm_region *r;
	long err = 0;

	a0 = ARCH_UNTAGGED_ADDR(a0);
	start = covered = a0 & PAGE_MASK;
	end = page_align(a0 + len);

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	lock_acquire(&map->lock);
	r = vm_map_lookup(map, start);
	if (!r)
		err = -ENOMEM;
	while (r && r->start <= covered && covered < end) {
		covered = r->end;
		r = vm_region_next(r);
	}
	if (!err && vm_map_set_flags(map, start, MIN(covered, end), set, clear))
		err = -EAGAIN;
	if (!err && covered < end)
		err = -ENOMEM;
	lock_release(&map->lock);
	if (!err && (set & VR_LOCKED) && populate(map, start, end))
		err = -ENOMEM;
	return err;
}

long sys_mlock(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	return lock_range(a0, a1, VR_LOCKED, VR_LOCKONFAULT);
}

long sys_munlock(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	return lock_range(a0, a1, 0, VR_LOCKED | VR_LOCKONFAULT);
}

long sys_mlock2(SYSCALL_ARGS)
{
	UNUSED_ARGS(a3, a4, a5);
	if (a2 & ~1ull)			/* MLOCK_ONFAULT */
		return -EINVAL;
	return lock_range(a0, a1, VR_LOCKED | (a2 ? VR_LOCKONFAULT : 0), a2 ? 0 : VR_LOCKONFAULT);
}

#define MCL_CURRENT	1
#define MCL_FUTURE	2
#define MCL_ONFAULT	4

long sys_mlockall(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (!a0 || (a0 & ~(u64)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || a0 == MCL_ONFAULT)
		return -EINVAL;
	long r = 0;

	lock_acquire(&map->lock);
	unsigned lockflags = VR_LOCKED | (a0 & MCL_ONFAULT ? VR_LOCKONFAULT : 0);
	map->def_flags = a0 & MCL_FUTURE ? lockflags : 0;
	if ((a0 & MCL_CURRENT) && vm_map_set_flags(map, 0, USER_TOP, lockflags, 0))
		r = -ENOMEM;		/* every region, whatever lies between them */
	lock_release(&map->lock);
	if (!r && (a0 & MCL_CURRENT) && !(a0 & MCL_ONFAULT))
		populate(map, 0, USER_TOP);	/* mlockall ignores what cannot be faulted */
	return r;
}

long sys_munlockall(SYSCALL_ARGS)
{
	struct vm_map *map = curproc->map;

	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	lock_acquire(&map->lock);
	map->def_flags = 0;
	vm_map_set_flags(map, 0, USER_TOP, 0, VR_LOCKED | VR_LOCKONFAULT);
	lock_release(&map->lock);
	return 0;
}
