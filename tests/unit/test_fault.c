/*
 * Unit tests for vm/fault.c: every outcome of vm_fault() against the fake
 * pmap, with page accounting checked after each test by the harness.
 *
 * Built twice: test_fault with x86-64's read rule (write and exec imply
 * read), test_fault_strict with -DARCH_READ_IMPLIED_BY=0 (the AArch64 port).
 */
#include <string.h>

#include "tests/unit/host/vm_harness.h"
#include "lib/errno.h"
#include "lib/lock.h"

#define A	0x40000000ul
#define B	0x60000000ul
#define RW	(RPROT_READ | RPROT_WRITE)

static struct vm_map *private_map(unsigned prot, unsigned pages)
{
	struct vm_map *map = new_map();

	assert_int_equal(map_insert_private(map, A, A + PG(pages), prot), 0);
	return map;
}

/* A map with a shared region of obj at va (taking a new reference to obj). */
static struct vm_map *shared_map(struct vm_object *obj, uintptr_t va, unsigned prot, unsigned pages)
{
	struct vm_map *map = new_map();

	object_ref(obj);
	assert_int_equal(map_insert(map, va, va + PG(pages), prot, VR_SHARED, obj, 0), 0);
	return map;
}

static bool all_zero(struct page *pg)
{
	const uint8_t *p = page_bytes(pg);

	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

/* What fork will do to one private page: map it read-only in both maps, one
 * reference per mapping.  `to` must have a region at va too. */
static struct page *share_page(struct vm_map *from, struct vm_map *to, uintptr_t va)
{
	struct page *pg = mapped_page(from, va, NULL);

	assert_non_null(pg);
	lock_acquire(&from->lock);
	pmap_protect(from->pmap, va, va + PAGE_SIZE, VM_PROT_READ, NULL, NULL);
	lock_release(&from->lock);
	page_ref(pg);
	lock_acquire(&to->lock);
	assert_int_equal(pmap_enter(to->pmap, va, pg, VM_PROT_READ), 0);
	lock_release(&to->lock);
	return pg;
}

/* ---- private memory ---- */

static void test_read_untouched_private_maps_zero_page(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A + PG(1) + 5, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_ptr_equal(mapped_page(map, A + PG(1), &prot), zero_page);
	assert_int_equal(prot, VM_PROT_READ);
	assert_true(all_zero(zero_page));
	assert_int_equal(pages_of(PG_ANON), 0);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 1);
}

static void test_write_after_zero_page_gets_new_page(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	struct page *pg;
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	pg = mapped_page(map, A, &prot);
	assert_non_null(pg);
	assert_ptr_not_equal(pg, zero_page);
	assert_int_equal(pg->owner, PG_ANON);
	assert_int_equal(pg->refs, 1);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	assert_true(all_zero(pg));
	assert_int_equal(fake_pmap_mappings_of(zero_page), 0);
	assert_int_equal(pages_of(PG_ANON), 1);
}

static void test_write_untouched_private_gets_new_page(void **state)
{
	struct vm_map *map = private_map(RW | RPROT_EXEC, 4);
	struct page *pg;
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A + PG(3), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	pg = mapped_page(map, A + PG(3), &prot);
	assert_non_null(pg);
	assert_true(all_zero(pg));
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 1);
}

