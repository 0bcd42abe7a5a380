/* Unit tests for vm/page.c (the physical page allocator) and vm/kmem.c (kmalloc). */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/host/vm_harness.h"
#include "vm/kmem.h"

static uint64_t free_pages(void)
{
	struct page_stats st;

	page_get_stats(&st);
	return st.by_owner[PG_FREE];
}

static bool all_of_page_is(struct page *pg, uint8_t v)
{
	const uint8_t *p = page_kva(pg);

	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* ---- pages ---- */

static void test_boot_state(void **state)
{
	struct page_stats st;
	uint64_t sum = 0;

	(void)state;
	page_get_stats(&st);
	assert_int_equal(st.total, VMH_NPAGES);
	assert_int_equal(page_array_len, VMH_NPAGES);
	for (int o = 0; o < PG_NOWNERS; o++)
		sum += st.by_owner[o];
	assert_int_equal(sum, VMH_NPAGES);		/* every page has one owner */
	assert_int_equal(st.by_owner[PG_RESERVED], 0);	/* the whole arena was released */
	assert_int_equal(st.by_owner[PG_ZERO], 1);
	assert_int_equal(zero_page->owner, PG_ZERO);
	assert_true(all_of_page_is(zero_page, 0));
}

static void test_alloc_and_free_keep_accounts(void **state)
{
	uint64_t before = free_pages();
	struct page *pg;

	(void)state;
	pg = page_alloc(PG_ANON);
	assert_non_null(pg);
	assert_int_equal(pg->owner, PG_ANON);
	assert_int_equal(pg->refs, 1);
	assert_int_equal(free_pages(), before - 1);
	assert_int_equal(pages_of(PG_ANON), 1);
	page_free(pg);
	assert_int_equal(pg->owner, PG_FREE);
	assert_int_equal(free_pages(), before);
	assert_int_equal(pages_of(PG_ANON), 0);
}

static void test_zalloc_zeroes(void **state)
{
	struct page *pg = page_alloc(PG_ANON), *again;

	(void)state;
	assert_non_null(pg);
	memset(page_kva(pg), 0x5a, PAGE_SIZE);
	page_free(pg);
	again = page_zalloc(PG_ANON);
	assert_ptr_equal(again, pg);			/* the free list hands back the last page freed */
	assert_true(all_of_page_is(again, 0));
	page_free(again);
}

static void test_unref_frees_at_zero(void **state)
{
	struct page *pg = page_alloc(PG_ANON);

	(void)state;
	assert_non_null(pg);
	page_ref(pg);
	page_unref(pg);
	assert_int_equal(pg->owner, PG_ANON);
	assert_int_equal(pg->refs, 1);
	page_unref(pg);
	assert_int_equal(pg->owner, PG_FREE);
	assert_int_equal(pages_of(PG_ANON), 0);
	expect_panic(page_unref(pg));			/* once too often */
}

static void test_zero_page_is_never_freed(void **state)
{
	uint32_t refs = zero_page->refs;

	(void)state;
	for (int i = 0; i < 5; i++)
		page_unref(zero_page);
	assert_int_equal(zero_page->owner, PG_ZERO);
	assert_int_equal(zero_page->refs, refs);
}

static void test_alloc_until_empty(void **state)
{
	uint64_t n = free_pages(), got = 0;
	struct page **pages = calloc(n + 1, sizeof(*pages));

	(void)state;
	assert_non_null(pages);
	while ((pages[got] = page_alloc(PG_KSTACK)))
		got++;
	assert_int_equal(got, n);
	assert_null(page_alloc(PG_ANON));
	assert_null(page_zalloc(PG_ANON));
	assert_null(page_alloc_contig(1, PG_KSTACK));
	assert_int_equal(free_pages(), 0);
	for (uint64_t i = 0; i < got; i++)
		page_free(pages[i]);
	assert_int_equal(free_pages(), n);
	free(pages);
}

static void test_alloc_contig(void **state)
{
	struct page *run = page_alloc_contig(4, PG_KSTACK);

	(void)state;
	assert_non_null(run);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(run[i].owner, PG_KSTACK);
		assert_int_equal(run[i].refs, 1);
	}
	assert_int_equal(pages_of(PG_KSTACK), 4);
	assert_ptr_equal((char *)page_kva(&run[3]), (char *)page_kva(run) + 3 * PAGE_SIZE);
	page_free_contig(run, 4);
	assert_int_equal(pages_of(PG_KSTACK), 0);
}

