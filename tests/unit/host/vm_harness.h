/*
 * Shared harness of the vm/ host tests.
 *
 * Boots the page allocator once per test binary over a malloc'd arena
 * (VMH_NPAGES pages), provides panic(), and gives every test a fresh start:
 * vm_test(fn) runs fn with a setup that records the page accounting and a
 * teardown that destroys the maps the test made with new_map() and checks
 * that every page came back: no anonymous, shared, page-table or hoarded
 * page more than before, the zero page still there, and the page references
 * consistent with the mappings (fake_pmap_check_refs) at the end of the test.
 *
 * The map operations of vm/map.h expect map->lock held while vm_fault takes
 * it itself; the map_*() wrappers here take the lock around one call each.
 */
#ifndef VM_HARNESS_H
#define VM_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <machine/param.h>
#include "tests/unit/host/fake_pmap.h"
#include "vm/fault.h"
#include "vm/map.h"
#include "vm/object.h"
#include "vm/page.h"
#include "vm/prot.h"

#define VMH_NPAGES		4096
#define TEST_MMAP_BASE		0x700000000000ul	/* new_map()'s mmap_base */
#define TEST_STACK_LIMIT	(64ul * PAGE_SIZE)	/* new_map()'s stack_limit */

#define PG(n)	((uintptr_t)(n) * PAGE_SIZE)

int vmh_group_setup(void **state);
int vmh_setup(void **state);
int vmh_teardown(void **state);
#define vm_test(fn) cmocka_unit_test_setup_teardown(fn, vmh_setup, vmh_teardown)

/* A map destroyed by the teardown unless the test does it first with destroy_map(). */
struct vm_map *new_map(void);
void destroy_map(struct vm_map *map);

/* vm/map.h calls, each under the map lock. */
int map_insert(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot, unsigned flags,
	       struct vm_object *obj, uint64_t pgoff);
int map_insert_private(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot);
int map_remove(struct vm_map *map, uintptr_t start, uintptr_t end);
int map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, unsigned prot);
void map_zap(struct vm_map *map, uintptr_t start, uintptr_t end);
uintptr_t map_find_space(struct vm_map *map, uintptr_t len, uintptr_t hint);
struct vm_region *map_grow_stack(struct vm_map *map, uintptr_t addr);
struct vm_region *map_lookup(struct vm_map *map, uintptr_t addr);
bool map_range_free(struct vm_map *map, uintptr_t start, uintptr_t end);
bool map_range_mapped(struct vm_map *map, uintptr_t start, uintptr_t end);
unsigned map_nregions(struct vm_map *map);

/* The region containing addr must be exactly [start, end) with prot. */
#define assert_region(map, addr, s, e, p) do {					\
	struct vm_region *r_ = map_lookup(map, addr);				\
	assert_non_null(r_);							\
	assert_int_equal(r_->start, (s));					\
	assert_int_equal(r_->end, (e));						\
	assert_int_equal(r_->prot, (p));					\
} while (0)

/* A fault by user mode at addr. */
enum fault_res fault(struct vm_map *map, uintptr_t addr, enum fault_access acc, struct fault_outcome *out);
#define assert_fault(map, addr, acc, res, dec) do {				\
	struct fault_outcome o_;						\
	assert_int_equal(fault(map, addr, acc, &o_), (res));			\
	assert_int_equal(o_.decision, (dec));					\
} while (0)

/* The page mapped at va (NULL if none) and its protection as entered. */
struct page *mapped_page(struct vm_map *map, uintptr_t va, vm_prot_t *prot);
uint8_t *page_bytes(struct page *pg);

/* Take every free page (so the next allocation fails), and give them back. */
void hoard_pages(void);
void release_hoard(void);

/* Pages of owner now, beyond those at the start of the test. */
uint64_t pages_of(enum page_owner owner);

/* fake_pmap_check_refs(), unless an earlier test already broke the rule. */
const char *vmh_check_refs(void);
#define assert_refs_ok() do {							\
	const char *m_ = vmh_check_refs();					\
	if (m_)									\
		fail_msg("page references broken: %s", m_);			\
} while (0)

/*
 * panic() from vm/ aborts the test binary (a vm/ lock may be held, so going
 * on could deadlock), except inside expect_panic(stmt), which expects one.
 * stmt must not hold a lock of vm/ except one the test releases itself.
 */
extern jmp_buf vmh_panic_env;
extern volatile bool vmh_panic_expected;
extern char vmh_panic_msg[256];
#define expect_panic(stmt) do {							\
	vmh_panic_expected = true;						\
	if (setjmp(vmh_panic_env) == 0) {					\
		stmt;								\
		vmh_panic_expected = false;					\
		fail_msg("expected a panic from %s", #stmt);			\
	}									\
	vmh_panic_expected = false;						\
} while (0)

/* Deterministic xorshift generator for the randomized tests. */
void rng_seed(uint64_t seed);
uint32_t rng(void);
static inline uint32_t rng_below(uint32_t n) { return rng() % n; }


#endif