static void test_write_to_shared_private_page_copies(void **state)
{
	struct vm_map *parent = private_map(RW, 4), *child = private_map(RW, 4);
	struct page *orig, *copy;
	vm_prot_t prot;

	(void)state;
	assert_fault(parent, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	orig = mapped_page(parent, A, NULL);
	memset(page_bytes(orig), 0xab, PAGE_SIZE);
	page_bytes(orig)[17] = 0x17;
	share_page(parent, child, A);
	assert_int_equal(orig->refs, 2);

	assert_fault(parent, A + 8, FA_WRITE, FR_DONE, FD_COW_COPY);
	copy = mapped_page(parent, A, &prot);
	assert_ptr_not_equal(copy, orig);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	assert_memory_equal(page_bytes(copy), page_bytes(orig), PAGE_SIZE);
	assert_int_equal(orig->refs, 1);
	assert_int_equal(copy->refs, 1);
	assert_ptr_equal(mapped_page(child, A, &prot), orig);	/* the child keeps the original */
	assert_int_equal(prot, VM_PROT_READ);
	assert_int_equal(pages_of(PG_ANON), 2);
	assert_refs_ok();
}

static void test_write_to_sole_private_page_reuses_it(void **state)
{
	struct vm_map *parent = private_map(RW, 4), *child = private_map(RW, 4);
	struct page *orig;
	vm_prot_t prot;

	(void)state;
	assert_fault(parent, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	orig = mapped_page(parent, A, NULL);
	page_bytes(orig)[0] = 42;
	share_page(parent, child, A);
	assert_fault(parent, A, FA_WRITE, FR_DONE, FD_COW_COPY);
	/* The child is now the page's only user: it takes it back, no copy. */
	assert_fault(child, A, FA_WRITE, FR_DONE, FD_COW_REUSE);
	assert_ptr_equal(mapped_page(child, A, &prot), orig);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	assert_int_equal(orig->refs, 1);
	assert_int_equal(page_bytes(orig)[0], 42);
	assert_int_equal(pages_of(PG_ANON), 2);
	assert_refs_ok();
}

static void test_fault_on_sufficient_mapping_is_spurious(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	struct page *pg;

	(void)state;
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_fault(map, A, FA_READ, FR_DONE, FD_SPURIOUS);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	pg = mapped_page(map, A, NULL);
	assert_fault(map, A + 100, FA_WRITE, FR_DONE, FD_SPURIOUS);
	assert_fault(map, A, FA_READ, FR_DONE, FD_SPURIOUS);
	assert_ptr_equal(mapped_page(map, A, NULL), pg);
	assert_int_equal(pages_of(PG_ANON), 1);
}

/* An entry with fewer rights than its region (an arch may downgrade entries)
 * is re-entered with the region's rights, keeping the page. */
static void test_fault_on_downgraded_entry_reprotects(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	struct page *pg;
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	pg = mapped_page(map, A, NULL);
	lock_acquire(&map->lock);
	pmap_protect(map->pmap, A, A + PAGE_SIZE, VM_PROT_NONE, NULL, NULL);
	lock_release(&map->lock);
	assert_fault(map, A, FA_READ, FR_DONE, FD_REPROTECT);
	assert_ptr_equal(mapped_page(map, A, &prot), pg);
	assert_int_equal(prot, VM_PROT_READ);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_COW_REUSE);
	assert_ptr_equal(mapped_page(map, A, &prot), pg);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	assert_int_equal(pg->refs, 1);
}

/* ---- shared memory ---- */

static void test_shared_region_maps_object_page(void **state)
{
	struct vm_object *obj = object_create_shared_anon(1u << 20);
	struct vm_map *m1, *m2;
	struct page *pg;
	vm_prot_t prot;

	(void)state;
	assert_non_null(obj);
	m1 = shared_map(obj, A, RW, 4);
	m2 = shared_map(obj, B, RW, 4);
	object_unref(obj);				/* the regions hold it now */
	assert_fault(m1, A + PG(2), FA_WRITE, FR_DONE, FD_SHARED_PAGE);
	pg = mapped_page(m1, A + PG(2), &prot);
	assert_non_null(pg);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);	/* shared: writable at once */
	assert_int_equal(pg->owner, PG_SHARED);
	assert_int_equal(pg->index, 2);
	page_bytes(pg)[9] = 99;
	assert_fault(m2, B + PG(2), FA_READ, FR_DONE, FD_SHARED_PAGE);
	assert_ptr_equal(mapped_page(m2, B + PG(2), &prot), pg);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	assert_fault(m2, B + PG(2), FA_WRITE, FR_DONE, FD_SPURIOUS);
	assert_int_equal(pg->refs, 3);			/* the object and two mappings */
	assert_int_equal(obj->npages, 1);
	assert_int_equal(page_bytes(pg)[9], 99);
	assert_int_equal(pages_of(PG_ANON), 0);
	assert_refs_ok();
}

