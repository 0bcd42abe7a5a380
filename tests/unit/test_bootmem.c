/*
 * Unit tests for vm/bootmem.c: the boot-time bump allocator skips
 * reservations and stops at its limit, and the hand-over to vm/page.c frees
 * exactly RAM minus the reservations and the pages handed out early.
 * Boot state is global and set once, so the binary holds one test.
 */
#include <stdlib.h>

#include "tests/unit/host/vm_harness.h"
#include "vm/bootmem.h"

#define ARENA_PAGES 1024

static void test_boot_and_hand_over(void **state)
{
	(void)state;
	host_phys_base = (uintptr_t)aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	assert_true(host_phys_base != 0);

	/* Two RAM ranges with a hole, the first given unaligned. */
	assert_true(bootmem_add_ram(PG(16) - 100, PG(512)));
	assert_true(bootmem_add_ram(PG(600), PG(ARENA_PAGES) + 100));
	assert_true(bootmem_add_ram(PG(700) + 1, PG(700) + 2));	/* less than a page: ignored */
	assert_int_equal(bootmem_ram_end(), PG(ARENA_PAGES));

	bootmem_reserve(PG(16), PG(40));			/* "kernel image" */
	bootmem_reserve(PG(41) + 5, PG(44) + 1);		/* "initramfs": pages 41..44 */
	bootmem_start_allocator(PG(40) - 7, PG(ARENA_PAGES));
	assert_int_equal(bootmem_alloc_page(), PG(40));
	assert_int_equal(bootmem_alloc_page(), PG(45));	/* skipped the reservation */
	assert_int_equal(bootmem_alloc_page(), PG(46));

	bootmem_hand_over();
	uint64_t array_pages = (page_boot_bytes(ARENA_PAGES) + PAGE_SIZE - 1) / PAGE_SIZE;
	struct page_stats st;
	page_get_stats(&st);
	assert_int_equal(st.total, ARENA_PAGES);
	/* RAM is pages 16..511 and 600..1023; taken are the kernel (16..39), the
	 * early pages and the initramfs between them (40..46), then the array. */
	uint64_t ram = (512 - 16) + (ARENA_PAGES - 600);
	uint64_t taken = (47 - 16) + array_pages;
	assert_int_equal(st.by_owner[PG_FREE], ram - taken);
	assert_int_equal(page_array[15].owner, PG_RESERVED);	/* below RAM */
	assert_int_equal(page_array[46].owner, PG_RESERVED);
	assert_int_equal(page_array[47 + array_pages].owner, PG_FREE);
	assert_int_equal(page_array[550].owner, PG_RESERVED);	/* the hole */
	assert_int_equal(page_array[600].owner, PG_FREE);

	/* Past the limit the bump allocator refuses rather than hand out
	 * memory the boot tables do not map. */
	bootmem_start_allocator(PG(ARENA_PAGES - 1), PG(ARENA_PAGES));
	assert_int_equal(bootmem_alloc_page(), PG(ARENA_PAGES - 1));
	expect_panic(bootmem_alloc_page());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_and_hand_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
