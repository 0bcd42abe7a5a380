/*
 * The x86-64 pmap: four-level page tables.  vm/ hands us machine-independent
 * protections; only this file knows what a descriptor bit means.
 *
 * The kernel half (PML4 entries 256..511: the direct map and the kernel
 * image) is built once at boot and shared by every address space by
 * copying those PML4 entries; it never changes afterwards.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/pte.h>
#include "arch/x86_64/x86.h"
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/assert.h"
#include "lib/errno.h"
#include "lib/string.h"

struct pmap {
	uint64_t *pml4;			/* kernel virtual address of the root table */
	paddr_t pml4_pa;
	uint64_t table_pages;		/* including the root */
};

static uint64_t *kernel_pml4;
static paddr_t kernel_pml4_pa;
static struct pmap *active_pmap;	/* per CPU once there are several */
static uint64_t pte_nx;			/* PTE_NX when the CPU supports it */

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
	pm->pml4 = page_kva(root);
	pm->pml4_pa = page_to_pa(root);
	pm->table_pages = 1;
	memcpy(pm->pml4 + 256, kernel_pml4 + 256, 256 * sizeof(uint64_t));
	return pm;
}

static inline bool pte_mapped(uint64_t pte) { return pte & (PTE_P | PTE_PROTNONE); }

/* Free the tables below `table` (a level-`level` table), which must map nothing. */
static void free_tables(struct pmap *pm, uint64_t *table, int level)
{
	for (int i = 0; i < PT_ENTRIES; i++) {
		if (level == 1) {
			ASSERT(!pte_mapped(table[i]));
			continue;
		}
		if (!(table[i] & PTE_P))
			continue;
		free_tables(pm, table_of(table[i]), level - 1);
		page_free(pa_to_page(table[i] & PTE_FRAME));
		pm->table_pages--;
	}
}

void pmap_destroy(struct pmap *pm)
{
	for (int i = 0; i < 256; i++) {
		if (!(pm->pml4[i] & PTE_P))
			continue;
		free_tables(pm, table_of(pm->pml4[i]), 3);
		page_free(pa_to_page(pm->pml4[i] & PTE_FRAME));
		pm->table_pages--;
	}
	if (active_pmap == pm)
		pmap_activate(NULL);
	page_free(pa_to_page(pm->pml4_pa));
	kfree(pm);
}

/* The level-1 entry for va, creating missing tables when asked.  Tables above
 * the leaf are always user-accessible and writable: the leaf decides. */
static uint64_t *walk(struct pmap *pm, uintptr_t va, bool create)
{
	uint64_t *table = pm->pml4;

	for (int level = 4; level > 1; level--) {
		uint64_t *e = &table[PT_INDEX(va, level)];
		if (!(*e & PTE_P)) {
			struct page *pg;
			if (!create || !(pg = page_zalloc(PG_PTABLE)))
				return NULL;
			pm->table_pages++;
			*e = page_to_pa(pg) | PTE_P | PTE_RW | PTE_US;
		}
		table = table_of(*e);
	}
	return &table[PT_INDEX(va, 1)];
}

static uint64_t pte_bits(vm_prot_t prot)
{
	uint64_t bits;

	if (prot == VM_PROT_NONE)
		return PTE_PROTNONE;
	bits = PTE_P | PTE_US;
	if (prot & VM_PROT_WRITE)
		bits |= PTE_RW;
	if (!(prot & VM_PROT_EXEC))
		bits |= pte_nx;
	return bits;
}

static vm_prot_t pte_prot(uint64_t pte)
{
	vm_prot_t prot;

	if (!(pte & PTE_P))
		return VM_PROT_NONE;
	prot = VM_PROT_READ;
	if (pte & PTE_RW)
		prot |= VM_PROT_WRITE;
	if (!(pte & PTE_NX))
		prot |= VM_PROT_EXEC;
	return prot;
}

static void flush_page(struct pmap *pm, uintptr_t va)
{
	if (pm == active_pmap)
		invlpg(va);
}

int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot)
{
	uint64_t *pte = walk(pm, va, true), old;

	if (!pte)
		return -ENOMEM;
	old = *pte;
	*pte = page_to_pa(pg) | pte_bits(prot);
	/* A not-present entry is never cached in the TLB: only a replaced one needs a flush. */
	if (old & PTE_P)
		flush_page(pm, va);
	return 0;
}

bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot)
{
	uint64_t *pte = walk(pm, va, false);

	if (!pte || !pte_mapped(*pte))
		return false;
	*pg = pa_to_page(*pte & PTE_FRAME);
	*prot = pte_prot(*pte);
	return true;
}

