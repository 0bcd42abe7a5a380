/* The harness of the vm/ host tests: see vm_harness.h. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/host/vm_harness.h"
#include "lib/lock.h"

uintptr_t host_phys_base;

jmp_buf vmh_panic_env;
volatile bool vmh_panic_expected;
char vmh_panic_msg[256];

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vmh_panic_msg, sizeof(vmh_panic_msg), fmt, ap);
	va_end(ap);
	if (vmh_panic_expected) {
		vmh_panic_expected = false;
		longjmp(vmh_panic_env, 1);
	}
	fprintf(stderr, "panic: %s\n", vmh_panic_msg);
	fflush(stderr);
	abort();
}

int vmh_group_setup(void **state)
{
	void *arena = aligned_alloc(PAGE_SIZE, VMH_NPAGES * PAGE_SIZE);
	struct page *array = malloc(page_boot_bytes(VMH_NPAGES));

	(void)state;
	if (!arena || !array)
		return -1;
	host_phys_base = (uintptr_t)arena;
	page_boot_init(array, VMH_NPAGES);
	page_boot_free_range(0, (paddr_t)VMH_NPAGES * PAGE_SIZE);
	page_zero_init();
	return 0;
}

/* Per test: the maps to destroy, and the accounting to come back to. */
#define MAX_MAPS 8
static struct vm_map *maps[MAX_MAPS];
static struct page_stats baseline;
static bool refs_broken_before;	/* by an earlier test: do not blame this one */
static struct list_head hoard = LIST_HEAD_INIT(hoard);	/* pages taken by hoard_pages() */

int vmh_setup(void **state)
{
	(void)state;
	page_get_stats(&baseline);
	refs_broken_before = fake_pmap_check_refs() != NULL;
	fake_pmap_fail_enter(0);
	return 0;
}

const char *vmh_check_refs(void)
{
	return refs_broken_before ? NULL : fake_pmap_check_refs();
}

/* Everything is put back before anything is checked, so that a failing test
 * does not make the ones after it fail too. */
int vmh_teardown(void **state)
{
	struct page_stats now;
	const char *refs;
	char refs_msg[256] = "";

	(void)state;
	release_hoard();
	fake_pmap_fail_enter(0);
	refs = vmh_check_refs();
	if (refs)
		snprintf(refs_msg, sizeof(refs_msg), "%s", refs);
	for (int i = 0; i < MAX_MAPS; i++)
		if (maps[i])
			destroy_map(maps[i]);
	if (refs_msg[0])
		fail_msg("page references broken at the end of the test: %s", refs_msg);
	assert_int_equal(fake_pmap_live(), 0);
	page_get_stats(&now);
	for (int o = 0; o < PG_NOWNERS; o++) {
		if (o == PG_FREE || o == PG_KMEM)
			continue;
		if (now.by_owner[o] != baseline.by_owner[o])
			fail_msg("%s pages: %lu after the test, %lu before", page_owner_name(o),
				 (unsigned long)now.by_owner[o], (unsigned long)baseline.by_owner[o]);
	}
	assert_int_equal(now.active, baseline.active);
	/* kmem keeps the pages it has carved (kfree never returns them). */
	assert_int_equal(now.by_owner[PG_FREE] + now.by_owner[PG_KMEM],
			 baseline.by_owner[PG_FREE] + baseline.by_owner[PG_KMEM]);
	return 0;
}

struct vm_map *new_map(void)
{
	struct vm_map *map = vm_map_create();

	assert_non_null(map);
	map->mmap_base = TEST_MMAP_BASE;
	map->stack_limit = TEST_STACK_LIMIT;
	for (int i = 0; i < MAX_MAPS; i++) {
		if (!maps[i]) {
			maps[i] = map;
			return map;
		}
	}
	fail_msg("more than %d maps in one test", MAX_MAPS);
	return NULL;
}

void destroy_map(struct vm_map *map)
{
	for (int i = 0; i < MAX_MAPS; i++)
		if (maps[i] == map)
			maps[i] = NULL;
	vm_map_destroy(map);
}

