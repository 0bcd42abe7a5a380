/*
 * Physical pages.  Every page frame of RAM has one descriptor, and every
 * page has exactly one owner at any time; the owners' counters always add up
 * to the number of pages, which is what the leak check at shutdown verifies.
 */
#ifndef VM_PAGE_H
#define VM_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/param.h>
#include "lib/avl.h"
#include "lib/list.h"

enum page_owner {
	PG_FREE,
	PG_RESERVED,	/* firmware, the kernel image, the initramfs */
	PG_KMEM,	/* kernel heap (kmalloc) */
	PG_KSTACK,	/* kernel stacks */
	PG_PTABLE,	/* page-table pages */
	PG_ANON,	/* private anonymous memory, found through page tables */
	PG_SHARED,	/* pages of a shared object, found through the object */
	PG_ZERO,	/* the shared zero page */
	PG_NOWNERS
};

enum page_queue { PQ_NONE, PQ_ACTIVE };

struct vm_object;

struct page {
	struct list_head link;		/* free list, or the page queue */
	struct vm_object *obj;		/* PG_SHARED: the object holding the page */
	uint64_t index;			/* PG_SHARED: page index within obj */
	struct avl_node objnode;	/* PG_SHARED: in obj->pages */
	uint32_t refs;			/* mappings + object reference */
	uint8_t owner;			/* enum page_owner */
	uint8_t queue;			/* enum page_queue */
	uint16_t kmem_class;		/* PG_KMEM: size class index */
	/* What the pmap knows about the contents, 0 whenever the kernel
	 * rewrites them (arm64: the instruction cache has seen them). */
	uint8_t pmap_flags;
};

extern struct page *page_array;
extern uint64_t page_array_len;		/* number of page frames described */
extern struct page *zero_page;

static inline uint64_t page_to_pfn(const struct page *pg) { return (uint64_t)(pg - page_array); }
static inline paddr_t page_to_pa(const struct page *pg) { return page_to_pfn(pg) << PAGE_SHIFT; }
static inline struct page *pa_to_page(paddr_t pa) { return &page_array[pa >> PAGE_SHIFT]; }
static inline void *page_kva(const struct page *pg) { return PHYS_TO_KVA(page_to_pa(pg)); }
static inline struct page *kva_to_page(const void *va) { return pa_to_page(KVA_TO_PHYS(va)); }

/* Boot: describe pages [0, npages) with the array at `array` (all reserved),
 * then release the usable ranges with page_boot_free_range(). */
void page_boot_init(struct page *array, uint64_t npages);
void page_boot_free_range(paddr_t start, paddr_t end);
/* The same, with the array (page_boot_bytes) taken from a boot-time page
 * allocator that returns consecutive physical pages. */
void page_boot_setup(uint64_t npages, paddr_t (*alloc_page)(void));
void page_zero_init(void);

struct page *page_alloc(enum page_owner owner);		/* contents undefined; NULL when none */
struct page *page_zalloc(enum page_owner owner);	/* zeroed */
struct page *page_alloc_contig(unsigned npages, enum page_owner owner);
void page_free(struct page *pg);
void page_free_contig(struct page *pg, unsigned npages);

static inline void page_ref(struct page *pg) { pg->refs++; }
/* Drop a reference; frees the page at zero.  The zero page is never freed. */
void page_unref(struct page *pg);

void page_activate(struct page *pg);	/* put on the active queue */

void page_clear(struct page *pg);
void page_copy(struct page *dst, const struct page *src);
/* One page's bytes copied as the arch's Linux copies a page (x86-64: rep
 * movsq; arm64: 128 bytes a round of ldp/stp).  Provided by each arch. */
void arch_copy_page(void *dst, const void *src);

struct page_stats {
	uint64_t total;
	uint64_t by_owner[PG_NOWNERS];
	uint64_t active;
};
void page_get_stats(struct page_stats *st);
const char *page_owner_name(enum page_owner o);

/* Bytes the caller of page_boot_init must provide at `array`. */
static inline uint64_t page_boot_bytes(uint64_t npages)
{
	return npages * sizeof(struct page) + (npages + 63) / 64 * 8;
}
#endif