static void test_shared_page_outlives_one_mapping(void **state)
{
	struct vm_object *obj = object_create_shared_anon(1u << 20);
	struct vm_map *m1, *m2;
	struct page *pg;

	(void)state;
	assert_non_null(obj);
	m1 = shared_map(obj, A, RW, 4);
	m2 = shared_map(obj, B, RW, 4);
	object_unref(obj);
	assert_fault(m1, A, FA_WRITE, FR_DONE, FD_SHARED_PAGE);
	pg = mapped_page(m1, A, NULL);
	page_bytes(pg)[0] = 7;
	destroy_map(m1);
	assert_int_equal(pg->refs, 1);			/* the object's */
	assert_int_equal(pg->owner, PG_SHARED);
	/* MADV_DONTNEED on shared memory: the page is found again in the object. */
	assert_fault(m2, B, FA_READ, FR_DONE, FD_SHARED_PAGE);
	map_zap(m2, B, B + PG(4));
	assert_int_equal(fake_pmap_count(m2->pmap, 0, USER_TOP), 0);
	assert_fault(m2, B, FA_READ, FR_DONE, FD_SHARED_PAGE);
	assert_ptr_equal(mapped_page(m2, B, NULL), pg);
	assert_int_equal(page_bytes(pg)[0], 7);
	assert_refs_ok();
}

static void test_zap_private_reads_zero_again(void **state)
{
	struct vm_map *map = private_map(RW, 4);

	(void)state;
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	page_bytes(mapped_page(map, A, NULL))[0] = 1;
	map_zap(map, A, A + PG(4));
	assert_int_equal(pages_of(PG_ANON), 0);
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_true(all_zero(mapped_page(map, A, NULL)));
}

/* ---- refused accesses ---- */

static void test_no_region_is_maperr(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	struct fault_outcome out;

	(void)state;
	assert_int_equal(fault(map, A - 1, FA_READ, &out), FR_MAPERR);
	assert_int_equal(out.decision, FD_NONE);
	assert_false(out.stack_grown);
	assert_int_equal(fault(map, A + PG(4), FA_WRITE, NULL), FR_MAPERR);
	assert_int_equal(fault(map, 0, FA_READ, NULL), FR_MAPERR);
	assert_int_equal(fault(map, USER_TOP, FA_READ, NULL), FR_MAPERR);
	assert_int_equal(fault(map, UINTPTR_MAX, FA_EXEC, NULL), FR_MAPERR);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 0);
}

static void test_write_to_readonly_region_is_accerr(void **state)
{
	struct vm_map *map = private_map(RPROT_READ | RPROT_EXEC, 4);

	(void)state;
	assert_fault(map, A, FA_WRITE, FR_ACCERR, FD_NONE);
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_fault(map, A, FA_WRITE, FR_ACCERR, FD_NONE);		/* present changes nothing */
	assert_ptr_equal(mapped_page(map, A, NULL), zero_page);
	assert_int_equal(pages_of(PG_ANON), 0);
}

static void test_exec_of_nonexec_region_is_accerr(void **state)
{
	struct vm_map *map = private_map(RW, 4);

	(void)state;
	assert_fault(map, A, FA_EXEC, FR_ACCERR, FD_NONE);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	assert_fault(map, A, FA_EXEC, FR_ACCERR, FD_NONE);
}

static void test_prot_none_region_is_accerr(void **state)
{
	struct vm_map *map = private_map(0, 4);

	(void)state;
	assert_fault(map, A, FA_READ, FR_ACCERR, FD_NONE);
	assert_fault(map, A, FA_WRITE, FR_ACCERR, FD_NONE);
	assert_fault(map, A, FA_EXEC, FR_ACCERR, FD_NONE);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 0);
}