/* Only the runs of free pages count: make runs of 2 and 3 and ask for 3. */
static void test_alloc_contig_finds_the_run_that_fits(void **state)
{
	uint64_t n = free_pages(), got = 0;
	struct page **pages = calloc(n + 1, sizeof(*pages));
	struct page *run;

	(void)state;
	assert_non_null(pages);
	while ((pages[got] = page_alloc(PG_KSTACK)))
		got++;
	page_free(&page_array[100]);
	page_free(&page_array[101]);
	page_free(&page_array[200]);
	page_free(&page_array[201]);
	page_free(&page_array[202]);
	assert_null(page_alloc_contig(4, PG_KSTACK));
	run = page_alloc_contig(3, PG_KSTACK);
	assert_ptr_equal(run, &page_array[200]);
	run = page_alloc_contig(2, PG_KSTACK);
	assert_ptr_equal(run, &page_array[100]);
	assert_null(page_alloc(PG_KSTACK));		/* they left the free list too */
	for (uint64_t i = 0; i < got; i++)
		page_free(pages[i]);
	assert_int_equal(free_pages(), n);
	free(pages);
}

static void test_activate_queues_once(void **state)
{
	struct page_stats st;
	uint64_t active;
	struct page *pg = page_alloc(PG_ANON);

	(void)state;
	assert_non_null(pg);
	page_get_stats(&st);
	active = st.active;
	page_activate(pg);
	page_activate(pg);
	page_get_stats(&st);
	assert_int_equal(st.active, active + 1);
	assert_int_equal(pg->queue, PQ_ACTIVE);
	page_free(pg);					/* leaves the queue */
	page_get_stats(&st);
	assert_int_equal(st.active, active);
	assert_int_equal(pg->queue, PQ_NONE);
}

static void test_copy_and_addresses(void **state)
{
	struct page *a = page_alloc(PG_ANON), *b = page_alloc(PG_ANON);

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		((uint8_t *)page_kva(a))[i] = (uint8_t)(i ^ (i >> 8));
	page_copy(b, a);
	assert_memory_equal(page_kva(b), page_kva(a), PAGE_SIZE);
	page_clear(a);
	assert_true(all_of_page_is(a, 0));
	assert_int_equal(page_to_pa(b), page_to_pfn(b) * PAGE_SIZE);
	assert_ptr_equal(pa_to_page(page_to_pa(b)), b);
	assert_ptr_equal(kva_to_page((char *)page_kva(b) + 123), b);
	assert_int_equal((uintptr_t)page_kva(b), host_phys_base + page_to_pa(b));
	page_free(a);
	page_free(b);
}

static void test_owner_names(void **state)
{
	(void)state;
	assert_string_equal(page_owner_name(PG_FREE), "free");
	assert_string_equal(page_owner_name(PG_RESERVED), "reserved");
	assert_string_equal(page_owner_name(PG_KMEM), "kmem");
	assert_string_equal(page_owner_name(PG_KSTACK), "kstack");
	assert_string_equal(page_owner_name(PG_PTABLE), "ptable");
	assert_string_equal(page_owner_name(PG_ANON), "anon");
	assert_string_equal(page_owner_name(PG_SHARED), "shared");
	assert_string_equal(page_owner_name(PG_ZERO), "zero");
	assert_string_equal(page_owner_name(PG_NOWNERS), "?");
}

/* ---- kmem ---- */

static void test_kmalloc_sizes(void **state)
{
	void *p0 = kmalloc(0), *pmax = kmalloc(KMEM_MAX);

	(void)state;
	assert_non_null(p0);
	assert_non_null(pmax);
	assert_null(kmalloc(KMEM_MAX + 1));
	assert_int_equal((uintptr_t)pmax % KMEM_MAX, 0);
	assert_int_equal(kva_to_page(pmax)->owner, PG_KMEM);
	kfree(p0);
	kfree(pmax);
	kfree(NULL);
}

