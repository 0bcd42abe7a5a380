/* Boot-time physical memory: see bootmem.h. */
#include <stdbool.h>
#include "vm/bootmem.h"
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/compiler.h"

struct range { paddr_t start, end; };

#define MAX_RAM_RANGES		32
#define MAX_RESERVED_RANGES	8

static struct range ram[MAX_RAM_RANGES];
static int nram;
static struct range reserved[MAX_RESERVED_RANGES];
static int nreserved;
static paddr_t bump_first, bump_next, bump_limit;

bool bootmem_add_ram(paddr_t start, paddr_t end)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (start >= end)
		return true;
	if (nram == MAX_RAM_RANGES)
		return false;
	ram[nram++] = (struct range){ start, end };
	return true;
}

void bootmem_reserve(paddr_t start, paddr_t end)
{
	if (nreserved == MAX_RESERVED_RANGES)
		panic("more than %d reserved boot ranges", MAX_RESERVED_RANGES);
	reserved[nreserved++] = (struct range){ ALIGN_DOWN(start, PAGE_SIZE), ALIGN_UP(end, PAGE_SIZE) };
}

paddr_t bootmem_ram_end(void)
{
	paddr_t end = 0;

	for (int i = 0; i < nram; i++)
		end = MAX(end, ram[i].end);
	return end;
}

static bool is_reserved(paddr_t pa)
{
	for (int i = 0; i < nreserved; i++)
		if (pa >= reserved[i].start && pa < reserved[i].end)
			return true;
	return false;
}

void bootmem_start_allocator(paddr_t first, paddr_t limit)
{
	bump_first = bump_next = ALIGN_UP(first, PAGE_SIZE);
	bump_limit = limit;
}

paddr_t bootmem_alloc_page(void)
{
	while (is_reserved(bump_next))
		bump_next += PAGE_SIZE;
	if (bump_next + PAGE_SIZE > bump_limit)
		panic("early allocations ran past the boot direct map (%#lx)", (unsigned long)bump_limit);
	paddr_t pa = bump_next;
	bump_next += PAGE_SIZE;
	return pa;
}

void bootmem_hand_over(void)
{
	/* The array describes frames from physical 0, so memory below the first
	 * RAM range (1 GiB on QEMU's arm64 virt) costs descriptors too. */
	page_boot_setup(bootmem_ram_end() >> PAGE_SHIFT, bootmem_alloc_page);
	bootmem_reserve(bump_first, bump_next);
	/* Free each RAM range's stretches between reservations, a stretch at a
	 * time (a check per page was most of the boot's time on arm64). */
	for (int i = 0; i < nram; i++) {
		paddr_t pa = ram[i].start;
		while (pa < ram[i].end) {
			paddr_t stop = ram[i].end, skip_to = 0;
			for (int r = 0; r < nreserved; r++) {
				if (pa >= reserved[r].start && pa < reserved[r].end)
					skip_to = MAX(skip_to, reserved[r].end);
				else if (reserved[r].start > pa && reserved[r].start < stop)
					stop = reserved[r].start;
			}
			if (skip_to) {
				pa = ALIGN_UP(skip_to, PAGE_SIZE);
				continue;
			}
			page_boot_free_range(pa, stop);
			pa = ALIGN_UP(stop, PAGE_SIZE);
		}
	}
}