static void test_exec_only_region_executes_zero_page(void **state)
{
	struct vm_map *map = private_map(RPROT_EXEC, 4);
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A, FA_EXEC, FR_DONE, FD_ZERO_PAGE);
	assert_ptr_equal(mapped_page(map, A, &prot), zero_page);
	assert_int_equal(prot, VM_PROT_EXEC);
	assert_fault(map, A, FA_WRITE, FR_ACCERR, FD_NONE);
}

#if ARCH_READ_IMPLIED_BY
/* x86-64: a page cannot be writable or executable without being readable,
 * so such regions let reads through. */
static void test_read_implied_by_write_or_exec(void **state)
{
	struct vm_map *wo = private_map(RPROT_WRITE, 2), *xo = new_map();
	vm_prot_t prot;

	(void)state;
	assert_int_equal(map_insert_private(xo, A, A + PG(2), RPROT_EXEC), 0);
	assert_fault(wo, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_ptr_equal(mapped_page(wo, A, &prot), zero_page);
	assert_int_equal(prot, VM_PROT_READ);
	assert_fault(xo, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_ptr_equal(mapped_page(xo, A, &prot), zero_page);
	assert_int_equal(prot, VM_PROT_EXEC);			/* reads anyway on this hardware */
	assert_fault(xo, A, FA_READ, FR_DONE, FD_SPURIOUS);
	assert_fault(wo, A + PG(1), FA_WRITE, FR_DONE, FD_NEW_PAGE);
}
#else
/* The stricter rule: only PROT_READ lets a read through. */
static void test_read_of_write_or_exec_only_is_accerr(void **state)
{
	struct vm_map *wo = private_map(RPROT_WRITE, 2), *xo = new_map();

	(void)state;
	assert_int_equal(map_insert_private(xo, A, A + PG(2), RPROT_EXEC), 0);
	assert_fault(wo, A, FA_READ, FR_ACCERR, FD_NONE);
	assert_fault(xo, A, FA_READ, FR_ACCERR, FD_NONE);
	assert_fault(xo, A, FA_EXEC, FR_DONE, FD_ZERO_PAGE);
	assert_fault(xo, A, FA_READ, FR_ACCERR, FD_NONE);		/* even once present */
	assert_fault(wo, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	assert_int_equal(fake_pmap_count(wo->pmap, 0, USER_TOP), 1);
}
#endif

/* ---- stacks ---- */

#define STK_TOP	(A + PG(1024))

static struct vm_map *stack_map(unsigned pages, uintptr_t limit)
{
	struct vm_map *map = new_map();

	map->stack_limit = limit;
	assert_int_equal(map_insert(map, STK_TOP - PG(pages), STK_TOP, RW, VR_GROWSDOWN | VR_STACK, NULL, 0), 0);
	return map;
}

static void test_fault_below_stack_grows_it(void **state)
{
	struct vm_map *map = stack_map(4, PG(16));
	struct fault_outcome out;

	(void)state;
	assert_int_equal(fault(map, STK_TOP - PG(6) + 8, FA_WRITE, &out), FR_DONE);
	assert_int_equal(out.decision, FD_NEW_PAGE);
	assert_true(out.stack_grown);
	assert_region(map, STK_TOP - PG(1), STK_TOP - PG(6), STK_TOP, RW);
	assert_non_null(mapped_page(map, STK_TOP - PG(6), NULL));
	assert_int_equal(fault(map, STK_TOP - PG(6), FA_READ, &out), FR_DONE);
	assert_int_equal(out.decision, FD_SPURIOUS);
	assert_false(out.stack_grown);
	assert_int_equal(fault(map, STK_TOP - PG(5), FA_READ, &out), FR_DONE);	/* the page skipped over */
	assert_int_equal(out.decision, FD_ZERO_PAGE);
	assert_false(out.stack_grown);
	assert_int_equal(map_nregions(map), 1);
}

static void test_fault_beyond_stack_limit_is_maperr(void **state)
{
	struct vm_map *map = stack_map(4, PG(8));
	struct fault_outcome out;

	(void)state;
	assert_int_equal(fault(map, STK_TOP - PG(8) - 1, FA_WRITE, &out), FR_MAPERR);
	assert_false(out.stack_grown);
	assert_region(map, STK_TOP - PG(1), STK_TOP - PG(4), STK_TOP, RW);
	assert_int_equal(fault(map, STK_TOP - PG(8), FA_WRITE, &out), FR_DONE);
	assert_true(out.stack_grown);
}

/* ---- out of memory ---- */

static void test_oom_for_new_page(void **state)
{
	struct vm_map *map = private_map(RW, 4);
	struct fault_outcome out;

	(void)state;
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);		/* the table is there now */
	hoard_pages();
	assert_int_equal(fault(map, A, FA_WRITE, &out), FR_OOM);
	assert_int_equal(out.decision, FD_NEW_PAGE);
	assert_ptr_equal(mapped_page(map, A, NULL), zero_page);		/* untouched */
	assert_int_equal(pages_of(PG_ANON), 0);
	release_hoard();
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
}

static void test_oom_for_page_table(void **state)
{
	struct vm_map *map = private_map(RW, 4);

	(void)state;
	hoard_pages();
	assert_int_equal(fault(map, A, FA_READ, NULL), FR_OOM);		/* zero page, but no table */
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 0);
	assert_int_equal(pmap_table_pages(map->pmap), 1);
	assert_int_equal(pages_of(PG_ANON), 0);
	release_hoard();
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
}

static void test_oom_for_cow_copy(void **state)
{
	struct vm_map *parent = private_map(RW, 4), *child = private_map(RW, 4);
	struct page *orig;
	struct fault_outcome out;
	vm_prot_t prot;

	(void)state;
	assert_fault(parent, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	orig = share_page(parent, child, A);
	hoard_pages();
	assert_int_equal(fault(parent, A, FA_WRITE, &out), FR_OOM);
	assert_int_equal(out.decision, FD_COW_COPY);
	assert_ptr_equal(mapped_page(parent, A, &prot), orig);
	assert_int_equal(prot, VM_PROT_READ);
	assert_int_equal(orig->refs, 2);
	assert_int_equal(pages_of(PG_ANON), 1);
	release_hoard();
	assert_fault(parent, A, FA_WRITE, FR_DONE, FD_COW_COPY);
	assert_refs_ok();
}

static void test_oom_for_shared_page(void **state)
{
	struct vm_object *obj = object_create_shared_anon(1u << 20);
	struct vm_map *map;

	(void)state;
	assert_non_null(obj);
	map = shared_map(obj, A, RW, 4);
	object_unref(obj);
	assert_fault(map, A + PG(1), FA_READ, FR_DONE, FD_SHARED_PAGE);	/* table now there */
	hoard_pages();
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_int_equal(obj->npages, 1);
	assert_null(mapped_page(map, A, NULL));
	release_hoard();
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_SHARED_PAGE);
	assert_int_equal(obj->npages, 2);
}

/* pmap_enter failing (a table it could not allocate) must not leak the page. */
static void test_pmap_enter_failure_drops_private_page(void **state)
{
	struct vm_map *map = private_map(RW, 4), *child = private_map(RW, 4);
	struct page *orig;

	(void)state;
	fake_pmap_fail_enter(1);
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_int_equal(pages_of(PG_ANON), 0);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 0);
	/* Replacing the zero page. */
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	fake_pmap_fail_enter(1);
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_ptr_equal(mapped_page(map, A, NULL), zero_page);
	assert_int_equal(pages_of(PG_ANON), 0);
	/* A copy. */
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	orig = share_page(map, child, A);
	fake_pmap_fail_enter(1);
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_ptr_equal(mapped_page(map, A, NULL), orig);
	assert_int_equal(orig->refs, 2);
	assert_int_equal(pages_of(PG_ANON), 1);
	/* The page reused in place keeps its reference. */
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_COW_COPY);
	lock_acquire(&map->lock);
	pmap_protect(map->pmap, A, A + PAGE_SIZE, VM_PROT_READ, NULL, NULL);
	lock_release(&map->lock);
	fake_pmap_fail_enter(1);
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_refs_ok();
}

