/*
 * x86-64 page-table entries (4 KiB pages, 4 levels):
 *
 *   47      39 38      30 29      21 20      12 11         0
 *  | PML4 idx | PDPT idx |  PD idx  |  PT idx  |   offset   |
 *
 *  entry bits: 0 P  1 RW  2 US  3 PWT  4 PCD  5 A  6 D  7 PS  8 G
 *              9-11 free for software  12-51 frame  63 NX
 */
#ifndef MACHINE_PTE_H
#define MACHINE_PTE_H

#include <stdint.h>

#define PTE_P		(1ull << 0)
#define PTE_RW		(1ull << 1)
#define PTE_US		(1ull << 2)
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define PTE_A		(1ull << 5)
#define PTE_D		(1ull << 6)
#define PTE_PS		(1ull << 7)
#define PTE_G		(1ull << 8)
#define PTE_PROTNONE	(1ull << 9)	/* software: page kept, P clear (PROT_NONE) */
#define PTE_NX		(1ull << 63)
#define PTE_FRAME	0x000ffffffffff000ull

#define PT_LEVELS	4
#define PT_ENTRIES	512
#define PT_INDEX(va, level)	(((va) >> (12 + 9 * ((level) - 1))) & 0x1ff)	/* level 4 = PML4 .. 1 = PT */
#define PT_LEVEL_SPAN(level)	(1ull << (12 + 9 * ((level) - 1)))

/* Page-fault error code bits. */
#define PF_P		(1u << 0)	/* protection violation (else not present) */
#define PF_W		(1u << 1)
#define PF_U		(1u << 2)
#define PF_RSVD		(1u << 3)
#define PF_I		(1u << 4)	/* instruction fetch */
#define PF_PK		(1u << 5)
#define PF_SS		(1u << 6)

#endif