int map_insert(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot, unsigned flags,
	       struct vm_object *obj, uint64_t pgoff)
{
	int r;

	lock_acquire(&map->lock);
	r = vm_map_insert(map, start, end, prot, flags, obj, pgoff);
	lock_release(&map->lock);
	return r;
}

/* Private memory as mmap makes it: writable private memory is charged
 * (VR_ACCOUNT), which decides merges as Linux's VM_ACCOUNT does. */
int map_insert_private(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot)
{
	return map_insert(map, start, end, prot, prot & RPROT_WRITE ? VR_ACCOUNT : 0, NULL, 0);
}

int map_remove(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	int r;

	lock_acquire(&map->lock);
	r = vm_map_remove(map, start, end);
	lock_release(&map->lock);
	return r;
}

int map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot)
{
	int r;

	lock_acquire(&map->lock);
	r = vm_map_protect(map, start, end, prot);
	lock_release(&map->lock);
	return r;
}

void map_zap(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	lock_acquire(&map->lock);
	vm_map_zap(map, start, end);
	lock_release(&map->lock);
}

uintptr_t map_find_space(struct vm_map *map, uintptr_t len, uintptr_t hint)
{
	uintptr_t r;

	lock_acquire(&map->lock);
	r = vm_map_find_space(map, len, hint);
	lock_release(&map->lock);
	return r;
}

struct vm_region *map_grow_stack(struct vm_map *map, uintptr_t addr)
{
	struct vm_region *r;

	lock_acquire(&map->lock);
	r = vm_map_grow_stack(map, addr);
	lock_release(&map->lock);
	return r;
}

struct vm_region *map_lookup(struct vm_map *map, uintptr_t addr)
{
	struct vm_region *r;

	lock_acquire(&map->lock);
	r = vm_map_lookup(map, addr);
	lock_release(&map->lock);
	return r;
}

bool map_range_free(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	bool r;

	lock_acquire(&map->lock);
	r = vm_map_range_free(map, start, end);
	lock_release(&map->lock);
	return r;
}

bool map_range_mapped(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	bool r;

	lock_acquire(&map->lock);
	r = vm_map_range_mapped(map, start, end);
	lock_release(&map->lock);
	return r;
}

unsigned map_nregions(struct vm_map *map)
{
	return map->nregions;
}

enum fault_res fault(struct vm_map *map, uintptr_t addr, enum fault_access acc, struct fault_outcome *out)
{
	struct fault_info fi = { .addr = addr, .access = acc, .user = true };
	struct page *pg;
	vm_prot_t prot;

	lock_acquire(&map->lock);
	fi.present = pmap_lookup(map->pmap, addr & PAGE_MASK, &pg, &prot);
	lock_release(&map->lock);
	return vm_fault(map, &fi, out);
}

struct page *mapped_page(struct vm_map *map, uintptr_t va, vm_prot_t *prot)
{
	struct page *pg;
	vm_prot_t p;

	if (!fake_pmap_get(map->pmap, va, &pg, &p))
		return NULL;
	if (prot)
		*prot = p;
	return pg;
}

uint8_t *page_bytes(struct page *pg)
{
	return page_kva(pg);
}

void hoard_pages(void)
{
	struct page *pg;

	while ((pg = page_alloc(PG_KSTACK)))
		list_add_head(&hoard, &pg->link);
}

void release_hoard(void)
{
	while (!list_empty(&hoard)) {
		struct page *pg = list_entry(hoard.next, struct page, link);
		list_del(&pg->link);
		page_free(pg);
	}
}

uint64_t pages_of(enum page_owner owner)
{
	struct page_stats st;

	page_get_stats(&st);
	return st.by_owner[owner] - baseline.by_owner[owner];
}

static uint64_t rng_state;

void rng_seed(uint64_t seed) { rng_state = seed ? seed : 0x9e3779b97f4a7c15ull; }

uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}
