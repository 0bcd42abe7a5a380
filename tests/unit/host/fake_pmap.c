/* The software pmap of the vm/ host tests: see fake_pmap.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <machine/param.h>
#include "tests/unit/host/fake_pmap.h"
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/errno.h"

#define SPAN_SHIFT	21		/* one leaf table maps 2 MiB */

struct entry {
	uintptr_t va;
	struct page *pg;
	vm_prot_t prot;
};

struct table {
	uintptr_t span;			/* va >> SPAN_SHIFT */
	struct page *pg;
};

struct pmap {
	struct entry *ent;		/* sorted by va */
	size_t nent, entcap;
	struct table *tab;		/* sorted by span */
	size_t ntab, tabcap;
	struct page *root;
	struct pmap *next_live;
};

static struct pmap *live;
static unsigned nlive;
static struct pmap *active;
static unsigned fail_enters;

static void *grow(void *arr, size_t *cap, size_t elem)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(arr, ncap * elem);

	if (!p)
		panic("fake_pmap: out of host memory");
	*cap = ncap;
	return p;
}

/* Index of the first entry with va >= key. */
static size_t ent_lower(const struct pmap *pm, uintptr_t key)
{
	size_t lo = 0, hi = pm->nent;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pm->ent[mid].va < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t tab_lower(const struct pmap *pm, uintptr_t span)
{
	size_t lo = 0, hi = pm->ntab;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pm->tab[mid].span < span)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct pmap *pmap_create(void)
{
	struct pmap *pm = calloc(1, sizeof(*pm));

	if (!pm)
		return NULL;
	pm->root = page_zalloc(PG_PTABLE);
	if (!pm->root) {
		free(pm);
		return NULL;
	}
	pm->next_live = live;
	live = pm;
	nlive++;
	return pm;
}

void pmap_destroy(struct pmap *pm)
{
	struct pmap **pp;

	ASSERT(pm->nent == 0);
	for (pp = &live; *pp != pm; pp = &(*pp)->next_live)
		ASSERT(*pp);
	*pp = pm->next_live;
	nlive--;
	if (active == pm)
		active = NULL;
	for (size_t i = 0; i < pm->ntab; i++)
		page_free(pm->tab[i].pg);
	page_free(pm->root);
	free(pm->ent);
	free(pm->tab);
	free(pm);
}

static void check_va(uintptr_t va)
{
	ASSERT(!(va & ~PAGE_MASK));
	ASSERT(va < USER_TOP);
}

static void check_page(const struct page *pg)
{
	ASSERT(pg >= page_array && pg < page_array + page_array_len);
	ASSERT(pg->owner == PG_ANON || pg->owner == PG_SHARED || pg->owner == PG_ZERO);
}

/* The leaf table covering va, allocating it if needed; false when out of pages. */
static bool need_table(struct pmap *pm, uintptr_t va)
{
	uintptr_t span = va >> SPAN_SHIFT;
	size_t i = tab_lower(pm, span);
	struct page *pg;

	if (i < pm->ntab && pm->tab[i].span == span)
		return true;
	pg = page_zalloc(PG_PTABLE);
	if (!pg)
		return false;
	if (pm->ntab == pm->tabcap)
		pm->tab = grow(pm->tab, &pm->tabcap, sizeof(*pm->tab));
	memmove(&pm->tab[i + 1], &pm->tab[i], (pm->ntab - i) * sizeof(*pm->tab));
	pm->tab[i] = (struct table){ span, pg };
	pm->ntab++;
	return true;
}

int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot)
{
	size_t i;

	check_va(va);
	check_page(pg);
	ASSERT(!(prot & ~(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)));
	if (fail_enters) {
		fail_enters--;
		return -ENOMEM;
	}
	if (!need_table(pm, va))
		return -ENOMEM;
	i = ent_lower(pm, va);
	if (i < pm->nent && pm->ent[i].va == va) {
		pm->ent[i].pg = pg;
		pm->ent[i].prot = prot;
		return 0;
	}
	if (pm->nent == pm->entcap)
		pm->ent = grow(pm->ent, &pm->entcap, sizeof(*pm->ent));
	memmove(&pm->ent[i + 1], &pm->ent[i], (pm->nent - i) * sizeof(*pm->ent));
	pm->ent[i] = (struct entry){ va, pg, prot };
	pm->nent++;
	return 0;
}

static void keep_page(struct page *pg, void *arg)
{
	(void)pg;
	(void)arg;		/* the mapping's reference moves with it */
}

int pmap_move(struct pmap *pm, uintptr_t from, uintptr_t to)
{
	struct page *pg;
	vm_prot_t prot;
	int err;

	if (!fake_pmap_get(pm, from, &pg, &prot))
		return 0;
	if ((err = pmap_enter(pm, to, pg, prot)) != 0)
		return err;
	pmap_remove(pm, from, from + PAGE_SIZE, keep_page, NULL);
	return 0;
}

