/*
 * The pmap: the machine-dependent half of an address space (page tables).
 * vm/ decides what to map; each arch implements these calls and alone knows
 * descriptor bits.  Protections are machine-independent VM_PROT_* sets.
 *
 * Every mapping of a page other than the zero page holds one reference on
 * it; pmap_remove() hands each removed page back through a callback so that
 * vm/ can drop that reference.
 */
#ifndef VM_PMAP_H
#define VM_PMAP_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned vm_prot_t;
#define VM_PROT_NONE	0u
#define VM_PROT_READ	1u
#define VM_PROT_WRITE	2u
#define VM_PROT_EXEC	4u
#define VM_PROT_ARCH	8u	/* the arch's own page attribute (arm64: BTI guarded page) */

struct page;
struct pmap;

struct pmap *pmap_create(void);		/* NULL when out of memory */
void pmap_destroy(struct pmap *pm);	/* all mappings must be removed first */

/*
 * Map pg at va with prot, replacing whatever was there (the caller has
 * dealt with the old page's reference).  VM_PROT_NONE keeps the page
 * recorded but inaccessible.  Returns 0, or -ENOMEM when a table page
 * could not be allocated.
 */
int pmap_enter(struct pmap *pm, uintptr_t va, struct page *pg, vm_prot_t prot);

typedef void (*pmap_release_fn)(struct page *pg, void *arg);
/* Remove every mapping in [sva, eva), calling release for each page. */
void pmap_remove(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_release_fn release, void *arg);

/* Set the protection of every mapping in [sva, eva) to prot, or to what
 * adjust (if not NULL) makes of prot for that mapping's page; dirty says
 * whether the page was written through this mapping since it was last
 * made clean (pmap_clean), as the hardware's dirty state has it. */
typedef vm_prot_t (*pmap_prot_fn)(struct page *pg, vm_prot_t prot, bool dirty, void *arg);
void pmap_protect(struct pmap *pm, uintptr_t sva, uintptr_t eva, vm_prot_t prot, pmap_prot_fn adjust, void *arg);

/* Mark every mapping in [sva, eva) clean and not accessed (MADV_FREE): the
 * page keeps its place and its rights; the next write makes it dirty again. */
void pmap_clean(struct pmap *pm, uintptr_t sva, uintptr_t eva);

/* Visit every mapping in [sva, eva): visit returns the protection the entry
 * keeps (fork uses this to write-protect while it copies). */
typedef vm_prot_t (*pmap_visit_fn)(uintptr_t va, struct page *pg, vm_prot_t prot, void *arg);
void pmap_visit(struct pmap *pm, uintptr_t sva, uintptr_t eva, pmap_visit_fn visit, void *arg);

/* Move the mapping at from, if any, to to (which maps nothing), keeping the
 * entry as it is (rights, dirty state), as Linux's mremap moves page-table
 * entries.  0, or -ENOMEM when a table page could not be allocated. */
int pmap_move(struct pmap *pm, uintptr_t from, uintptr_t to);

/* The page mapped at va (including VM_PROT_NONE entries) and its protection. */
bool pmap_lookup(struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot);

/* For the fault trace: the walk of va through pm's tables, from the root
 * down to the first entry that does not point to another table. */
#define PMAP_MAX_LEVELS 5
struct pmap_walk {
	uint64_t root;				/* physical address of the root table */
	int nlevels;
	struct {
		int level;			/* the arch's numbering (x86-64: 4 = PML4 .. 1 = PT) */
		unsigned index;
		uint64_t table;			/* physical address of the table */
		uint64_t entry;			/* the descriptor as the hardware reads it */
	} lv[PMAP_MAX_LEVELS];
};
void pmap_walk(struct pmap *pm, uintptr_t va, struct pmap_walk *w);

/* The kernel wrote into pg, which may be mapped executable already (exec's
 * loading of a program's segments): make instruction fetch see it. */
void pmap_page_written(struct page *pg);

/* Make pm the current address space of this CPU. */
void pmap_activate(struct pmap *pm);

/* Table pages in use by pm (for accounting and tests). */
uint64_t pmap_table_pages(const struct pmap *pm);

#endif
