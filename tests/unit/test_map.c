/*
 * Unit tests for vm/map.c: the region tree of an address space.  Directed
 * tests of each operation, then a randomized test against a page-granular
 * reference model.
 */
#include <string.h>

#include "tests/unit/host/vm_harness.h"
#include "lib/lock.h"
#include "lib/errno.h"
#include "vm/kmem.h"

#define A	0x40000000ul		/* a quiet spot for the directed tests */
#define RW	(RPROT_READ | RPROT_WRITE)
#define RX	(RPROT_READ | RPROT_EXEC)

static int region_cmp(const struct avl_node *a, const struct avl_node *b)
{
	uintptr_t x = avl_entry(a, struct vm_region, node)->start;
	uintptr_t y = avl_entry(b, struct vm_region, node)->start;

	return x < y ? -1 : x > y;
}

static struct vm_region *first_region(struct vm_map *map)
{
	struct avl_node *n = avl_first(&map->regions);
	return n ? avl_entry(n, struct vm_region, node) : NULL;
}

/* ---- insert ---- */

static void test_insert_merges_adjacent(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(2), A + PG(4), RW), 0);	/* merges below */
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A, A, A + PG(4), RW);
	assert_int_equal(map_insert_private(map, A + PG(6), A + PG(8), RW), 0);
	assert_int_equal(map_nregions(map), 2);
	assert_int_equal(map_insert_private(map, A + PG(4), A + PG(6), RW), 0);	/* fills the hole: merges both */
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A + PG(5), A, A + PG(8), RW);
	assert_int_equal(map_insert_private(map, A - PG(1), A, RW), 0);		/* merges above */
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A, A - PG(1), A + PG(8), RW);
	assert_true(avl_check(&map->regions, region_cmp));
}

static void test_insert_different_prot_does_not_merge(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RPROT_READ), 0);
	assert_int_equal(map_insert_private(map, A + PG(2), A + PG(4), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(4), A + PG(5), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 3);
	assert_region(map, A, A, A + PG(2), RPROT_READ);
	assert_region(map, A + PG(3), A + PG(2), A + PG(4), RW);
	assert_region(map, A + PG(4), A + PG(4), A + PG(5), RPROT_READ);
}

static void test_insert_different_flags_does_not_merge(void **state)
{
	struct vm_map *map = new_map();
	struct vm_object *obj = object_create_shared_anon(1u << 20);

	(void)state;
	assert_non_null(obj);
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_int_equal(map_insert(map, A + PG(2), A + PG(4), RW, VR_GROWSDOWN, NULL, 0), 0);
	assert_int_equal(map_insert(map, A + PG(4), A + PG(6), RW, VR_SHARED, obj, 0), 0);
	assert_int_equal(map_nregions(map), 3);
}

static void test_insert_shared_merges_only_contiguous_object(void **state)
{
	struct vm_map *map = new_map();
	struct vm_object *obj = object_create_shared_anon(1u << 20), *other = object_create_shared_anon(1u << 20);

	(void)state;
	assert_non_null(obj);
	assert_non_null(other);
	assert_int_equal(map_insert(map, A, A + PG(2), RW, VR_SHARED, obj, 5), 0);
	object_ref(obj);
	assert_int_equal(map_insert(map, A + PG(2), A + PG(3), RW, VR_SHARED, obj, 7), 0);
	assert_int_equal(map_nregions(map), 1);		/* pages 5, 6 then 7: one region */
	assert_int_equal(obj->refs, 1);			/* the merged-away region's reference is dropped */
	object_ref(obj);
	assert_int_equal(map_insert(map, A + PG(3), A + PG(4), RW, VR_SHARED, obj, 9), 0);
	assert_int_equal(map_nregions(map), 2);		/* page 9 does not follow page 7 */
	assert_int_equal(map_insert(map, A + PG(4), A + PG(5), RW, VR_SHARED, other, 10), 0);
	assert_int_equal(map_nregions(map), 3);		/* another object */
	assert_int_equal(obj->refs, 2);
	assert_int_equal(map_lookup(map, A)->pgoff, 5);
	assert_int_equal(map_lookup(map, A + PG(3))->pgoff, 9);
}

static void test_insert_over_mapped_range_panics(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(4), RW), 0);
	lock_acquire(&map->lock);
	expect_panic(vm_map_insert(map, A + PG(3), A + PG(5), RW, 0, NULL, 0));
	expect_panic(vm_map_insert(map, A + PG(8), A + PG(8), RW, 0, NULL, 0));	/* empty */
	expect_panic(vm_map_insert(map, A + PG(8) + 1, A + PG(9), RW, 0, NULL, 0));	/* misaligned */
	lock_release(&map->lock);
	expect_panic(vm_map_insert(map, A + PG(8), A + PG(9), RW, 0, NULL, 0));	/* lock not held */
	assert_int_equal(map_nregions(map), 1);
}

/* ---- lookup and friends ---- */

