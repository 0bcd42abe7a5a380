/*
 * The arm64 pmap: 4 KiB granule, 39-bit VA, three levels (L1 root .. L3).
 * TTBR1 holds the kernel half (the direct map and the image), built once
 * here at boot; TTBR0 will hold each process's tables.
 *
 * This increment builds the kernel tables only.  The per-process calls of
 * vm/pmap.h are not written yet: they stop the machine with a message.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/pte.h>
#include "arch/arm64/arm64.h"
#include "kern/printk.h"
#include "lib/assert.h"
#include "vm/bootmem.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/string.h"

static uint64_t *kernel_l1;
static paddr_t kernel_l1_pa, empty_l1_pa;

static uint64_t *boot_table(paddr_t *pa)
{
	*pa = bootmem_alloc_page();
	memset(PHYS_TO_KVA(*pa), 0, PAGE_SIZE);
	return PHYS_TO_KVA(*pa);
}

/*
 * Replace the boot tables: the direct map of the device GiB (0 .. 1 GiB,
 * device memory, never executable) and of RAM [RAM_BASE, phys_end) with
 * 2 MiB blocks (normal memory, never executable), the kernel image's 1 GiB
 * block at KERNEL_BASE as boot.S made it, and an empty TTBR0.
 */
void arm64_pmap_bootstrap(paddr_t phys_end)
{
	uint64_t *l2 = NULL;
	paddr_t l2_pa;

	kernel_l1 = boot_table(&kernel_l1_pa);
	kernel_l1[PT_INDEX(DMAP_BASE, 1)] = 0 | PTE_BLOCK | PTE_KERN_DEVICE;
	for (paddr_t pa = RAM_BASE; pa < phys_end; pa += PT_LEVEL_SPAN(2)) {
		uintptr_t va = DMAP_BASE + pa;
		if (!l2 || PT_INDEX(va, 2) == 0) {
			l2 = boot_table(&l2_pa);
			kernel_l1[PT_INDEX(va, 1)] = l2_pa | PTE_TABLE | PTE_VALID | PTE_UXN;
		}
		l2[PT_INDEX(va, 2)] = pa | PTE_BLOCK | PTE_KERN_NORMAL | PTE_PXN;
	}
	/* The kernel image, still one writable, executable 1 GiB block (W^X with
	 * 4 KiB pages for text/rodata/data is a later step). */
	kernel_l1[511] = boot_l1_ttbr1[511];
	(void)boot_table(&empty_l1_pa);
	dsb_ishst();
	WRITE_SYSREG(ttbr1_el1, kernel_l1_pa);
	WRITE_SYSREG(ttbr0_el1, empty_l1_pa);	/* no identity map any more: user addresses fault */
	isb();
	tlb_flush_all();
}

#define NOT_YET(what) panic("arm64: %s is not implemented yet", what)

struct pmap *pmap_create(void) { NOT_YET("pmap_create"); }
void pmap_destroy(struct pmap *pm) { NOT_YET("pmap_destroy"); }
int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot) { NOT_YET("pmap_enter"); }
void pmap_remove(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_release_fn release, void *arg) { NOT_YET("pmap_remove"); }
void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg) { NOT_YET("pmap_protect"); }
void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg) { NOT_YET("pmap_visit"); }
bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot) { NOT_YET("pmap_lookup"); }
void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w) { NOT_YET("pmap_walk"); }
void pmap_activate(struct pmap *pm) { NOT_YET("pmap_activate"); }
uint64_t pmap_table_pages(const struct pmap *pm) { NOT_YET("pmap_table_pages"); }
