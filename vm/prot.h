/*
 * The protection table: what a region's (read, write, exec, shared) allows
 * becomes the protection its pages are first mapped with, sixteen entries as
 * in Linux's protection_map.  Private writable regions map read-only so that
 * the first write faults and gets a page of its own (copy-on-write); the
 * fault handler adds VM_PROT_WRITE when it installs that private page.
 */
#ifndef VM_PROT_H
#define VM_PROT_H

#include <stdbool.h>
#include "vm/pmap.h"

/* A region's protection uses the Linux PROT_* values. */
#define RPROT_READ	0x1u
#define RPROT_WRITE	0x2u
#define RPROT_EXEC	0x4u
#define RPROT_MASK	0x7u
/* An architecture's own protection bit, kept with the region so that
 * regions that differ in it do not merge (arm64: PROT_BTI, 0x10, accepted
 * when the CPU has BTI; see arch_prot_bits()). */
#define RPROT_ARCH	0x10u

extern const vm_prot_t prot_table[16];

static inline unsigned prot_index(unsigned rprot, bool shared) { return (rprot & RPROT_MASK) | (shared ? 8u : 0u); }
/* The table's entry, plus the arch's own bit when the region has it. */
static inline vm_prot_t prot_for_region(unsigned rprot, bool shared)
{
	vm_prot_t prot = prot_table[prot_index(rprot, shared)];
	return prot != VM_PROT_NONE && (rprot & RPROT_ARCH) ? prot | VM_PROT_ARCH : prot;
}
const char *prot_table_name(unsigned index);	/* "__P011", "__S110", ... as Linux names them */

#endif