static void test_lookup_and_neighbours(void **state)
{
	struct vm_map *map = new_map();
	struct vm_region *lo, *hi;

	(void)state;
	assert_null(map_lookup(map, A));
	assert_int_equal(map_insert_private(map, A, A + PG(2), RPROT_READ), 0);
	assert_int_equal(map_insert_private(map, A + PG(4), A + PG(6), RW), 0);
	lo = map_lookup(map, A);
	hi = map_lookup(map, A + PG(4));
	assert_non_null(lo);
	assert_non_null(hi);
	assert_ptr_equal(map_lookup(map, A + PG(2) - 1), lo);
	assert_null(map_lookup(map, A + PG(2)));		/* end is exclusive */
	assert_null(map_lookup(map, A - 1));
	assert_ptr_equal(map_lookup(map, A + PG(6) - 1), hi);
	assert_null(map_lookup(map, A + PG(6)));
	lock_acquire(&map->lock);
	assert_ptr_equal(vm_map_first_above(map, 0), lo);
	assert_ptr_equal(vm_map_first_above(map, A + PG(2)), hi);	/* in the hole */
	assert_ptr_equal(vm_map_first_above(map, A + PG(5)), hi);
	assert_null(vm_map_first_above(map, A + PG(6)));
	assert_ptr_equal(vm_region_next(lo), hi);
	assert_ptr_equal(vm_region_prev(hi), lo);
	assert_null(vm_region_prev(lo));
	assert_null(vm_region_next(hi));
	lock_release(&map->lock);
}

static void test_range_free_and_mapped(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_true(map_range_free(map, 0, USER_TOP));
	assert_int_equal(map_insert_private(map, A, A + PG(2), RPROT_READ), 0);
	assert_int_equal(map_insert_private(map, A + PG(2), A + PG(3), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(5), A + PG(6), RW), 0);
	assert_true(map_range_free(map, A - PG(4), A));
	assert_true(map_range_free(map, A + PG(3), A + PG(5)));
	assert_false(map_range_free(map, A + PG(3), A + PG(5) + 1));
	assert_false(map_range_free(map, A - PG(1), A + 1));
	assert_false(map_range_free(map, A + PG(1), A + PG(2)));
	assert_true(map_range_mapped(map, A, A + PG(3)));		/* across two regions */
	assert_true(map_range_mapped(map, A + 1, A + PG(2) + 1));
	assert_false(map_range_mapped(map, A, A + PG(4)));		/* runs into the hole */
	assert_false(map_range_mapped(map, A - PG(1), A + PG(1)));
	assert_false(map_range_mapped(map, A + PG(3), A + PG(6)));
	assert_true(map_range_mapped(map, A + PG(5), A + PG(6)));
}

/* ---- remove ---- */

static void test_remove_middle_splits(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(8), RW), 0);
	assert_int_equal(map_remove(map, A + PG(3), A + PG(5)), 0);
	assert_int_equal(map_nregions(map), 2);
	assert_region(map, A, A, A + PG(3), RW);
	assert_region(map, A + PG(5), A + PG(5), A + PG(8), RW);
	assert_null(map_lookup(map, A + PG(3)));
	assert_null(map_lookup(map, A + PG(4)));
	assert_true(avl_check(&map->regions, region_cmp));
}

static void test_remove_spanning_regions_and_holes(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RPROT_READ), 0);
	assert_int_equal(map_insert_private(map, A + PG(3), A + PG(5), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(6), A + PG(8), RX), 0);
	assert_int_equal(map_insert_private(map, A + PG(9), A + PG(10), RW), 0);
	assert_int_equal(map_remove(map, A + PG(1), A + PG(7)), 0);
	assert_int_equal(map_nregions(map), 3);
	assert_region(map, A, A, A + PG(1), RPROT_READ);
	assert_region(map, A + PG(7), A + PG(7), A + PG(8), RX);
	assert_region(map, A + PG(9), A + PG(9), A + PG(10), RW);
	assert_true(map_range_free(map, A + PG(1), A + PG(7)));
	/* Exactly the whole of the remaining regions. */
	assert_int_equal(map_remove(map, A, A + PG(10)), 0);
	assert_int_equal(map_nregions(map), 0);
}

static void test_remove_nothing(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_remove(map, A, A + PG(4)), 0);		/* empty map */
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(4), A + PG(6), RPROT_READ), 0);
	assert_int_equal(map_remove(map, A + PG(2), A + PG(4)), 0);	/* exactly the hole */
	assert_int_equal(map_remove(map, A + PG(7), A + PG(100)), 0);	/* above everything */
	assert_int_equal(map_nregions(map), 2);
	assert_region(map, A, A, A + PG(2), RW);
	assert_region(map, A + PG(4), A + PG(4), A + PG(6), RPROT_READ);
}

static void test_remove_releases_pages(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(4), RW), 0);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	assert_fault(map, A + PG(1), FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_fault(map, A + PG(3), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	assert_int_equal(pages_of(PG_ANON), 2);
	assert_int_equal(map_remove(map, A + PG(1), A + PG(4)), 0);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), 1);
	assert_int_equal(pages_of(PG_ANON), 1);
	assert_refs_ok();
}

/* ---- protect ---- */

static void test_protect_splits_in_three_and_merges_back(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(8), RW), 0);
	assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 3);
	assert_region(map, A, A, A + PG(2), RW);
	assert_region(map, A + PG(2), A + PG(2), A + PG(5), RPROT_READ);
	assert_region(map, A + PG(5), A + PG(5), A + PG(8), RW);
	assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RW), 0);
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A, A, A + PG(8), RW);
	assert_true(avl_check(&map->regions, region_cmp));
}

