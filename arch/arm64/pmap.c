/*
 * The arm64 pmap: 4 KiB or 16 KiB granule, 39 to 48 bits of VA, three or
 * four levels (machine/pte.h: the root is L0 or L1, pages at L3).  vm/pmap.c
 * walks the user tables; this file builds the kernel's at boot, hands out
 * ASIDs, keeps the TLB right and switches address spaces; machine/pmap.h
 * says what a descriptor's bits mean.  TTBR1 holds the kernel half (the
 * direct map and the image), built once here at boot; TTBR0 holds each
 * process's tables, tagged with an ASID so that a switch between processes
 * flushes nothing.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/pmap.h>
#include <machine/pte.h>
#include "arch/arm64/arm64.h"
#include "kern/printk.h"
#include "lib/assert.h"
#include "vm/bootmem.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/compiler.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "vm/kmem.h"

static uint64_t *kernel_root;
static paddr_t kernel_root_pa, empty_root_pa;

static uint64_t *boot_table(paddr_t *pa)
{
	*pa = bootmem_alloc_page();
	memset(PHYS_TO_KVA(*pa), 0, PAGE_SIZE);
	return PHYS_TO_KVA(*pa);
}

/* Map [va, va + size) to pa in the kernel tables with blocks of the direct
 * map's level (2 MiB with 4 KiB pages, 32 MiB with 16 KiB). */
static void kernel_map_blocks(uintptr_t va, paddr_t pa, uint64_t size, uint64_t attrs)
{
	for (uint64_t off = 0; off < size; off += PT_LEVEL_SPAN(PT_BLOCK_LEVEL)) {
		uint64_t *t = kernel_root;
		for (int level = PT_ROOT_LEVEL; level < PT_BLOCK_LEVEL; level++) {
			uint64_t *e = &t[PT_IDX(va + off, level)];
			if (!(*e & PTE_VALID)) {
				paddr_t next;
				(void)boot_table(&next);
				*e = next | PTE_TABLE | PTE_VALID;
			}
			t = PHYS_TO_KVA(*e & PTE_ADDR);
		}
		t[PT_INDEX(va + off, PT_BLOCK_LEVEL)] = (pa + off) | PTE_BLOCK | attrs;
	}
}

/*
 * Replace the boot tables: the direct map of the device GiB (0 .. 1 GiB,
 * device memory) and of RAM [RAM_BASE, phys_end) (normal memory), neither
 * executable; the kernel image's GiB at KERNEL_BASE (still writable and
 * executable as a whole: W^X by section is a later step); an empty TTBR0.
 */
void arm64_pmap_bootstrap(paddr_t phys_end)
{
	uint64_t block = PT_LEVEL_SPAN(PT_BLOCK_LEVEL);

	kernel_root = boot_table(&kernel_root_pa);
	kernel_map_blocks(DMAP_BASE, 0, RAM_BASE, PTE_KERN_DEVICE);
	kernel_map_blocks(DMAP_BASE + RAM_BASE, RAM_BASE, ALIGN_UP(phys_end, block) - RAM_BASE,
			  PTE_KERN_NORMAL | PTE_PXN);
	kernel_map_blocks(KERNEL_BASE, RAM_BASE, 1ul << 30, PTE_KERN_NORMAL);
	(void)boot_table(&empty_root_pa);
	dsb_ishst();
	WRITE_SYSREG(ttbr1_el1, kernel_root_pa);
	WRITE_SYSREG(ttbr0_el1, empty_root_pa);	/* no identity map any more: user addresses fault */
	isb();
	tlb_flush_all();
}

/* ---------------------------------------------------------------- user tables */

static struct pmap *active_pmap;	/* per CPU once there are several */

/*
 * ASIDs: 8 bits (TCR_EL1.AS = 0), 0 reserved for "no process".  They are
 * handed out in order within a generation; when they run out, the whole TLB
 * is flushed and a new generation starts, and each pmap takes a fresh ASID
 * the next time it is activated.  A pmap's TLB entries can outlive its
 * activation (that is the point of ASIDs), so every change to its entries
 * is flushed by ASID whether it is active or not, as long as its ASID is of
 * the current generation; entries of an older generation are already gone.
 */
#define ASID_COUNT	256
static uint64_t asid_generation = 1;
static unsigned asid_next = 1;

static bool asid_live(const struct pmap *pm) { return pm->asid_gen == asid_generation; }

static void asid_assign(struct pmap *pm)
{
	if (asid_next == ASID_COUNT) {
		asid_generation++;
		asid_next = 1;
		tlb_flush_all();
	}
	pm->asid = (uint16_t)asid_next++;
	pm->asid_gen = asid_generation;
}

void pmap_md_init(struct pmap *pm) { (void)pm; }

/* The freed tables may still sit in the walk caches under this ASID, which
 * is not handed out again before the next generation's flush. */
void pmap_md_fini(struct pmap *pm)
{
	if (active_pmap == pm)
		pmap_activate(NULL);
}

/*
 * The kernel may have written this page's code (a copy-on-write copy, exec's
 * loading): instruction fetch must see it, as Linux's __sync_icache_dcache,
 * once per kernel write (the page's pmap_flags remember it), not at every
 * mapping: a fork maps all its parent's code again.
 */
#define PGF_ICACHE_CLEAN	0x1

void pmap_md_prepare_page(struct page *pg, vm_prot_t prot)
{
	if ((prot & VM_PROT_EXEC) && !(pg->pmap_flags & PGF_ICACHE_CLEAN)) {
		sync_icache((uintptr_t)page_kva(pg), PAGE_SIZE);
		pg->pmap_flags |= PGF_ICACHE_CLEAN;
	}
}

void pmap_page_written(struct page *pg)
{
	sync_icache((uintptr_t)page_kva(pg), PAGE_SIZE);
	pg->pmap_flags |= PGF_ICACHE_CLEAN;
}

void pmap_md_flush_page(struct pmap *pm, uintptr_t va)
{
	if (asid_live(pm))
		tlb_flush_va_asid(va, pm->asid);
}

void pmap_md_flush_all(struct pmap *pm)
{
	if (asid_live(pm))
		tlb_flush_asid(pm->asid);
}

void pmap_activate(struct pmap *pm)
{
	if (pm == active_pmap)
		return;
	active_pmap = pm;
	if (!pm) {
		WRITE_SYSREG(ttbr0_el1, empty_root_pa);	/* ASID 0: nothing is ever cached for it */
		isb();
		return;
	}
	if (!asid_live(pm))
		asid_assign(pm);
	WRITE_SYSREG(ttbr0_el1, pm->root_pa | (uint64_t)pm->asid << 48);
	isb();
}
