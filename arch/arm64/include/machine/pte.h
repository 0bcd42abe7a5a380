/*
 * arm64 translation table descriptors.  A table is one page of 8-byte
 * descriptors, so each level resolves PAGE_SHIFT - 3 bits of the address
 * (9 with the 4 KiB granule, 11 with 16 KiB); the last level (3) maps
 * pages, and the root is the level that covers VA_BITS.  4 KiB, 39 bits:
 *
 *   38      30 29      21 20      12 11         0
 *  |  L1 idx  |  L2 idx  |  L3 idx  |   offset   |
 *
 *  Table levels: bits[1:0] 0b11 table (next-level address in [47:PAGE_SHIFT])
 *          or 0b01 block (4 KiB: 1 GiB at L1, 2 MiB at L2; 16 KiB: 32 MiB at L2);
 *          L3: 0b11 page.
 *  block/page bits: [4:2] AttrIndx (MAIR slot)  6 AP[1] (EL0 access)  7 AP[2] (read-only)
 *          [9:8] SH  10 AF  11 nG  51 DBM  53 PXN  54 UXN  [58:55] free for software
 *
 *  Levels are numbered as the architecture does: 0 .. 3, 3 = pages.
 */
#ifndef MACHINE_PTE_H
#define MACHINE_PTE_H

#include <machine/param.h>

#ifdef __ASSEMBLER__
#define _ULL(x) x
#else
#define _ULL(x) x##ull
#endif

#define PTE_VALID	(_ULL(1) << 0)
#define PTE_TABLE	(_ULL(1) << 1)	/* L1/L2: table, not block; L3: must be set (page) */
#define PTE_PAGE	(PTE_VALID | PTE_TABLE)
#define PTE_BLOCK	PTE_VALID
#define PTE_ATTR(i)	((i) << 2)
#define PTE_AP_EL0	(_ULL(1) << 6)	/* AP[1]: EL0 may access */
#define PTE_AP_RO	(_ULL(1) << 7)	/* AP[2]: read-only */
#define PTE_SH_INNER	(_ULL(3) << 8)
#define PTE_AF		(_ULL(1) << 10)
#define PTE_NG		(_ULL(1) << 11)
#define PTE_GP		(_ULL(1) << 50)	/* guarded page: indirect branches must land on BTI */
#define PTE_DBM		(_ULL(1) << 51)
#define PTE_PXN		(_ULL(1) << 53)
#define PTE_UXN		(_ULL(1) << 54)
#define PTE_SW_PROTNONE	(_ULL(1) << 58)	/* software: page kept, VALID clear (PROT_NONE) */
#define PTE_SW_DIRTY	(_ULL(1) << 55)	/* software: written, while not writable (Linux's PTE_DIRTY) */
#define PTE_ADDR	(_ULL(0x0000fffffffff000) & ~((_ULL(1) << PAGE_SHIFT) - 1))

/* MAIR_EL1 slots (boot.S programs MAIR_VALUE). */
#define MT_DEVICE_nGnRnE	0	/* 0x00 */
#define MT_NORMAL		1	/* 0xff: write-back, read/write-allocate */
#define MT_NORMAL_NC		2	/* 0x44: non-cacheable */
#define MAIR_VALUE		0x44ff00

#define PT_BITS		(PAGE_SHIFT - 3)		/* address bits per level */
#define PT_ENTRIES	(1 << PT_BITS)
#define PT_LEAF_LEVEL	3
#define PT_SHIFT(level)	(PAGE_SHIFT + PT_BITS * (PT_LEAF_LEVEL - (level)))
#define PT_LEVELS	((VA_BITS - PAGE_SHIFT + PT_BITS - 1) / PT_BITS)
#define PT_ROOT_LEVEL	(PT_LEAF_LEVEL + 1 - PT_LEVELS)
#define PT_INDEX(va, level)	(((va) >> PT_SHIFT(level)) & (PT_ENTRIES - 1))
#define PT_LEVEL_SPAN(level)	(_ULL(1) << PT_SHIFT(level))
/* The root may use only part of its table (16 KiB, 48 bits: 2 entries);
 * a TTBR1 address's bits above VA_BITS are ones, so mask them off. */
#define PT_ROOT_INDEX(va)	(((va) >> PT_SHIFT(PT_ROOT_LEVEL)) & ((_ULL(1) << (VA_BITS - PT_SHIFT(PT_ROOT_LEVEL))) - 1))
#define PT_IDX(va, level)	((level) == PT_ROOT_LEVEL ? PT_ROOT_INDEX(va) : PT_INDEX(va, level))
/* The level whose blocks the kernel's direct map uses: 2 MiB or 32 MiB. */
#define PT_BLOCK_LEVEL	2
/* Translation control for this geometry: T0SZ/T1SZ, and the granule fields
 * (TG0: 0 = 4 KiB, 2 = 16 KiB; TG1: 2 = 4 KiB, 1 = 16 KiB). */
#define TCR_TSZ		(64 - VA_BITS)
#if PAGE_SHIFT == 12
#define TCR_TG		((_ULL(0) << 14) | (_ULL(2) << 30))
#elif PAGE_SHIFT == 14
#define TCR_TG		((_ULL(2) << 14) | (_ULL(1) << 30))
#else
#error "arm64: the granule must be 4 KiB or 16 KiB"
#endif

/* Kernel mappings: normal memory and device registers, never for EL0. */
#define PTE_KERN_NORMAL	(PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL) | PTE_UXN)
#define PTE_KERN_DEVICE	(PTE_AF | PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_PXN | PTE_UXN)

/* ESR_EL1: exception class in [31:26], IL 25, ISS [24:0]. */
#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)	((esr) & 0x1ffffff)
#define EC_UNKNOWN	0x00
#define EC_WFX		0x01
#define EC_FPSIMD	0x07
#define EC_BTI		0x0d
#define EC_ILLEGAL	0x0e
#define EC_SVC64	0x15
#define EC_SYS64	0x18
#define EC_SVE		0x19
#define EC_PAC		0x1c
#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_PC_ALIGN	0x22
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25
#define EC_SP_ALIGN	0x26
#define EC_FP64		0x2c
#define EC_SERROR	0x2f
#define EC_BRK_LOW	0x30
#define EC_BRK_CUR	0x31
#define EC_SS_LOW	0x32
#define EC_SS_CUR	0x33
#define EC_WATCH_LOW	0x34
#define EC_WATCH_CUR	0x35
#define EC_BRK64	0x3c
/* Data/instruction abort ISS. */
#define ISS_WNR		(1u << 6)	/* write, not read */
#define ISS_FNV		(1u << 10)	/* FAR not valid */
#define ISS_FSC(iss)	((iss) & 0x3f)	/* fault status code: type in [5:2], level in [1:0] */
#define FSC_ADDR_SIZE	0x00		/* + level */
#define FSC_TRANSLATION	0x04		/* + level: not present */
#define FSC_ACCESS	0x08		/* + level: access flag */
#define FSC_PERM	0x0c		/* + level: permission */

#endif
