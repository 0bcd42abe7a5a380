/*
 * The arm64 pmap: 4 KiB or 16 KiB granule, 39 to 48 bits of VA, three or
 * four levels (machine/pte.h: the root is L0 or L1, pages at L3).
 * TTBR1 holds the kernel half (the direct map and the image), built once
 * here at boot; TTBR0 holds each process's tables, tagged with an ASID so
 * that a switch between processes flushes nothing.  vm/ hands us
 * machine-independent protections; only this file knows descriptor bits.
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

struct pmap {
	uint64_t *root;			/* kernel virtual address of the root table */
	paddr_t root_pa;
	uint64_t table_pages;		/* including the root */
	uint64_t asid_gen;		/* the generation its asid belongs to (0: none yet) */
	uint16_t asid;
};

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

static inline uint64_t *table_of(uint64_t entry) { return PHYS_TO_KVA(entry & PTE_ADDR); }

struct pmap *pmap_create(void)
{
	struct page *root = page_zalloc(PG_PTABLE);
	struct pmap *pm;

	if (!root)
		return NULL;
	pm = kzalloc(sizeof(*pm));
	if (!pm) {
		page_free(root);
		return NULL;
	}
	pm->root = page_kva(root);
	pm->root_pa = page_to_pa(root);
	pm->table_pages = 1;
	return pm;
}

static inline bool pte_mapped(uint64_t pte) { return pte & (PTE_VALID | PTE_SW_PROTNONE); }

/* Free the tables below `table` (a level-`level` table), which must map nothing. */
static void free_tables(struct pmap *pm, uint64_t *table, int level)
{
	for (int i = 0; i < PT_ENTRIES; i++) {
		if (level == PT_LEAF_LEVEL) {
			ASSERT(!pte_mapped(table[i]));
			continue;
		}
		if (!(table[i] & PTE_VALID))
			continue;
		free_tables(pm, table_of(table[i]), level + 1);
		page_free(pa_to_page(table[i] & PTE_ADDR));
		pm->table_pages--;
	}
}

void pmap_destroy(struct pmap *pm)
{
	if (active_pmap == pm)
		pmap_activate(NULL);
	free_tables(pm, pm->root, PT_ROOT_LEVEL);
	/* The freed tables may still sit in the walk caches under this ASID,
	 * which is not handed out again before the next generation's flush. */
	page_free(pa_to_page(pm->root_pa));
	kfree(pm);
}

/* The last-level entry for va, creating missing tables when asked. */
static uint64_t *walk(struct pmap *pm, uintptr_t va, bool create)
{
	uint64_t *table = pm->root;

	for (int level = PT_ROOT_LEVEL; level < PT_LEAF_LEVEL; level++) {
		uint64_t *e = &table[PT_IDX(va, level)];
		if (!(*e & PTE_VALID)) {
			struct page *pg;
			if (!create || !(pg = page_zalloc(PG_PTABLE)))
				return NULL;
			pm->table_pages++;
			/* the zeroed table must be visible to the walker before the entry */
			dsb_ishst();
			*e = page_to_pa(pg) | PTE_TABLE | PTE_VALID;
		}
		table = table_of(*e);
	}
	return &table[PT_INDEX(va, PT_LEAF_LEVEL)];
}

/*
 * A user page: normal write-back memory, inner shareable, not global (its
 * TLB entries carry the ASID), accessed flag set from the start (so no
 * access-flag faults, as Linux with hardware AF management), never
 * executable by the kernel.  AP[1] opens it to EL0; AP[2] makes it
 * read-only; UXN forbids user execution.
 */
static uint64_t pte_bits(vm_prot_t prot)
{
	uint64_t bits;

	if (prot == VM_PROT_NONE)
		return PTE_SW_PROTNONE;
	bits = PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | PTE_NG | PTE_AP_EL0 | PTE_PXN;
	if (!(prot & VM_PROT_WRITE))
		bits |= PTE_AP_RO;
	if (!(prot & VM_PROT_EXEC))
		bits |= PTE_UXN;
	return bits;
}

static vm_prot_t pte_prot(uint64_t pte)
{
	vm_prot_t prot;

	if (!(pte & PTE_VALID))
		return VM_PROT_NONE;
	prot = VM_PROT_READ;
	if (!(pte & PTE_AP_RO))
		prot |= VM_PROT_WRITE;
	if (!(pte & PTE_UXN))
		prot |= VM_PROT_EXEC;
	return prot;
}

static void flush_page(struct pmap *pm, uintptr_t va)
{
	if (asid_live(pm))
		tlb_flush_va_asid(va, pm->asid);
}