static void test_protect_edges_split_in_two(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(8), RW), 0);
	assert_int_equal(map_protect(map, A, A + PG(3), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 2);
	assert_region(map, A, A, A + PG(3), RPROT_READ);
	assert_int_equal(map_protect(map, A + PG(6), A + PG(8), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 3);
	assert_region(map, A + PG(6), A + PG(6), A + PG(8), RPROT_READ);
	assert_int_equal(map_protect(map, A, A + PG(8), RPROT_READ), 0);	/* whole: one region */
	assert_int_equal(map_nregions(map), 1);
}

static void test_protect_across_regions_merges_them(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RPROT_READ), 0);
	assert_int_equal(map_insert_private(map, A + PG(2), A + PG(4), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(4), A + PG(6), RX), 0);
	assert_int_equal(map_insert_private(map, A + PG(6), A + PG(8), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 4);
	assert_int_equal(map_protect(map, A + PG(2), A + PG(6), RPROT_READ), 0);
	/* Read-only, the once-writable middle is no longer charged: one region. */
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A, A, A + PG(8), RPROT_READ);
}

/* Linux: an unmapped start changes nothing; a later hole stops the change
 * there, and the call still reports ENOMEM. */
static void test_protect_over_hole(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(4), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(5), A + PG(8), RW), 0);
	assert_int_equal(map_protect(map, A - PG(1), A + PG(1), RPROT_READ), -ENOMEM);
	assert_int_equal(map_protect(map, A + PG(20), A + PG(21), RPROT_READ), -ENOMEM);
	assert_int_equal(map_nregions(map), 2);		/* not even split */
	assert_int_equal(map_protect(map, A + PG(1), A + PG(7), RPROT_READ), -ENOMEM);
	assert_int_equal(map_nregions(map), 3);		/* [A+1, A+4) changed, the rest not */
	assert_region(map, A, A, A + PG(1), RW);
	assert_region(map, A + PG(1), A + PG(1), A + PG(4), RPROT_READ);
	assert_region(map, A + PG(5), A + PG(5), A + PG(8), RW);
}

static void test_protect_updates_mappings(void **state)
{
	struct vm_map *map = new_map();
	vm_prot_t prot;

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_NEW_PAGE);
	assert_fault(map, A + PG(1), FA_READ, FR_DONE, FD_ZERO_PAGE);
	assert_non_null(mapped_page(map, A, &prot));
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE);
	/* Read-only first: the written page loses its write right... */
	assert_int_equal(map_protect(map, A, A + PG(2), RPROT_READ), 0);
	assert_non_null(mapped_page(map, A, &prot));
	assert_int_equal(prot, VM_PROT_READ);
	/* ...and writable again: a page this map alone holds is writable at once
	 * (Linux's can_change_pte_writable), the zero page is not. */
	assert_int_equal(map_protect(map, A, A + PG(2), RW | RPROT_EXEC), 0);
	assert_non_null(mapped_page(map, A, &prot));
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC);
	assert_ptr_equal(mapped_page(map, A + PG(1), &prot), zero_page);
	assert_int_equal(prot, VM_PROT_READ | VM_PROT_EXEC);
	assert_fault(map, A, FA_WRITE, FR_DONE, FD_SPURIOUS);
	assert_fault(map, A + PG(1), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	/* PROT_NONE keeps the pages, inaccessible. */
	assert_int_equal(map_protect(map, A, A + PG(2), 0), 0);
	assert_non_null(mapped_page(map, A, &prot));
	assert_int_equal(prot, VM_PROT_NONE);
	assert_non_null(mapped_page(map, A + PG(1), &prot));
	assert_int_equal(prot, VM_PROT_NONE);
	assert_refs_ok();
}

/* A shared region's pieces keep naming the same object pages when clipped. */
static void test_shared_clip_keeps_pgoff(void **state)
{
	struct vm_map *map = new_map();
	struct vm_object *obj = object_create_shared_anon(1u << 20);

	(void)state;
	assert_non_null(obj);
	assert_int_equal(map_insert(map, A, A + PG(8), RW, VR_SHARED, obj, 10), 0);
	assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RPROT_READ), 0);
	assert_int_equal(map_nregions(map), 3);
	assert_int_equal(map_lookup(map, A)->pgoff, 10);
	assert_int_equal(map_lookup(map, A + PG(2))->pgoff, 12);
	assert_int_equal(map_lookup(map, A + PG(5))->pgoff, 15);
	assert_int_equal(map_remove(map, A + PG(6), A + PG(7)), 0);
	assert_int_equal(map_nregions(map), 4);
	assert_int_equal(map_lookup(map, A + PG(5))->pgoff, 15);
	assert_int_equal(map_lookup(map, A + PG(7))->pgoff, 17);
	assert_int_equal(obj->refs, 4);				/* one per region */
	/* The page at A + 7 pages is object page 17 whichever way it is reached. */
	assert_fault(map, A + PG(7), FA_WRITE, FR_DONE, FD_SHARED_PAGE);
	assert_int_equal(mapped_page(map, A + PG(7), NULL)->index, 17);
	assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RW), 0);
	assert_int_equal(map_nregions(map), 2);
	assert_region(map, A, A, A + PG(6), RW);
	assert_int_equal(map_lookup(map, A)->pgoff, 10);
	assert_int_equal(obj->refs, 2);
	/* Putting page 16 back where it was joins everything again. */
	object_ref(obj);
	assert_int_equal(map_insert(map, A + PG(6), A + PG(7), RW, VR_SHARED, obj, 16), 0);
	assert_int_equal(map_nregions(map), 1);
	assert_region(map, A, A, A + PG(8), RW);
	assert_int_equal(obj->refs, 1);
	assert_refs_ok();
}

/* ---- zap ---- */

