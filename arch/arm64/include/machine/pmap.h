/*
 * What vm/pmap.c's table walk needs from arm64: the address space's record
 * (with its ASID), the levels (depth 0 = the root, L0 or L1, down to L3)
 * and what a descriptor's bits mean.  Only this header and
 * arch/arm64/pmap.c know descriptor bits.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/pte.h>
#include "vm/pmap.h"

struct pmap {
	uint64_t *root;			/* kernel virtual address of the root table */
	paddr_t root_pa;
	uint64_t table_pages;		/* including the root */
	uint64_t asid_gen;		/* the generation its asid belongs to (0: none yet) */
	uint16_t asid;
};

#define PT_DEPTHS		PT_LEVELS
#define PT_ROOT_USER_ENTRIES	PT_ENTRIES	/* TTBR0's root is all user */

static inline unsigned pt_index(uintptr_t va, int depth) { return PT_IDX(va, PT_ROOT_LEVEL + depth); }
static inline uint64_t pt_span(int depth) { return PT_LEVEL_SPAN(PT_ROOT_LEVEL + depth); }
static inline int pt_level(int depth) { return PT_ROOT_LEVEL + depth; }
/* bits[1:0] = 0b11 above the leaf: a table (0b01 would be a block: never for user space). */
static inline bool pt_is_table(uint64_t e) { return (e & (PTE_VALID | PTE_TABLE)) == (PTE_VALID | PTE_TABLE); }
static inline uint64_t pt_table_entry(paddr_t pa) { return pa | PTE_TABLE | PTE_VALID; }

static inline bool pte_mapped(uint64_t pte) { return pte & (PTE_VALID | PTE_SW_PROTNONE); }
static inline bool pte_in_tlb(uint64_t pte) { return pte & PTE_VALID; }
static inline paddr_t pte_pa(uint64_t pte) { return pte & PTE_ADDR; }

/*
 * Dirty state, as Linux keeps it on arm64: a writable page is mapped with
 * DBM (dirty bit modifier); written, it is read/write (AP[2] clear); clean,
 * it is read-only with DBM, and the first write makes it read/write again:
 * in hardware when TCR_EL1.HD is on, else through a permission fault.  A
 * page made read-only keeps a dirty page's state in a software bit.
 */
static inline bool pte_dirty(uint64_t pte)
{
	return (pte & PTE_SW_DIRTY) || ((pte & (PTE_VALID | PTE_DBM | PTE_AP_RO)) == (PTE_VALID | PTE_DBM));
}
static inline uint64_t pte_clean(uint64_t pte)
{
	pte &= ~PTE_SW_DIRTY;
	return (pte & PTE_DBM) ? pte | PTE_AP_RO : pte;
}
/* The "old" entry pmap_enter builds from: a new writable page is dirty
 * (Linux maps the page of a write fault dirty). */
#define PTE_NEW		PTE_SW_DIRTY

/*
 * A user page: normal write-back memory, inner shareable, not global (its
 * TLB entries carry the ASID), accessed flag set from the start (so no
 * access-flag faults, as Linux with hardware AF management), never
 * executable by the kernel.  AP[1] opens it to EL0; AP[2] makes it
 * read-only; UXN forbids user execution.  old's dirty state is kept.
 */
static inline uint64_t pte_make(paddr_t pa, vm_prot_t prot, uint64_t old)
{
	uint64_t bits;
	bool dirty = pte_dirty(old);

	if (prot == VM_PROT_NONE)
		return pa | PTE_SW_PROTNONE | (dirty ? PTE_SW_DIRTY : 0);
	bits = PTE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | PTE_NG | PTE_AP_EL0 | PTE_PXN;
	if (prot & VM_PROT_WRITE)
		bits |= PTE_DBM | (dirty ? 0 : PTE_AP_RO);
	else
		bits |= PTE_AP_RO | (dirty ? PTE_SW_DIRTY : 0);
	if (!(prot & VM_PROT_EXEC))
		bits |= PTE_UXN;
	if (prot & VM_PROT_ARCH)
		bits |= PTE_GP;		/* PROT_BTI */
	return pa | bits;
}

static inline vm_prot_t pte_prot(uint64_t pte)
{
	bool writable = !(pte & PTE_AP_RO) || (pte & PTE_DBM);	/* clean but writable counts */

	if (!(pte & PTE_VALID))
		return VM_PROT_NONE;
	return VM_PROT_READ | (writable ? VM_PROT_WRITE : 0) | (pte & PTE_UXN ? 0 : VM_PROT_EXEC) |
	       (pte & PTE_GP ? VM_PROT_ARCH : 0);
}

/* Table and entry writes must reach the table walker before they are used. */
static inline void pmap_md_sync(void) { dsb_ishst(); }

/* arch/arm64/pmap.c */
void pmap_md_prepare_page(struct page *pg, vm_prot_t prot);	/* the instruction cache */
void pmap_md_init(struct pmap *pm);
void pmap_md_fini(struct pmap *pm);
void pmap_md_flush_page(struct pmap *pm, uintptr_t va);
void pmap_md_flush_all(struct pmap *pm);

#endif
