/*
 * The x86-64 pmap: four-level page tables.  vm/pmap.c walks them; this file
 * builds the kernel's tables at boot, keeps the TLB right and switches
 * address spaces; machine/pmap.h says what an entry's bits mean.
 *
 * The kernel half (PML4 entries 256..511: the direct map and the kernel
 * image) is built once at boot and shared by every address space by
 * copying those PML4 entries; it never changes afterwards.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/pmap.h>
#include <machine/pte.h>
#include "arch/x86_64/x86.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/assert.h"
#include "lib/errno.h"
#include "lib/string.h"

static uint64_t *kernel_pml4;
static paddr_t kernel_pml4_pa;
uint64_t pte_nx;			/* PTE_NX when the CPU supports it */

static inline uint64_t *table_of(uint64_t entry) { return PHYS_TO_KVA(entry & PTE_FRAME); }

/* Bump allocator for the tables built before the page allocator exists. */
static paddr_t (*boot_page_source)(void);

static uint64_t *boot_table(paddr_t *pa)
{
	*pa = boot_page_source();
	memset(PHYS_TO_KVA(*pa), 0, PAGE_SIZE);
	return PHYS_TO_KVA(*pa);
}

/*
 * Replace the boot tables: map all physical memory [0, phys_end) at DMAP_BASE
 * with 2 MiB pages (not executable), keep the kernel image's mapping, and
 * switch to the new root.
 */
void pmap_bootstrap(paddr_t phys_end, paddr_t (*alloc_page)(void), bool have_nx)
{
	paddr_t pdpt_pa, pd_pa;
	uint64_t *pdpt = NULL, *pd = NULL;

	pte_nx = have_nx ? PTE_NX : 0;
	boot_page_source = alloc_page;
	kernel_pml4 = boot_table(&kernel_pml4_pa);
	for (paddr_t pa = 0; pa < phys_end; pa += PT_LEVEL_SPAN(2)) {
		uintptr_t va = DMAP_BASE + pa;
		if (!pd || PT_INDEX(va, 2) == 0) {
			if (!pdpt || PT_INDEX(va, 3) == 0) {
				pdpt = boot_table(&pdpt_pa);
				kernel_pml4[PT_INDEX(va, 4)] = pdpt_pa | PTE_P | PTE_RW;
			}
			pd = boot_table(&pd_pa);
			pdpt[PT_INDEX(va, 3)] = pd_pa | PTE_P | PTE_RW;
		}
		pd[PT_INDEX(va, 2)] = pa | PTE_P | PTE_RW | PTE_PS | PTE_G | pte_nx;
	}
	/* The kernel image: reuse the boot mapping of KERNEL_BASE. */
	kernel_pml4[511] = boot_pml4[511];
	write_cr3(kernel_pml4_pa);
}

/* Map the 2 MiB of device registers holding pa into the direct map,
 * uncached, at PHYS_TO_KVA(pa).  Boot only, before any pmap_create(). */
void *pmap_map_device(paddr_t pa)
{
	uintptr_t va = DMAP_BASE + (pa & ~(PT_LEVEL_SPAN(2) - 1));
	uint64_t *pdpt = table_of(kernel_pml4[PT_INDEX(va, 4)]), *pd;
	paddr_t pd_pa;

	if (!(pdpt[PT_INDEX(va, 3)] & PTE_P)) {
		pd = boot_table(&pd_pa);
		pdpt[PT_INDEX(va, 3)] = pd_pa | PTE_P | PTE_RW;
	}
	pd = table_of(pdpt[PT_INDEX(va, 3)]);
	pd[PT_INDEX(va, 2)] = (pa & ~(PT_LEVEL_SPAN(2) - 1)) | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT | pte_nx;
	invlpg(va);
	return PHYS_TO_KVA(pa);
}

static struct pmap *active_pmap;	/* per CPU once there are several */

void pmap_md_init(struct pmap *pm)
{
	memcpy(pm->root + 256, kernel_pml4 + 256, 256 * sizeof(uint64_t));
}

void pmap_md_fini(struct pmap *pm)
{
	if (active_pmap == pm)
		pmap_activate(NULL);
}

/* x86 keeps instruction fetch coherent with the kernel's stores itself. */
void pmap_page_written(struct page *pg) { (void)pg; }

void pmap_md_flush_page(struct pmap *pm, uintptr_t va)
{
	if (pm == active_pmap)
		invlpg(va);
}

void pmap_md_flush_all(struct pmap *pm)
{
	if (pm == active_pmap)
		write_cr3(pm->root_pa);
}

void pmap_activate(struct pmap *pm)
{
	if (pm == active_pmap)
		return;
	active_pmap = pm;
	write_cr3(pm ? pm->root_pa : kernel_pml4_pa);
}
