/*
 * What vm/pmap.c's table walk needs from x86-64: the address space's
 * record, the four levels (depth 0 = PML4 .. 3 = PT) and what an entry's
 * bits mean.  Only this header and arch/x86_64/pmap.c know descriptor bits.
 */
#ifndef MACHINE_PMAP_H
#define MACHINE_PMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/param.h>
#include <machine/pte.h>
#include "vm/pmap.h"

struct pmap {
	uint64_t *root;			/* kernel virtual address of the PML4 */
	paddr_t root_pa;
	uint64_t table_pages;		/* including the root */
};

#define PT_DEPTHS		PT_LEVELS
/* PML4 entries 256..511 are the kernel half, shared by every address space. */
#define PT_ROOT_USER_ENTRIES	256

static inline unsigned pt_index(uintptr_t va, int depth) { return PT_INDEX(va, PT_LEVELS - depth); }
static inline uint64_t pt_span(int depth) { return PT_LEVEL_SPAN(PT_LEVELS - depth); }
static inline int pt_level(int depth) { return PT_LEVELS - depth; }	/* 4 = PML4 .. 1 = PT */
/* An entry above the leaf that points to a table (user space has no large pages). */
static inline bool pt_is_table(uint64_t e) { return (e & (PTE_P | PTE_PS)) == PTE_P; }
/* Tables above the leaf are always user-accessible and writable: the leaf decides. */
static inline uint64_t pt_table_entry(paddr_t pa) { return pa | PTE_P | PTE_RW | PTE_US; }

static inline bool pte_mapped(uint64_t pte) { return pte & (PTE_P | PTE_PROTNONE); }
static inline bool pte_in_tlb(uint64_t pte) { return pte & PTE_P; }	/* only present entries are cached */
static inline paddr_t pte_pa(uint64_t pte) { return pte & PTE_FRAME; }
static inline bool pte_dirty(uint64_t pte) { return pte & PTE_D; }
/* MADV_FREE: the hardware sets A and D again on the next access. */
static inline uint64_t pte_clean(uint64_t pte) { return pte & ~(PTE_A | PTE_D); }
/* The "old" entry pmap_enter builds from: none (the CPU sets A and D). */
#define PTE_NEW		0ull

extern uint64_t pte_nx;			/* PTE_NX when the CPU supports it */

/* A leaf for pa with prot, keeping the accessed and dirty bits of old. */
static inline uint64_t pte_make(paddr_t pa, vm_prot_t prot, uint64_t old)
{
	uint64_t bits;

	if (prot == VM_PROT_NONE)
		bits = PTE_PROTNONE;
	else
		bits = PTE_P | PTE_US | (prot & VM_PROT_WRITE ? PTE_RW : 0) | (prot & VM_PROT_EXEC ? 0 : pte_nx);
	return pa | (old & (PTE_A | PTE_D)) | bits;
}

static inline vm_prot_t pte_prot(uint64_t pte)
{
	if (!(pte & PTE_P))
		return VM_PROT_NONE;
	return VM_PROT_READ | (pte & PTE_RW ? VM_PROT_WRITE : 0) | (pte & PTE_NX ? 0 : VM_PROT_EXEC);
}

/* x86 keeps instruction fetch coherent and orders table writes itself. */
static inline void pmap_md_prepare_page(struct page *pg, vm_prot_t prot) { (void)pg; (void)prot; }
static inline void pmap_md_sync(void) {}

/* arch/x86_64/pmap.c */
void pmap_md_init(struct pmap *pm);		/* share the kernel half */
void pmap_md_fini(struct pmap *pm);		/* stop using it if it is active */
void pmap_md_flush_page(struct pmap *pm, uintptr_t va);
void pmap_md_flush_all(struct pmap *pm);

#endif