static void test_zap_drops_pages_keeps_regions(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(4), RW), 0);
	for (int i = 0; i < 4; i++)
		assert_fault(map, A + PG(i), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	map_zap(map, A + PG(1), A + PG(3));
	assert_int_equal(map_nregions(map), 1);
	assert_int_equal(fake_pmap_count(map->pmap, A, A + PG(4)), 2);
	assert_int_equal(pages_of(PG_ANON), 2);
	assert_fault(map, A + PG(1), FA_READ, FR_DONE, FD_ZERO_PAGE);	/* reads zero again */
	assert_refs_ok();
}

/* ---- out of memory for a region ---- */

/* Leave kmalloc exactly `spare` more region-sized objects: take every free
 * page, then every object the class still has cached.  Give back with
 * kmem_restore(). */
#define HOLD_MAX 4096
static void *held[HOLD_MAX];
static int nheld;

static void kmem_leave(int spare)
{
	hoard_pages();
	for (nheld = 0; nheld < HOLD_MAX && (held[nheld] = kmalloc(sizeof(struct vm_region))); nheld++)
		;
	assert_true(nheld < HOLD_MAX && nheld >= spare);
	while (spare-- > 0)
		kfree(held[--nheld]);
}

static void kmem_restore(void)
{
	while (nheld > 0)
		kfree(held[--nheld]);
	release_hoard();
}

static void test_insert_out_of_memory(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	kmem_leave(0);
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), -ENOMEM);
	kmem_restore();
	assert_int_equal(map_nregions(map), 0);
	assert_true(map_range_free(map, 0, USER_TOP));
}

/* clip_range promises that a failure changes nothing visible: the same pages
 * stay mapped with the same rights (a region may be left split in two). */
static void test_protect_out_of_memory_changes_no_rights(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(8), RW), 0);
	assert_fault(map, A + PG(3), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	for (int spare = 0; spare < 2; spare++) {	/* fails at the first, then the second clip */
		kmem_leave(spare);
		assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RPROT_READ), -ENOMEM);
		kmem_restore();
		for (int i = 0; i < 8; i++)
			assert_int_equal(map_lookup(map, A + PG(i))->prot, RW);
		assert_true(map_range_mapped(map, A, A + PG(8)));
		assert_fault(map, A + PG(3), FA_WRITE, FR_DONE, FD_SPURIOUS);
	}
	assert_int_equal(map_protect(map, A + PG(2), A + PG(5), RPROT_READ), 0);
	assert_int_equal(map_lookup(map, A + PG(3))->prot, RPROT_READ);
}

static void test_remove_out_of_memory_removes_nothing(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(8), RW), 0);
	assert_fault(map, A + PG(3), FA_WRITE, FR_DONE, FD_NEW_PAGE);
	for (int spare = 0; spare < 2; spare++) {
		kmem_leave(spare);
		assert_int_equal(map_remove(map, A + PG(2), A + PG(5)), -ENOMEM);
		kmem_restore();
		assert_true(map_range_mapped(map, A, A + PG(8)));
		assert_non_null(mapped_page(map, A + PG(3), NULL));
	}
	/* Removing whole regions needs no memory. */
	kmem_leave(0);
	assert_int_equal(map_remove(map, 0, USER_TOP), 0);
	kmem_restore();
	assert_int_equal(map_nregions(map), 0);
}

/* ---- find_space ---- */

static void test_find_space_top_down_below_mmap_base(void **state)
{
	struct vm_map *map = new_map();
	uintptr_t a, b;

	(void)state;
	a = map_find_space(map, PG(4), 0);
	assert_int_equal(a, TEST_MMAP_BASE - PG(4));
	assert_int_equal(map_insert_private(map, a, a + PG(4), RW), 0);
	b = map_find_space(map, PG(2), 0);
	assert_int_equal(b, a - PG(2));
	/* A region above mmap_base is no obstacle; one straddling it is. */
	assert_int_equal(map_insert_private(map, TEST_MMAP_BASE + PG(10), TEST_MMAP_BASE + PG(20), RW), 0);
	assert_int_equal(map_find_space(map, PG(2), 0), a - PG(2));
	assert_int_equal(map_remove(map, a, a + PG(4)), 0);
	assert_int_equal(map_insert_private(map, TEST_MMAP_BASE - PG(1), TEST_MMAP_BASE + PG(1), RX), 0);
	assert_int_equal(map_find_space(map, PG(2), 0), TEST_MMAP_BASE - PG(3));
}

static void test_find_space_takes_first_gap_that_fits(void **state)
{
	struct vm_map *map = new_map();
	uintptr_t top = TEST_MMAP_BASE;

	(void)state;
	/* [top-2, top) taken, [top-4, top-2) free, [top-5, top-4) taken, below free. */
	assert_int_equal(map_insert_private(map, top - PG(2), top, RW), 0);
	assert_int_equal(map_insert_private(map, top - PG(5), top - PG(4), RW), 0);
	assert_int_equal(map_find_space(map, PG(2), 0), top - PG(4));	/* fits exactly */
	assert_int_equal(map_find_space(map, PG(3), 0), top - PG(8));	/* too big: below */
}

static void test_find_space_honours_free_hint(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(6), A + PG(8), RW), 0);
	assert_int_equal(map_find_space(map, PG(4), A + PG(2)), A + PG(2));	/* exactly the hole */
	assert_int_equal(map_find_space(map, PG(2), A + PG(3) - 100), A + PG(3));	/* rounded up */
	assert_int_equal(map_find_space(map, PG(2), A + PG(100)), A + PG(100));	/* above everything */
	assert_int_equal(map_find_space(map, PG(2), MAP_MIN_ADDR), MAP_MIN_ADDR);	/* below everything */
}