static void test_pmap_enter_failure_keeps_object_page(void **state)
{
	struct vm_object *obj = object_create_shared_anon(1u << 20);
	struct vm_map *map;
	struct page *pg;

	(void)state;
	assert_non_null(obj);
	map = shared_map(obj, A, RW, 4);
	object_unref(obj);
	fake_pmap_fail_enter(1);
	assert_int_equal(fault(map, A, FA_WRITE, NULL), FR_OOM);
	assert_int_equal(obj->npages, 1);		/* created, kept by the object alone */
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 0);
	assert_refs_ok();
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_SHARED_PAGE);
	pg = mapped_page(map, A, NULL);
	assert_int_equal(pg->refs, 2);
	assert_int_equal(obj->npages, 1);
}

/* ---- vm_map_write ---- */

static void test_map_write_into_readonly_region(void **state)
{
	struct vm_map *map = private_map(RPROT_READ, 3);
	uint8_t buf[PAGE_SIZE + 200];
	vm_prot_t prot;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	assert_int_equal(vm_map_write(map, A + PAGE_SIZE - 100, buf, sizeof(buf)), 0);
	/* Three pages touched, none writable by the program. */
	for (int i = 0; i < 3; i++) {
		struct page *pg = mapped_page(map, A + PG(i), &prot);
		assert_non_null(pg);
		assert_ptr_not_equal(pg, zero_page);
		assert_int_equal(prot, VM_PROT_READ);
	}
	assert_memory_equal(page_bytes(mapped_page(map, A, NULL)) + PAGE_SIZE - 100, buf, 100);
	assert_memory_equal(page_bytes(mapped_page(map, A + PG(1), NULL)), buf + 100, PAGE_SIZE);
	assert_memory_equal(page_bytes(mapped_page(map, A + PG(2), NULL)), buf + 100 + PAGE_SIZE, 100);
	assert_fault(map, A, FA_WRITE, FR_ACCERR, FD_NONE);
	assert_fault(map, A, FA_READ, FR_DONE, FD_SPURIOUS);
	/* A second write to the same page reuses it. */
	assert_int_equal(vm_map_write(map, A, "x", 1), 0);
	assert_int_equal(page_bytes(mapped_page(map, A, &prot))[0], 'x');
	assert_int_equal(prot, VM_PROT_READ);
	assert_int_equal(pages_of(PG_ANON), 3);
}

