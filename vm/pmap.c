/*
 * The machine-independent half of the pmap: the walk of a multi-level
 * radix table of page-table entries, which every architecture here shares
 * (x86-64's four levels, arm64's three or four of 4 KiB or 16 KiB tables).
 * What an entry's bits mean, how the TLB is kept right and how an address
 * space is switched to are the arch's (machine/pmap.h and arch/ pmap.c);
 * what to map is vm/'s.  Depth 0 is the root table; depth PT_DEPTHS - 1
 * holds the leaf entries that map pages.
 */
#include <machine/param.h>
#include <machine/pmap.h>
#include "vm/kmem.h"
#include "vm/page.h"
#include "vm/pmap.h"
#include "lib/assert.h"
#include "lib/errno.h"

#define LEAF_DEPTH	(PT_DEPTHS - 1)

static inline uint64_t *table_kva(uint64_t entry) { return PHYS_TO_KVA(pte_pa(entry)); }

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
	pmap_md_init(pm);
	return pm;
}

/* Free the tables below `table` (at depth), which must map nothing. */
static void free_tables(struct pmap *pm, uint64_t *table, int depth, unsigned nentries)
{
	for (unsigned i = 0; i < nentries; i++) {
		if (depth == LEAF_DEPTH) {
			ASSERT(!pte_mapped(table[i]));
			continue;
		}
		if (!pt_is_table(table[i]))
			continue;
		free_tables(pm, table_kva(table[i]), depth + 1, PT_ENTRIES);
		page_free(pa_to_page(pte_pa(table[i])));
		pm->table_pages--;
	}
}

void pmap_destroy(struct pmap *pm)
{
	pmap_md_fini(pm);
	free_tables(pm, pm->root, 0, PT_ROOT_USER_ENTRIES);
	page_free(pa_to_page(pm->root_pa));
	kfree(pm);
}

/* The leaf entry for va, creating missing tables when asked. */
static uint64_t *walk(struct pmap *pm, uintptr_t va, bool create)
{
	uint64_t *table = pm->root;

	for (int depth = 0; depth < LEAF_DEPTH; depth++) {
		uint64_t *e = &table[pt_index(va, depth)];
		if (!pt_is_table(*e)) {
			struct page *pg;
			if (!create || !(pg = page_zalloc(PG_PTABLE)))
				return NULL;
			pm->table_pages++;
			pmap_md_sync();		/* the zeroed table before the entry that points to it */
			*e = pt_table_entry(page_to_pa(pg));
		}
		table = table_kva(*e);
	}
	return &table[pt_index(va, LEAF_DEPTH)];
}

int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot)
{
	uint64_t *pte = walk(pm, va, true), old;

	if (!pte)
		return -ENOMEM;
	pmap_md_prepare_page(pg, prot);
	old = *pte;
	*pte = pte_make(page_to_pa(pg), prot, PTE_NEW);	/* written (if writable) and accessed */
	/* An entry the TLB cannot hold needs no flush, only to be seen. */
	if (pte_in_tlb(old))
		pmap_md_flush_page(pm, va);
	else
		pmap_md_sync();
	return 0;
}

int pmap_move(struct pmap *pm, uintptr_t from, uintptr_t to)
{
	uint64_t *src = walk(pm, from, false), *dst, e;

	if (!src || !pte_mapped(*src))
		return 0;
	if (!(dst = walk(pm, to, true)))
		return -ENOMEM;
	src = walk(pm, from, false);	/* a new table may not move it, but be plain */
	e = *src;
	*src = 0;
	if (pte_in_tlb(e))
		pmap_md_flush_page(pm, from);
	*dst = e;
	pmap_md_sync();
	return 0;
}

bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot)
{
	uint64_t *pte = walk(pm, va, false);

	if (!pte || !pte_mapped(*pte))
		return false;
	*pg = pa_to_page(pte_pa(*pte));
	*prot = pte_prot(*pte);
	return true;
}

