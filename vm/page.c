/*
 * The physical page allocator.  Free pages sit on one list (O(1) alloc and
 * free) and in a bitmap, which lets the rare multi-page request (kernel
 * stacks) find a contiguous run and unlink it from the list.
 */
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/lock.h"
#include "lib/string.h"

struct page *page_array;
uint64_t page_array_len;
struct page *zero_page;

static struct list_head free_list = LIST_HEAD_INIT(free_list);
static uint64_t *free_bitmap;		/* bit set = page free */
static uint64_t owner_count[PG_NOWNERS];
static uint64_t active_count;
static struct list_head active_queue = LIST_HEAD_INIT(active_queue);
static struct lock page_lock = LOCK_INIT("page");

static void bitmap_set(uint64_t pfn) { free_bitmap[pfn / 64] |= 1ULL << (pfn % 64); }
static void bitmap_clear(uint64_t pfn) { free_bitmap[pfn / 64] &= ~(1ULL << (pfn % 64)); }
static bool bitmap_test(uint64_t pfn) { return free_bitmap[pfn / 64] >> (pfn % 64) & 1; }

static void set_owner(struct page *pg, enum page_owner o)
{
	owner_count[pg->owner]--;
	owner_count[o]++;
	pg->owner = o;
}

void page_boot_init(struct page *array, uint64_t npages)
{
	page_array = array;
	page_array_len = npages;
	memset(array, 0, npages * sizeof(*array));	/* one pass: the boot's largest loop */
	for (uint64_t i = 0; i < npages; i++) {
		list_init(&array[i].link);
		array[i].owner = PG_RESERVED;
	}
	owner_count[PG_RESERVED] = npages;
	/* The bitmap lives right after the descriptors (the caller sized the
	 * reservation with page_boot_bytes()). */
	free_bitmap = (uint64_t *)(array + npages);
	memset(free_bitmap, 0, (npages + 63) / 64 * 8);
}

static void free_locked(struct page *pg)
{
	ASSERT(pg->owner != PG_FREE);
	if (pg->queue != PQ_NONE) {
		list_del(&pg->link);
		pg->queue = PQ_NONE;
		active_count--;
	}
	set_owner(pg, PG_FREE);
	pg->refs = 0;
	pg->obj = NULL;
	list_add_head(&free_list, &pg->link);
	bitmap_set(page_to_pfn(pg));
}

void page_boot_setup(uint64_t npages, paddr_t (*alloc_page)(void))
{
	paddr_t array_pa = alloc_page();

	/* The bump allocator hands out consecutive pages: the array is one block. */
	for (uint64_t got = PAGE_SIZE; got < page_boot_bytes(npages); got += PAGE_SIZE)
		if (alloc_page() != array_pa + got)
			panic("page array is not contiguous");
	page_boot_init(PHYS_TO_KVA(array_pa), npages);
}

void page_boot_free_range(paddr_t start, paddr_t end)
{
	for (paddr_t pa = start; pa + PAGE_SIZE <= end; pa += PAGE_SIZE) {
		uint64_t pfn = pa >> PAGE_SHIFT;
		if (pfn < page_array_len && page_array[pfn].owner == PG_RESERVED)
			free_locked(&page_array[pfn]);
	}
}

static struct page *take_locked(struct page *pg, enum page_owner owner)
{
	list_del(&pg->link);
	bitmap_clear(page_to_pfn(pg));
	set_owner(pg, owner);
	pg->refs = 1;
	pg->pmap_flags = 0;
	return pg;
}

struct page *page_alloc(enum page_owner owner)
{
	struct page *pg = NULL;

	lock_acquire(&page_lock);
	if (!list_empty(&free_list))
		pg = take_locked(list_entry(free_list.next, struct page, link), owner);
	lock_release(&page_lock);
	return pg;
}

struct page *page_zalloc(enum page_owner owner)
{
	struct page *pg = page_alloc(owner);

	if (pg)
		page_clear(pg);
	return pg;
}

struct page *page_alloc_contig(unsigned npages, enum page_owner owner)
{
	struct page *found = NULL;
	uint64_t run = 0;

	lock_acquire(&page_lock);
	for (uint64_t pfn = 0; pfn < page_array_len && !found; pfn++) {
		if (pfn % 64 == 0 && free_bitmap[pfn / 64] == 0) {
			run = 0;		/* 64 pages in use: skip them at once */
			pfn += 63;
			continue;
		}
		run = bitmap_test(pfn) ? run + 1 : 0;
		if (run == npages)
			found = &page_array[pfn + 1 - npages];
	}
	for (unsigned i = 0; found && i < npages; i++)
		take_locked(&found[i], owner);
	lock_release(&page_lock);
	return found;
}

void page_free(struct page *pg)
{
	lock_acquire(&page_lock);
	free_locked(pg);
	lock_release(&page_lock);
}

void page_free_contig(struct page *pg, unsigned npages)
{
	for (unsigned i = 0; i < npages; i++)
		page_free(&pg[i]);
}

void page_unref(struct page *pg)
{
	if (pg == zero_page)
		return;
	ASSERT(pg->refs > 0);
	if (--pg->refs == 0)
		page_free(pg);
}

void page_activate(struct page *pg)
{
	lock_acquire(&page_lock);
	if (pg->queue == PQ_NONE) {
		pg->queue = PQ_ACTIVE;
		list_add_tail(&active_queue, &pg->link);
		active_count++;
	}
	lock_release(&page_lock);
}

void page_zero_init(void)
{
	zero_page = page_zalloc(PG_ZERO);
	ASSERT(zero_page);
}

void page_clear(struct page *pg)
{
	memset(page_kva(pg), 0, PAGE_SIZE);
	pg->pmap_flags = 0;
}

void page_copy(struct page *dst, const struct page *src)
{
	arch_copy_page(page_kva(dst), page_kva(src));
	dst->pmap_flags = 0;
}

void page_get_stats(struct page_stats *st)
{
	lock_acquire(&page_lock);
	st->total = page_array_len;
	for (int i = 0; i < PG_NOWNERS; i++)
		st->by_owner[i] = owner_count[i];
	st->active = active_count;
	lock_release(&page_lock);
}

const char *page_owner_name(enum page_owner o)
{
	static const char *const names[PG_NOWNERS] = {
		[PG_FREE] = "free", [PG_RESERVED] = "reserved", [PG_KMEM] = "kmem",
		[PG_KSTACK] = "kstack", [PG_PTABLE] = "ptable", [PG_ANON] = "anon",
		[PG_SHARED] = "shared", [PG_ZERO] = "zero",
	};
	return o < PG_NOWNERS ? names[o] : "?";
}