static void test_find_space_skips_taken_hint(void **state)
{
	struct vm_map *map = new_map();
	uintptr_t fallback = TEST_MMAP_BASE - PG(4);

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(2), RW), 0);
	assert_int_equal(map_insert_private(map, A + PG(6), A + PG(8), RW), 0);
	assert_int_equal(map_find_space(map, PG(4), A + PG(1)), fallback);	/* inside a region */
	assert_int_equal(map_find_space(map, PG(4), A + PG(3)), fallback);	/* overlaps the next */
	assert_int_equal(map_find_space(map, PG(4), A - PG(1)), fallback);	/* runs into A */
	assert_int_equal(map_find_space(map, PG(4), PG(1)), fallback);		/* below MAP_MIN_ADDR */
	assert_int_equal(map_find_space(map, PG(4), USER_TOP - PG(3)), fallback);	/* past USER_TOP */
}

static void test_find_space_keeps_stack_guard_gap(void **state)
{
	struct vm_map *map = new_map();
	uintptr_t stack_top = TEST_MMAP_BASE + PG(1024), stack = stack_top - PG(16);

	(void)state;
	/* mmap_base inside the stack's guard gap: the gap wins. */
	map->mmap_base = stack - STACK_GUARD_GAP / 2;
	assert_int_equal(map_insert(map, stack, stack_top, RW, VR_GROWSDOWN, NULL, 0), 0);
	assert_int_equal(map_find_space(map, PG(4), 0), stack - STACK_GUARD_GAP - PG(4));
	/* A hint that would end inside the gap is not taken; one just below it is. */
	assert_int_equal(map_find_space(map, PG(4), stack - STACK_GUARD_GAP - PG(3)),
			 stack - STACK_GUARD_GAP - PG(4));
	assert_int_equal(map_find_space(map, PG(4), stack - STACK_GUARD_GAP - PG(4)),
			 stack - STACK_GUARD_GAP - PG(4));
	/* The gap is kept below a stack only: the same region without the flag has none. */
	assert_int_equal(map_remove(map, stack, stack_top), 0);
	assert_int_equal(map_insert_private(map, stack, stack_top, RW), 0);
	map->mmap_base = stack;
	assert_int_equal(map_find_space(map, PG(4), 0), stack - PG(4));
}

static void test_find_space_no_room(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	assert_int_equal(map_find_space(map, 0, 0), 0);
	assert_int_equal(map_find_space(map, USER_TOP, 0), 0);
	map->mmap_base = MAP_MIN_ADDR + PG(2);
	assert_int_equal(map_find_space(map, PG(2), 0), MAP_MIN_ADDR);
	assert_int_equal(map_find_space(map, PG(3), 0), 0);
	assert_int_equal(map_insert_private(map, MAP_MIN_ADDR + PG(1), MAP_MIN_ADDR + PG(2), RW), 0);
	assert_int_equal(map_find_space(map, PG(1), 0), MAP_MIN_ADDR);
	assert_int_equal(map_find_space(map, PG(2), 0), 0);
}

/*
 * Regression (vm/map.c, vm_map_find_space): only the lowest gap was bounded by
 * MAP_MIN_ADDR; a gap above a region that ends below MAP_MIN_ADDR started at
 * that region's end, so the search could return an address under MAP_MIN_ADDR
 * (Linux's search never goes below mmap_min_addr).  Such a region exists
 * after mmap(MAP_FIXED) below 64 KiB, which sys_mmap allows.
 */
static void test_find_space_never_below_min_addr(void **state)
{
	struct vm_map *map = new_map();
	uintptr_t got;

	(void)state;
	map->mmap_base = MAP_MIN_ADDR + PG(1);
	assert_int_equal(map_insert_private(map, PG(1), PG(2), RW), 0);
	assert_int_equal(map_insert_private(map, MAP_MIN_ADDR, MAP_MIN_ADDR + PG(1), RW), 0);
	got = map_find_space(map, PG(1), 0);
	assert_true(got == 0 || got >= MAP_MIN_ADDR);
}

/* ---- grow_stack ---- */

#define STK_TOP	(A + PG(1024))

static struct vm_map *map_with_stack(unsigned pages)
{
	struct vm_map *map = new_map();

	assert_int_equal(map_insert(map, STK_TOP - PG(pages), STK_TOP, RW, VR_GROWSDOWN | VR_STACK, NULL, 0), 0);
	return map;
}

static void test_grow_stack_within_limit(void **state)
{
	struct vm_map *map = map_with_stack(4);
	struct vm_region *r;

	(void)state;
	map->stack_limit = PG(16);
	r = map_grow_stack(map, STK_TOP - PG(10) + 123);
	assert_non_null(r);
	assert_int_equal(r->start, STK_TOP - PG(10));
	assert_int_equal(r->end, STK_TOP);
	assert_ptr_equal(map_lookup(map, STK_TOP - PG(10)), r);
	assert_int_equal(map_nregions(map), 1);
	/* Exactly the limit is fine. */
	r = map_grow_stack(map, STK_TOP - PG(16));
	assert_non_null(r);
	assert_int_equal(r->start, STK_TOP - PG(16));
	assert_true(avl_check(&map->regions, region_cmp));
}

static void test_grow_stack_beyond_limit_fails(void **state)
{
	struct vm_map *map = map_with_stack(4);

	(void)state;
	map->stack_limit = PG(16);
	assert_null(map_grow_stack(map, STK_TOP - PG(16) - 1));
	assert_region(map, STK_TOP - PG(1), STK_TOP - PG(4), STK_TOP, RW);
}