int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot)
{
	uint64_t *pte = walk(pm, va, true), old;

	if (!pte)
		return -ENOMEM;
	/* The kernel may have written this page's code (exec, a copy-on-write
	 * copy): instruction fetch must see it, as Linux's __sync_icache_dcache. */
	if (prot & VM_PROT_EXEC)
		sync_icache((uintptr_t)page_kva(pg), PAGE_SIZE);
	old = *pte;
	*pte = page_to_pa(pg) | pte_bits(prot);
	/* An invalid entry is never in the TLB: only a replaced one needs a flush
	 * (break-before-make is not needed: the old entry maps a page). */
	if (old & PTE_VALID)
		flush_page(pm, va);
	else
		dsb_ishst();		/* visible to the walker before we return to user mode */
	return 0;
}

bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot)
{
	uint64_t *pte = walk(pm, va, false);

	if (!pte || !pte_mapped(*pte))
		return false;
	*pg = pa_to_page(*pte & PTE_ADDR);
	*prot = pte_prot(*pte);
	return true;
}

/*
 * Visit every mapped leaf entry in [sva, eva), skipping absent tables whole.
 * visit() returns the new entry value.  Returns how many valid entries
 * changed; up to 32 are flushed one by one, more by one flush of the ASID.
 */
typedef uint64_t (*pte_visit_fn)(uintptr_t va, uint64_t pte, void *arg);

static uint64_t range_walk(struct pmap *pm, uintptr_t sva, uintptr_t eva, pte_visit_fn visit, void *arg)
{
	uint64_t changed = 0;
	uintptr_t va = sva;

	while (va < eva) {
		uint64_t *table = pm->root;
		int level;
		for (level = PT_ROOT_LEVEL; level < PT_LEAF_LEVEL; level++) {
			uint64_t e = table[PT_IDX(va, level)];
			if (!(e & PTE_VALID))
				break;
			table = table_of(e);
		}
		if (level < PT_LEAF_LEVEL) {	/* no table here: skip its whole span */
			uintptr_t next = (va & ~(PT_LEVEL_SPAN(level) - 1)) + PT_LEVEL_SPAN(level);
			if (next <= va)
				break;
			va = next;
			continue;
		}
		for (; va < eva; va += PAGE_SIZE) {
			uint64_t *pte = &table[PT_INDEX(va, PT_LEAF_LEVEL)];
			if (pte_mapped(*pte)) {
				uint64_t old = *pte;
				*pte = visit(va, old, arg);
				if (old & PTE_VALID) {
					changed++;
					if (changed <= 32)
						flush_page(pm, va);
				}
			}
			if (PT_INDEX(va, PT_LEAF_LEVEL) == PT_ENTRIES - 1) {
				va += PAGE_SIZE;
				break;
			}
		}
	}
	if (changed > 32 && asid_live(pm))
		tlb_flush_asid(pm->asid);
	dsb_ishst();
	return changed;
}

struct remove_arg { pmap_release_fn release; void *arg; };

static uint64_t remove_visit(uintptr_t va, uint64_t pte, void *p)
{
	(void)va;
	struct remove_arg *ra = p;
	ra->release(pa_to_page(pte & PTE_ADDR), ra->arg);
	return 0;
}

void pmap_remove(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_release_fn release, void *arg)
{
	struct remove_arg ra = { release, arg };
	range_walk(pm, sva, eva, remove_visit, &ra);
}

struct protect_arg { vm_prot_t prot; pmap_prot_fn adjust; void *arg; };

static uint64_t protect_visit(uintptr_t va, uint64_t pte, void *p)
{
	(void)va;
	struct protect_arg *pa = p;
	vm_prot_t prot = pa->adjust ? pa->adjust(pa_to_page(pte & PTE_ADDR), pa->prot, pa->arg) : pa->prot;
	return (pte & PTE_ADDR) | pte_bits(prot);
}

void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg)
{
	struct protect_arg pa = { prot, adjust, arg };
	range_walk(pm, sva, eva, protect_visit, &pa);
}

struct visit_arg { pmap_visit_fn visit; void *arg; };

static uint64_t visit_visit(uintptr_t va, uint64_t pte, void *p)
{
	struct visit_arg *v = p;
	vm_prot_t keep = v->visit(va, pa_to_page(pte & PTE_ADDR), pte_prot(pte), v->arg);
	return (pte & PTE_ADDR) | pte_bits(keep);
}

void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg)
{
	struct visit_arg v = { visit, arg };
	range_walk(pm, sva, eva, visit_visit, &v);
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

uint64_t pmap_table_pages(const struct pmap *pm) { return pm->table_pages; }

void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w)
{
	uint64_t table_pa = pm->root_pa;

	w->root = pm->root_pa;
	w->nlevels = 0;
	for (int level = PT_ROOT_LEVEL; level <= PT_LEAF_LEVEL; level++) {
		uint64_t e = ((uint64_t *)PHYS_TO_KVA(table_pa))[PT_IDX(va, level)];
		w->lv[w->nlevels].level = level;
		w->lv[w->nlevels].index = PT_IDX(va, level);
		w->lv[w->nlevels].table = table_pa;
		w->lv[w->nlevels].entry = e;
		w->nlevels++;
		if (level == PT_LEAF_LEVEL || (e & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE))
			break;
		table_pa = e & PTE_ADDR;
	}
}