/*
 * Visit every mapped leaf entry in [sva, eva), skipping absent tables whole.
 * visit() returns the new entry value.
 */
typedef uint64_t (*pte_visit_fn)(uintptr_t va, uint64_t pte, void *arg);

static uint64_t range_walk(struct pmap *pm, uintptr_t sva, uintptr_t eva, pte_visit_fn visit, void *arg)
{
	uint64_t changed = 0;
	uintptr_t va = sva;

	while (va < eva) {
		uint64_t *table = pm->pml4;
		int level;
		for (level = 4; level > 1; level--) {
			uint64_t e = table[PT_INDEX(va, level)];
			if (!(e & PTE_P))
				break;
			table = table_of(e);
		}
		if (level > 1) {		/* no table here: skip its whole span */
			uintptr_t next = (va & ~(PT_LEVEL_SPAN(level) - 1)) + PT_LEVEL_SPAN(level);
			if (next <= va)
				break;
			va = next;
			continue;
		}
		for (; va < eva; va += PAGE_SIZE) {
			uint64_t *pte = &table[PT_INDEX(va, 1)];
			if (pte_mapped(*pte)) {
				uint64_t old = *pte;
				*pte = visit(va, old, arg);
				if (old & PTE_P)
					changed++;
				if (changed <= 32 && (old & PTE_P))
					flush_page(pm, va);
			}
			if (PT_INDEX(va, 1) == PT_ENTRIES - 1) {
				va += PAGE_SIZE;
				break;
			}
		}
	}
	return changed;
}

struct remove_arg { pmap_release_fn release; void *arg; };

static uint64_t remove_visit(uintptr_t va, uint64_t pte, void *p)
{
	(void)va;
	struct remove_arg *ra = p;
	ra->release(pa_to_page(pte & PTE_FRAME), ra->arg);
	return 0;
}

static void flush_if_many(struct pmap *pm, uint64_t changed)
{
	/* Past 32 pages one full flush is cheaper than invlpg each. */
	if (changed > 32 && pm == active_pmap)
		write_cr3(pm->pml4_pa);
}

void pmap_remove(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_release_fn release, void *arg)
{
	struct remove_arg ra = { release, arg };
	flush_if_many(pm, range_walk(pm, sva, eva, remove_visit, &ra));
}

struct protect_arg { vm_prot_t prot; pmap_prot_fn adjust; void *arg; };

static uint64_t protect_visit(uintptr_t va, uint64_t pte, void *p)
{
	(void)va;
	struct protect_arg *pa = p;
	vm_prot_t prot = pa->adjust ? pa->adjust(pa_to_page(pte & PTE_FRAME), pa->prot, pa->arg) : pa->prot;
	return (pte & (PTE_FRAME | PTE_A | PTE_D)) | pte_bits(prot);
}

void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg)
{
	struct protect_arg pa = { prot, adjust, arg };
	flush_if_many(pm, range_walk(pm, sva, eva, protect_visit, &pa));
}

struct visit_arg { pmap_visit_fn visit; void *arg; };

static uint64_t visit_visit(uintptr_t va, uint64_t pte, void *p)
{
	struct visit_arg *v = p;
	vm_prot_t keep = v->visit(va, pa_to_page(pte & PTE_FRAME), pte_prot(pte), v->arg);
	return (pte & (PTE_FRAME | PTE_A | PTE_D)) | pte_bits(keep);
}

void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg)
{
	struct visit_arg v = { visit, arg };
	flush_if_many(pm, range_walk(pm, sva, eva, visit_visit, &v));
}

void pmap_activate(struct pmap *pm)
{
	if (pm == active_pmap)
		return;
	active_pmap = pm;
	write_cr3(pm ? pm->pml4_pa : kernel_pml4_pa);
}

uint64_t pmap_table_pages(const struct pmap *pm) { return pm->table_pages; }

void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w)
{
	uint64_t table_pa = pm->pml4_pa;

	w->root = pm->pml4_pa;
	w->nlevels = 0;
	for (int level = PT_LEVELS; level >= 1; level--) {
		uint64_t e = ((uint64_t *)PHYS_TO_KVA(table_pa))[PT_INDEX(va, level)];
		w->lv[w->nlevels].level = level;
		w->lv[w->nlevels].index = PT_INDEX(va, level);
		w->lv[w->nlevels].table = table_pa;
		w->lv[w->nlevels].entry = e;
		w->nlevels++;
		if (level == 1 || !(e & PTE_P) || (e & PTE_PS))
			break;
		table_pa = e & PTE_FRAME;
	}
}