void pmap_remove(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_release_fn release, void *arg)
{
	size_t lo = ent_lower(pm, sva), hi = lo;

	while (hi < pm->nent && pm->ent[hi].va < eva)
		hi++;
	if (hi == lo)
		return;
	/* Unlink first, then release: release may free the pages. */
	struct entry *gone = malloc((hi - lo) * sizeof(*gone));
	if (!gone)
		panic("fake_pmap: out of host memory");
	memcpy(gone, &pm->ent[lo], (hi - lo) * sizeof(*gone));
	memmove(&pm->ent[lo], &pm->ent[hi], (pm->nent - hi) * sizeof(*pm->ent));
	pm->nent -= hi - lo;
	for (size_t i = 0; i < hi - lo; i++)
		release(gone[i].pg, arg);
	free(gone);
}

void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg)
{
	ASSERT(!(prot & ~(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)));
	for (size_t i = ent_lower(pm, sva); i < pm->nent && pm->ent[i].va < eva; i++)
		pm->ent[i].prot = adjust ? adjust(pm->ent[i].pg, prot, true, arg) : prot;
}

/* The arch's page copy, on the host. */
void arch_copy_page(void *dst, const void *src) { memcpy(dst, src, PAGE_SIZE); }

/* Nothing to synchronise on the host. */
void pmap_page_written(struct page *pg) { (void)pg; }

/* No dirty state is kept here: every mapping counts as written. */
void pmap_clean(struct pmap *pm, uintptr_t sva, uintptr_t eva)
{
	(void)pm;
	(void)sva;
	(void)eva;
}

void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg)
{
	for (size_t i = ent_lower(pm, sva); i < pm->nent && pm->ent[i].va < eva; i++)
		pm->ent[i].prot = visit(pm->ent[i].va, pm->ent[i].pg, pm->ent[i].prot, arg);
}

bool fake_pmap_get(const struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot)
{
	size_t i = ent_lower(pm, va);

	if (i == pm->nent || pm->ent[i].va != va)
		return false;
	*pg = pm->ent[i].pg;
	*prot = pm->ent[i].prot;
	return true;
}

bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot)
{
	if (!fake_pmap_get(pm, va, pg, prot))
		return false;
	if (*prot & ARCH_READ_IMPLIED_BY)
		*prot |= VM_PROT_READ;
	return true;
}

void pmap_activate(struct pmap *pm) { active = pm; }

uint64_t pmap_table_pages(const struct pmap *pm) { return 1 + pm->ntab; }

void fake_pmap_fail_enter(unsigned n) { fail_enters = n; }

size_t fake_pmap_count(const struct pmap *pm, uintptr_t sva, uintptr_t eva)
{
	size_t n = 0;

	for (size_t i = ent_lower(pm, sva); i < pm->nent && pm->ent[i].va < eva; i++)
		n++;
	return n;
}

unsigned fake_pmap_mappings_of(const struct page *pg)
{
	unsigned n = 0;

	for (const struct pmap *pm = live; pm; pm = pm->next_live)
		for (size_t i = 0; i < pm->nent; i++)
			n += pm->ent[i].pg == pg;
	return n;
}

unsigned fake_pmap_live(void) { return nlive; }
struct pmap *fake_pmap_active(void) { return active; }

const char *fake_pmap_check_refs(void)
{
	static char msg[200];
	unsigned *maps = calloc(page_array_len, sizeof(*maps));
	const char *bad = NULL;

	if (!maps)
		panic("fake_pmap: out of host memory");
	for (const struct pmap *pm = live; pm; pm = pm->next_live)
		for (size_t i = 0; i < pm->nent; i++)
			maps[page_to_pfn(pm->ent[i].pg)]++;
	for (uint64_t pfn = 0; pfn < page_array_len && !bad; pfn++) {
		const struct page *pg = &page_array[pfn];
		uint64_t want;

		switch (pg->owner) {
		case PG_ZERO:
			continue;
		case PG_ANON:
			want = maps[pfn];
			if (want == 0) {
				snprintf(msg, sizeof(msg), "anon page %lu is mapped nowhere (leak)", (unsigned long)pfn);
				bad = msg;
			}
			break;
		case PG_SHARED:
			want = maps[pfn] + (pg->obj != NULL);
			break;
		default:
			if (maps[pfn]) {
				snprintf(msg, sizeof(msg), "page %lu of owner %s is mapped %u times", (unsigned long)pfn,
					 page_owner_name(pg->owner), maps[pfn]);
				bad = msg;
			}
			continue;
		}
		if (!bad && pg->refs != want) {
			snprintf(msg, sizeof(msg), "%s page %lu: refs %u, expected %lu (%u mappings)",
				 page_owner_name(pg->owner), (unsigned long)pfn, pg->refs, (unsigned long)want, maps[pfn]);
			bad = msg;
		}
	}
	free(maps);
	return bad;
}

void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w)
{
	(void)pm;
	(void)va;
	w->root = 0;
	w->nlevels = 0;		/* no tables to show in the software pmap */
}
