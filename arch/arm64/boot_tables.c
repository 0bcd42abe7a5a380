/*
 * The boot page tables, built by boot.S's call to boot_tables_build() while
 * the MMU is still off.  This file runs at the image's physical address:
 * it reaches its globals PC-relatively (adrp), so every address it takes
 * is physical, which is what the tables need; it must not touch anything
 * through a stored pointer or call into the rest of the kernel, and it is
 * built with -mstrict-align (with the MMU off, memory is Device memory,
 * where an unaligned access faults).
 *
 * The tables map, in blocks of 1 GiB (4 KiB granule) or 32 MiB (16 KiB):
 *   TTBR0: RAM_BASE .. +1 GiB at its own address, to survive turning the MMU on
 *   TTBR1: DMAP_BASE + 0 .. +1 GiB     devices (PL011, GIC)
 *          DMAP_BASE + RAM_BASE ..     the first GiB of RAM: the start of the direct map
 *          KERNEL_BASE .. +1 GiB       the image, linked there, loaded at RAM_BASE + 2 MiB
 * arm64_pmap_bootstrap() replaces them with the final tables.
 */
#include <stdint.h>
#include <machine/param.h>
#include <machine/pte.h>

#if PAGE_SHIFT == 12
#define BOOT_BLOCK_LEVEL	1	/* 1 GiB blocks */
#else
#define BOOT_BLOCK_LEVEL	2	/* 32 MiB blocks (16 KiB granule: no level-1 blocks) */
#endif
#define BOOT_BLOCK_SIZE		PT_LEVEL_SPAN(BOOT_BLOCK_LEVEL)
#define BOOT_MAX_TABLES		8	/* 2 roots and, at most, 5 below them (16 KiB, 48 bits) */
#define GIB			(_UL(1) << 30)

#define BLOCK_NORMAL	(PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL))
#define BLOCK_DEVICE	(PTE_BLOCK | PTE_AF | PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_PXN | PTE_UXN)

static uint64_t boot_tables[BOOT_MAX_TABLES][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned boot_tables_used;

static uint64_t *boot_table(void)
{
	if (boot_tables_used == BOOT_MAX_TABLES)
		for (;;)
			__asm__ volatile("wfi");	/* cannot happen: the layout is fixed */
	return boot_tables[boot_tables_used++];	/* .bss: already zero */
}

static void map_range(uint64_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	for (uint64_t off = 0; off < size; off += BOOT_BLOCK_SIZE) {
		uint64_t *t = root;
		for (int level = PT_ROOT_LEVEL; level < BOOT_BLOCK_LEVEL; level++) {
			uint64_t *e = &t[PT_IDX(va + off, level)];
			if (!(*e & PTE_VALID))
				*e = (uint64_t)(uintptr_t)boot_table() | PTE_TABLE | PTE_VALID;
			t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
		}
		t[PT_IDX(va + off, BOOT_BLOCK_LEVEL)] = (pa + off) | attrs;
	}
}

/* Returns TTBR0's root; *ttbr1 gets TTBR1's.  Both physical. */
uint64_t boot_tables_build(uint64_t *ttbr1)
{
	uint64_t *root0 = boot_table(), *root1 = boot_table();

	map_range(root0, RAM_BASE, RAM_BASE, GIB, BLOCK_NORMAL);
	map_range(root1, DMAP_BASE, 0, GIB, BLOCK_DEVICE);
	map_range(root1, DMAP_BASE + RAM_BASE, RAM_BASE, GIB, BLOCK_NORMAL);
	map_range(root1, KERNEL_BASE, RAM_BASE, GIB, BLOCK_NORMAL);
	*ttbr1 = (uint64_t)(uintptr_t)root1;
	return (uint64_t)(uintptr_t)root0;
}