/* Objects are aligned to their power-of-two class and do not overlap. */
static void test_kmalloc_objects_are_aligned_and_distinct(void **state)
{
	static const size_t sizes[] = { 1, 24, 32, 33, 100, 200, 1000, 2048, 3000 };
	enum { PER = 12 };
	uint8_t *p[sizeof(sizes) / sizeof(sizes[0])][PER];

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t cls = 32;
		while (cls < sizes[s])
			cls *= 2;
		for (int i = 0; i < PER; i++) {
			p[s][i] = kmalloc(sizes[s]);
			assert_non_null(p[s][i]);
			assert_int_equal((uintptr_t)p[s][i] % cls, 0);
			memset(p[s][i], (int)(s * PER + i), sizes[s]);
		}
	}
	/* Nothing was overwritten by a neighbour. */
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (int i = 0; i < PER; i++)
			for (size_t k = 0; k < sizes[s]; k++)
				assert_int_equal(p[s][i][k], (uint8_t)(s * PER + i));
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		for (int i = 0; i < PER; i++)
			kfree(p[s][i]);
}

static void test_kfree_then_kmalloc_reuses(void **state)
{
	uint8_t *p = kmalloc(500), *q;

	(void)state;
	assert_non_null(p);
	memset(p, 0xee, 500);
	kfree(p);
	q = kmalloc(400);				/* same class: 512 */
	assert_ptr_equal(q, p);
	kfree(q);
	q = kzalloc(512);
	assert_ptr_equal(q, p);
	for (int i = 0; i < 512; i++)
		assert_int_equal(q[i], 0);
	kfree(q);
}

/* A class takes one page when its free list runs dry, and cuts it whole. */
static void test_kmalloc_carves_whole_pages(void **state)
{
	enum { MAX = 256 };
	void *p[MAX];
	int n = 0;
	uint64_t kmem = pages_of(PG_KMEM);

	(void)state;
	/* Use up what the 2 KiB class has cached, until it takes a page. */
	while (pages_of(PG_KMEM) == kmem) {
		assert_true(n < MAX - 2);
		assert_non_null(p[n++] = kmalloc(2048));
	}
	assert_int_equal(pages_of(PG_KMEM), kmem + 1);
	assert_non_null(p[n++] = kmalloc(2048));	/* the other half of that page */
	assert_int_equal(pages_of(PG_KMEM), kmem + 1);
	assert_ptr_equal(kva_to_page(p[n - 1]), kva_to_page(p[n - 2]));
	assert_non_null(p[n++] = kmalloc(2048));
	assert_int_equal(pages_of(PG_KMEM), kmem + 2);
	while (n > 0)
		kfree(p[--n]);
	assert_int_equal(pages_of(PG_KMEM), kmem + 2);	/* kept for the class */
}

static void test_kmalloc_out_of_pages(void **state)
{
	enum { MAX = 256 };
	void *p[MAX];
	int n = 0;

	(void)state;
	hoard_pages();
	/* Whatever the 4 KiB class has cached is handed out, then NULL. */
	while (n < MAX && (p[n] = kmalloc(4096)))
		n++;
	assert_true(n < MAX);
	assert_null(kmalloc(4096));
	release_hoard();
	while (n > 0)
		kfree(p[--n]);
}

static void test_kfree_of_foreign_pointer_panics(void **state)
{
	struct page *pg = page_alloc(PG_ANON);

	(void)state;
	assert_non_null(pg);
	expect_panic(kfree(page_kva(pg)));
	page_free(pg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		vm_test(test_boot_state),
		vm_test(test_alloc_and_free_keep_accounts),
		vm_test(test_zalloc_zeroes),
		vm_test(test_unref_frees_at_zero),
		vm_test(test_zero_page_is_never_freed),
		vm_test(test_alloc_until_empty),
		vm_test(test_alloc_contig),
		vm_test(test_alloc_contig_finds_the_run_that_fits),
		vm_test(test_activate_queues_once),
		vm_test(test_copy_and_addresses),
		vm_test(test_owner_names),
		vm_test(test_kmalloc_sizes),
		vm_test(test_kmalloc_objects_are_aligned_and_distinct),
		vm_test(test_kfree_then_kmalloc_reuses),
		vm_test(test_kmalloc_carves_whole_pages),
		vm_test(test_kmalloc_out_of_pages),
		vm_test(test_kfree_of_foreign_pointer_panics),
	};

	return cmocka_run_group_tests(tests, vmh_group_setup, NULL);
}