static void test_grow_stack_needs_growsdown_region_above(void **state)
{
	struct vm_map *map = map_with_stack(4);

	(void)state;
	assert_int_equal(map_insert_private(map, A, A + PG(4), RW), 0);
	assert_null(map_grow_stack(map, A - PG(1)));		/* below a plain region */
	assert_null(map_grow_stack(map, STK_TOP + PG(1)));	/* above everything */
	assert_null(map_grow_stack(map, STK_TOP - PG(2)));	/* inside the stack already */
	assert_region(map, STK_TOP - PG(1), STK_TOP - PG(4), STK_TOP, RW);
}

static void test_grow_stack_keeps_guard_gap(void **state)
{
	struct vm_map *map = map_with_stack(4);
	uintptr_t below_end = STK_TOP - PG(4) - STACK_GUARD_GAP - PG(4);

	(void)state;
	map->stack_limit = PG(1024);
	assert_int_equal(map_insert_private(map, below_end - PG(2), below_end, RPROT_READ), 0);
	/* Down to exactly the gap above the region below, not one page further. */
	assert_null(map_grow_stack(map, below_end + STACK_GUARD_GAP - PG(1)));
	assert_non_null(map_grow_stack(map, below_end + STACK_GUARD_GAP));
	assert_region(map, STK_TOP - PG(1), below_end + STACK_GUARD_GAP, STK_TOP, RW);
}

static void test_grow_stack_gap_ignores_inaccessible_region(void **state)
{
	struct vm_map *map = map_with_stack(4);
	uintptr_t below_end = STK_TOP - PG(12);

	(void)state;
	map->stack_limit = PG(1024);
	assert_int_equal(map_insert_private(map, below_end - PG(2), below_end, 0), 0);	/* PROT_NONE */
	assert_non_null(map_grow_stack(map, below_end));		/* right up against it */
	assert_null(map_grow_stack(map, below_end - PG(1)));		/* but not over it */
	assert_region(map, STK_TOP - PG(1), below_end, STK_TOP, RW);
}

/*
 * Regression (vm/map.c, vm_map_grow_stack): there was no MAP_MIN_ADDR check.
 * Linux's expand_downwards() refuses an address below mmap_min_addr; without
 * it a MAP_GROWSDOWN mapping just above 64 KiB grew down to page 0 on a NULL
 * dereference, which then mapped a page instead of raising SIGSEGV.
 */
static void test_grow_stack_not_below_min_addr(void **state)
{
	struct vm_map *map = new_map();

	(void)state;
	map->stack_limit = PG(1024);
	assert_int_equal(map_insert(map, MAP_MIN_ADDR + PG(4), MAP_MIN_ADDR + PG(8), RW, VR_GROWSDOWN, NULL, 0), 0);
	assert_non_null(map_grow_stack(map, MAP_MIN_ADDR));
	assert_null(map_grow_stack(map, 0));
	assert_int_equal(fault(map, 0, FA_READ, NULL), FR_MAPERR);
}

/* ---- randomized, against a page-granular model ---- */

#define WIN		0x50000000ul
#define WIN_PAGES	48
#define WIN_END		(WIN + PG(WIN_PAGES))

struct mpage {
	bool mapped;
	unsigned prot;			/* RPROT_* */
	struct vm_object *obj;		/* shared pages: the object and page index */
	uint64_t index;
	bool present;			/* in the pmap */
	bool zero;			/* ...as the zero page */
	vm_prot_t pmprot;		/* ...with these rights */
	bool account;			/* private memory charged (VR_ACCOUNT) */
};

static struct mpage model[WIN_PAGES];

static uintptr_t va_of(int i) { return WIN + PG(i); }

/* Would pages i and i + 1 be one region if both are mapped? */
static bool compatible(const struct mpage *a, const struct mpage *b)
{
	return a->mapped && b->mapped && a->prot == b->prot && a->obj == b->obj && a->account == b->account &&
	       (!a->obj || a->index + 1 == b->index);
}

static unsigned random_prot(void)
{
	static const unsigned common[] = { RPROT_READ, RW, RX, 0 };
	return rng_below(4) ? common[rng_below(4)] : rng_below(8);
}

/* A random page, mapped three times in four when the window has any. */
static int random_page(void)
{
	int i = rng_below(WIN_PAGES);

	for (int tries = 0; tries < 16 && !model[i].mapped && rng_below(4); tries++)
		i = rng_below(WIN_PAGES);
	return i;
}

static void model_insert(struct vm_map *map)
{
	int s = rng_below(WIN_PAGES), n = 1 + rng_below(8), len = 0;
	const struct mpage *left = s > 0 ? &model[s - 1] : NULL;
	unsigned prot = left && left->mapped && rng_below(2) ? left->prot : random_prot();
	struct vm_object *obj = NULL;
	uint64_t pgoff = 0;

	while (len < n && s + len < WIN_PAGES && !model[s + len].mapped)
		len++;
	if (len == 0)
		return;
	if (rng_below(3) == 0) {
		if (left && left->mapped && left->obj && rng_below(2)) {
			obj = left->obj;		/* continue the object on the left */
			object_ref(obj);
			pgoff = left->index + 1;
		} else {
			obj = object_create_shared_anon(1u << 20);
			assert_non_null(obj);
			pgoff = rng_below(64);
		}
	}
	assert_int_equal(map_insert(map, va_of(s), va_of(s + len), prot,
				    obj ? VR_SHARED : (prot & RPROT_WRITE) ? VR_ACCOUNT : 0, obj, pgoff), 0);
	for (int i = 0; i < len; i++)
		model[s + i] = (struct mpage){ .mapped = true, .prot = prot, .obj = obj, .index = pgoff + i,
					       .account = !obj && (prot & RPROT_WRITE) };
}