static void test_map_write_over_zero_page(void **state)
{
	struct vm_map *map = private_map(RPROT_READ | RPROT_EXEC, 1);
	vm_prot_t prot;

	(void)state;
	assert_fault(map, A, FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_int_equal(vm_map_write(map, A + 10, "abc", 3), 0);
	assert_ptr_not_equal(mapped_page(map, A, &prot), zero_page);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_EXEC);
	assert_memory_equal(page_bytes(mapped_page(map, A, NULL)) + 10, "abc", 3);
	assert_true(all_zero(zero_page));
}

static void test_map_write_into_prot_none_region(void **state)
{
	struct vm_map *map = private_map(0, 1);
	vm_prot_t prot;

	(void)state;
	assert_int_equal(vm_map_write(map, A, "hi", 2), 0);
	assert_non_null(mapped_page(map, A, &prot));
	assert_int_equal(prot, VM_PROT_NONE);
	assert_fault(map, A, FA_READ, FR_ACCERR, FD_NONE);
	assert_int_equal(map_protect(map, A, A + PG(1), RPROT_READ), 0);
	assert_fault(map, A, FA_READ, FR_DONE, FD_SPURIOUS);
	assert_memory_equal(page_bytes(mapped_page(map, A, NULL)), "hi", 2);
}