/*
 * Visit every mapped leaf entry in [sva, eva), skipping absent tables whole;
 * visit() returns the new entry.  Up to 32 changed entries that the TLB may
 * hold are flushed one by one; past that, one flush of the address space is
 * cheaper.
 */
typedef uint64_t (*pte_visit_fn)(uintptr_t va, uint64_t pte, void *arg);

#define FLUSH_ONE_BY_ONE 32

static void range_walk(struct pmap *pm, uintptr_t sva, uintptr_t eva, pte_visit_fn visit, void *arg)
{
	uint64_t changed = 0;
	uintptr_t va = sva;

	while (va < eva) {
		uint64_t *table = pm->root;
		int depth;
		for (depth = 0; depth < LEAF_DEPTH; depth++) {
			uint64_t e = table[pt_index(va, depth)];
			if (!pt_is_table(e))
				break;
			table = table_kva(e);
		}
		if (depth < LEAF_DEPTH) {	/* no table here: skip its whole span */
			uintptr_t next = (va & ~(pt_span(depth) - 1)) + pt_span(depth);
			if (next <= va)
				break;
			va = next;
			continue;
		}
		for (; va < eva; va += PAGE_SIZE) {
			uint64_t *pte = &table[pt_index(va, LEAF_DEPTH)];
			if (pte_mapped(*pte)) {
				uint64_t old = *pte;
				*pte = visit(va, old, arg);
				if (pte_in_tlb(old) && ++changed <= FLUSH_ONE_BY_ONE)
					pmap_md_flush_page(pm, va);
			}
			if (pt_index(va, LEAF_DEPTH) == PT_ENTRIES - 1) {
				va += PAGE_SIZE;
				break;
			}
		}
	}
	if (changed > FLUSH_ONE_BY_ONE)
		pmap_md_flush_all(pm);
	pmap_md_sync();
}

struct remove_arg { pmap_release_fn release; void *arg; };

static uint64_t remove_visit(uintptr_t va, uint64_t pte, void *p)
{
	(void)va;
	struct remove_arg *ra = p;
	ra->release(pa_to_page(pte_pa(pte)), ra->arg);
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
	vm_prot_t prot = pa->adjust ? pa->adjust(pa_to_page(pte_pa(pte)), pa->prot, pte_dirty(pte), pa->arg) : pa->prot;
	return pte_make(pte_pa(pte), prot, pte);
}

void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg)
{
	struct protect_arg pa = { prot, adjust, arg };
	range_walk(pm, sva, eva, protect_visit, &pa);
}

static uint64_t clean_visit(uintptr_t va, uint64_t pte, void *arg)
{
	(void)va;
	(void)arg;
	return pte_clean(pte);
}

void pmap_clean(struct pmap *pm, uintptr_t sva, uintptr_t eva)
{
	range_walk(pm, sva, eva, clean_visit, NULL);
}

struct visit_arg { pmap_visit_fn visit; void *arg; };

static uint64_t visit_visit(uintptr_t va, uint64_t pte, void *p)
{
	struct visit_arg *v = p;
	vm_prot_t keep = v->visit(va, pa_to_page(pte_pa(pte)), pte_prot(pte), v->arg);
	return pte_make(pte_pa(pte), keep, pte);
}

void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg)
{
	struct visit_arg v = { visit, arg };
	range_walk(pm, sva, eva, visit_visit, &v);
}

uint64_t pmap_table_pages(const struct pmap *pm) { return pm->table_pages; }

void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w)
{
	uint64_t table_pa = pm->root_pa;

	w->root = pm->root_pa;
	w->nlevels = 0;
	for (int depth = 0; depth <= LEAF_DEPTH; depth++) {
		uint64_t e = ((uint64_t *)PHYS_TO_KVA(table_pa))[pt_index(va, depth)];
		w->lv[w->nlevels].level = pt_level(depth);
		w->lv[w->nlevels].index = pt_index(va, depth);
		w->lv[w->nlevels].table = table_pa;
		w->lv[w->nlevels].entry = e;
		w->nlevels++;
		if (depth == LEAF_DEPTH || !pt_is_table(e))
			break;
		table_pa = pte_pa(e);
	}
}
