/*
 * A software pmap for the host tests of vm/: it implements vm/pmap.h over a
 * sorted array of (va, page, prot) per address space, and lets the tests
 * look inside and inject failures.
 *
 * Like a real pmap it takes page-table pages from the page allocator
 * (PG_PTABLE): one root per pmap, and one "leaf table" per 2 MiB span that
 * holds a mapping, kept until pmap_destroy as on x86-64.  So when the page
 * allocator runs dry, pmap_enter into a new span fails with -ENOMEM.
 *
 * pmap_lookup reports the rights the hardware would grant: on an arch where
 * ARCH_READ_IMPLIED_BY is non-zero, a page mapped write or exec reads too
 * (x86-64's pmap_lookup reports VM_PROT_READ for every present entry).
 * fake_pmap_get() returns the protection exactly as entered.
 *
 * Contract violations (a misaligned or kernel va, a page that is free or
 * not of a mappable owner, destroying a pmap that still maps pages) panic.
 */
#ifndef FAKE_PMAP_H
#define FAKE_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vm/pmap.h"

/* The next n calls of pmap_enter (any pmap) fail with -ENOMEM. */
void fake_pmap_fail_enter(unsigned n);

/* The mapping at va exactly as entered; false if none. */
bool fake_pmap_get(const struct pmap *pm, uintptr_t va, struct page **pg, vm_prot_t *prot);
/* Number of mappings in [sva, eva) of pm. */
size_t fake_pmap_count(const struct pmap *pm, uintptr_t sva, uintptr_t eva);
/* Mappings of pg in every live pmap. */
unsigned fake_pmap_mappings_of(const struct page *pg);

unsigned fake_pmap_live(void);		/* pmaps created and not destroyed */
struct pmap *fake_pmap_active(void);	/* the last one activated */

/*
 * Check the reference rule of vm/pmap.h over every page: an anonymous page's
 * refs equal its mappings, a shared page's its mappings plus one while it is
 * in an object, no mapped page is free or of another owner.  NULL when it
 * holds, else a description of the first page that breaks it.
 */
const char *fake_pmap_check_refs(void);

#endif