static void model_remove(struct vm_map *map)
{
	int s = rng_below(WIN_PAGES), len = 1 + rng_below(6);

	if (s + len > WIN_PAGES)
		len = WIN_PAGES - s;
	assert_int_equal(map_remove(map, va_of(s), va_of(s + len)), 0);
	for (int i = s; i < s + len; i++)
		model[i] = (struct mpage){ 0 };
}

static uint64_t region_anon_id(struct vm_map *map, uintptr_t va)
{
	struct vm_region *r = vm_map_lookup(map, va);
	return r ? r->anon_id : 0;
}

static void model_protect(struct vm_map *map)
{
	int s = random_page(), len = 1 + rng_below(8);
	unsigned prot = random_prot();
	bool whole = true;

	if (s + len > WIN_PAGES)
		len = WIN_PAGES - s;
	if (rng_below(4)) {		/* mostly stay inside mapped pages */
		int n = 0;
		while (n < len && model[s + n].mapped)
			n++;
		len = n ? n : len;
	}
	/* Linux's rule: the pages up to the first hole change; a hole (or an
	 * unmapped start) gives ENOMEM. */
	int upto = s;
	while (upto < s + len && model[upto].mapped)
		upto++;
	whole = upto == s + len;
	assert_int_equal(map_protect(map, va_of(s), va_of(s + len), prot), whole ? 0 : -ENOMEM);
	for (int i = s; i < upto; i++) {
		/* Becoming writable charges private memory (Linux's VM_ACCOUNT);
		 * becoming read-only gives the charge back while the region has
		 * no page of its own (its anon_id, which the model reads off the map). */
		if ((prot & RPROT_WRITE) && !(model[i].prot & RPROT_WRITE) && !model[i].obj)
			model[i].account = true;
		else if (!(prot & RPROT_WRITE) && !model[i].obj && !region_anon_id(map, va_of(i)))
			model[i].account = false;
		model[i].prot = prot;
		if (!model[i].present)
			continue;
		model[i].pmprot = prot_for_region(prot, model[i].obj != NULL);
		/* A written private page (this map's alone) stays writable. */
		if (!model[i].obj && !model[i].zero && (prot & RPROT_WRITE) && model[i].pmprot != VM_PROT_NONE)
			model[i].pmprot |= VM_PROT_WRITE;
	}
}

/* What the fault handler is specified to do (vm/fault.h), page by page. */
static void model_touch(struct vm_map *map)
{
	static const unsigned rights[] = {
		[FA_READ] = RPROT_READ | ARCH_READ_IMPLIED_BY, [FA_WRITE] = RPROT_WRITE, [FA_EXEC] = RPROT_EXEC,
	};
	static const vm_prot_t need[] = {
		[FA_READ] = VM_PROT_READ, [FA_WRITE] = VM_PROT_WRITE, [FA_EXEC] = VM_PROT_EXEC,
	};
	int i = random_page();
	enum fault_access acc = rng_below(3);
	struct mpage *m = &model[i];
	struct fault_outcome out;
	enum fault_res want_res = FR_DONE;
	enum fault_decision want = FD_NONE;
	vm_prot_t seen = m->pmprot | (m->pmprot & ARCH_READ_IMPLIED_BY ? VM_PROT_READ : 0);
	vm_prot_t table = prot_for_region(m->prot, m->obj != NULL);

	if (!m->mapped) {
		want_res = FR_MAPERR;
	} else if (!(m->prot & rights[acc])) {
		want_res = FR_ACCERR;
	} else if (m->present && (seen & need[acc])) {
		want = FD_SPURIOUS;
	} else if (m->obj) {
		want = m->present ? FD_REPROTECT : FD_SHARED_PAGE;
		m->pmprot = table;
	} else if (acc != FA_WRITE) {
		want = m->present ? FD_REPROTECT : FD_ZERO_PAGE;
		m->zero = !m->present;
		m->pmprot = table;
	} else {
		want = !m->present || m->zero ? FD_NEW_PAGE : FD_COW_REUSE;
		m->zero = false;
		m->pmprot = table | VM_PROT_WRITE;
	}
	if (want_res == FR_DONE)
		m->present = true;
	assert_int_equal(fault(map, va_of(i), acc, &out), want_res);
	assert_int_equal(out.decision, want);
	assert_false(out.stack_grown);
}