static void test_map_write_outside_regions_fails(void **state)
{
	struct vm_map *map = private_map(RW, 1);
	char buf[16] = "0123456789abcde";

	(void)state;
	assert_int_equal(vm_map_write(map, A + PG(1), buf, 1), -EFAULT);
	/* Runs off the end: the first page is written, then -EFAULT. */
	assert_int_equal(vm_map_write(map, A + PG(1) - 8, buf, sizeof(buf)), -EFAULT);
	assert_memory_equal(page_bytes(mapped_page(map, A, NULL)) + PAGE_SIZE - 8, buf, 8);
	hoard_pages();
	assert_int_equal(vm_map_write(map, A, buf, 1), 0);		/* present: no page needed */
	release_hoard();
	map_zap(map, A, A + PG(1));
	hoard_pages();
	assert_int_equal(vm_map_write(map, A, buf, 1), -EFAULT);	/* out of memory */
	release_hoard();
}

/* ---- names ---- */

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(fault_access_name(FA_READ), "read");
	assert_string_equal(fault_access_name(FA_WRITE), "write");
	assert_string_equal(fault_access_name(FA_EXEC), "exec");
	assert_string_equal(fault_access_name((enum fault_access)3), "?");
	assert_string_equal(fault_decision_name(FD_NONE), "none");
	assert_string_equal(fault_decision_name(FD_ZERO_PAGE), "zero-page");
	assert_string_equal(fault_decision_name(FD_NEW_PAGE), "new-page");
	assert_string_equal(fault_decision_name(FD_COW_COPY), "cow-copy");
	assert_string_equal(fault_decision_name(FD_COW_REUSE), "cow-reuse");
	assert_string_equal(fault_decision_name(FD_SHARED_PAGE), "shared-page");
	assert_string_equal(fault_decision_name(FD_REPROTECT), "reprotect");
	assert_string_equal(fault_decision_name(FD_SPURIOUS), "spurious");
	assert_string_equal(fault_decision_name((enum fault_decision)(FD_SPURIOUS + 1)), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		vm_test(test_read_untouched_private_maps_zero_page),
		vm_test(test_write_after_zero_page_gets_new_page),
		vm_test(test_write_untouched_private_gets_new_page),
		vm_test(test_write_to_shared_private_page_copies),
		vm_test(test_write_to_sole_private_page_reuses_it),
		vm_test(test_fault_on_sufficient_mapping_is_spurious),
		vm_test(test_fault_on_downgraded_entry_reprotects),
		vm_test(test_shared_region_maps_object_page),
		vm_test(test_shared_page_outlives_one_mapping),
		vm_test(test_zap_private_reads_zero_again),
		vm_test(test_no_region_is_maperr),
		vm_test(test_write_to_readonly_region_is_accerr),
		vm_test(test_exec_of_nonexec_region_is_accerr),
		vm_test(test_prot_none_region_is_accerr),
		vm_test(test_exec_only_region_executes_zero_page),
#if ARCH_READ_IMPLIED_BY
		vm_test(test_read_implied_by_write_or_exec),
#else
		vm_test(test_read_of_write_or_exec_only_is_accerr),
#endif
		vm_test(test_fault_below_stack_grows_it),
		vm_test(test_fault_beyond_stack_limit_is_maperr),
		vm_test(test_oom_for_new_page),
		vm_test(test_oom_for_page_table),
		vm_test(test_oom_for_cow_copy),
		vm_test(test_oom_for_shared_page),
		vm_test(test_pmap_enter_failure_drops_private_page),
		vm_test(test_pmap_enter_failure_keeps_object_page),
		vm_test(test_map_write_into_readonly_region),
		vm_test(test_map_write_over_zero_page),
		vm_test(test_map_write_into_prot_none_region),
		vm_test(test_map_write_outside_regions_fails),
		vm_test(test_names),
	};

	return cmocka_run_group_tests(tests, vmh_group_setup, NULL);
}