/* The map, its tree and its pmap agree with the model. */
static void check_model(struct vm_map *map, int step)
{
	unsigned nregions = 0, covered = 0, mapped = 0, present = 0;
	uintptr_t prev_end = 0;

	assert_true(avl_check(&map->regions, region_cmp));
	for (struct vm_region *r = first_region(map); r; r = vm_region_next(r)) {
		int first = (int)((r->start - WIN) / PAGE_SIZE), last = (int)((r->end - WIN) / PAGE_SIZE) - 1;

		nregions++;
		assert_true(r->start < r->end);
		assert_int_equal(r->start & ~PAGE_MASK, 0);
		assert_int_equal(r->end & ~PAGE_MASK, 0);
		assert_true(r->start >= prev_end);		/* sorted, no overlap */
		assert_true(r->start >= WIN && r->end <= WIN_END);
		assert_int_equal(!!(r->flags & VR_SHARED), r->obj != NULL);
		for (int i = first; i <= last; i++) {
			const struct mpage *m = &model[i];
			if (!m->mapped || m->prot != r->prot || m->obj != r->obj ||
			    (r->obj && m->index != r->pgoff + (uint64_t)(i - first)))
				fail_msg("step %d: page %d differs from its region [%#lx, %#lx)", step, i,
					 (unsigned long)r->start, (unsigned long)r->end);
		}
		/* Maximal: insert and protect merge every compatible neighbour,
		 * unless both already have private pages of their own (Linux's
		 * anon_vma rule: different anon_ids never merge). */
		struct vm_region *pr = vm_region_prev(r), *nx = vm_region_next(r);
		bool sep_below = pr && pr->end == r->start && pr->anon_id && r->anon_id && pr->anon_id != r->anon_id;
		bool sep_above = nx && nx->start == r->end && nx->anon_id && r->anon_id && nx->anon_id != r->anon_id;
		if (first > 0 && !sep_below && compatible(&model[first - 1], &model[first]))
			fail_msg("step %d: region at page %d not merged with the one below", step, first);
		if (last + 1 < WIN_PAGES && !sep_above && compatible(&model[last], &model[last + 1]))
			fail_msg("step %d: region at page %d not merged with the one above", step, first);
		covered += last - first + 1;
		prev_end = r->end;
	}
	assert_int_equal(map_nregions(map), nregions);
	for (int i = 0; i < WIN_PAGES; i++) {
		const struct mpage *m = &model[i];
		struct page *pg;
		vm_prot_t prot;
		bool there = fake_pmap_get(map->pmap, va_of(i), &pg, &prot);

		mapped += m->mapped;
		present += m->present;
		if (there != m->present)
			fail_msg("step %d: page %d is %sin the pmap", step, i, there ? "" : "not ");
		if (!there)
			continue;
		if (prot != m->pmprot)
			fail_msg("step %d: page %d mapped with %u, expected %u", step, i, prot, m->pmprot);
		assert_int_equal(pg == zero_page, m->zero);
		if (m->obj) {
			assert_int_equal(pg->owner, PG_SHARED);
			assert_ptr_equal(pg->obj, m->obj);
			assert_int_equal(pg->index, m->index);
		} else if (!m->zero) {
			assert_int_equal(pg->owner, PG_ANON);
		}
	}
	assert_int_equal(covered, mapped);
	assert_int_equal(fake_pmap_count(map->pmap, 0, USER_TOP), present);
}

static void random_run(uint64_t seed, int steps)
{
	struct vm_map *map = new_map();

	rng_seed(seed);
	memset(model, 0, sizeof(model));
	for (int step = 0; step < steps; step++) {
		unsigned op = rng_below(100);

		if (op < 30)
			model_insert(map);
		else if (op < 45)
			model_remove(map);
		else if (op < 65)
			model_protect(map);
		else
			model_touch(map);
		check_model(map, step);
		if (step % 64 == 0)
			assert_refs_ok();
	}
	assert_refs_ok();
	destroy_map(map);
	assert_int_equal(pages_of(PG_ANON), 0);
	assert_int_equal(pages_of(PG_SHARED), 0);
}

static void test_random_against_model(void **state)
{
	static const uint64_t seeds[] = { 1, 42, 0x9e3779b97f4a7c15ull, 0xdeadbeefcafef00dull, 7777, 123456789 };

	(void)state;
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
		random_run(seeds[i], 4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		vm_test(test_insert_merges_adjacent),
		vm_test(test_insert_different_prot_does_not_merge),
		vm_test(test_insert_different_flags_does_not_merge),
		vm_test(test_insert_shared_merges_only_contiguous_object),
		vm_test(test_insert_over_mapped_range_panics),
		vm_test(test_lookup_and_neighbours),
		vm_test(test_range_free_and_mapped),
		vm_test(test_remove_middle_splits),
		vm_test(test_remove_spanning_regions_and_holes),
		vm_test(test_remove_nothing),
		vm_test(test_remove_releases_pages),
		vm_test(test_protect_splits_in_three_and_merges_back),
		vm_test(test_protect_edges_split_in_two),
		vm_test(test_protect_across_regions_merges_them),
		vm_test(test_protect_over_hole),
		vm_test(test_protect_updates_mappings),
		vm_test(test_shared_clip_keeps_pgoff),
		vm_test(test_zap_drops_pages_keeps_regions),
		vm_test(test_insert_out_of_memory),
		vm_test(test_protect_out_of_memory_changes_no_rights),
		vm_test(test_remove_out_of_memory_removes_nothing),
		vm_test(test_find_space_top_down_below_mmap_base),
		vm_test(test_find_space_takes_first_gap_that_fits),
		vm_test(test_find_space_honours_free_hint),
		vm_test(test_find_space_skips_taken_hint),
		vm_test(test_find_space_keeps_stack_guard_gap),
		vm_test(test_find_space_no_room),
		vm_test(test_find_space_never_below_min_addr),
		vm_test(test_grow_stack_within_limit),
		vm_test(test_grow_stack_beyond_limit_fails),
		vm_test(test_grow_stack_needs_growsdown_region_above),
		vm_test(test_grow_stack_keeps_guard_gap),
		vm_test(test_grow_stack_gap_ignores_inaccessible_region),
		vm_test(test_grow_stack_not_below_min_addr),
		vm_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, vmh_group_setup, NULL);
}
