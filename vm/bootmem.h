/*
 * Boot-time physical memory, before the page allocator exists: the RAM
 * ranges the firmware reported, the ranges nothing may be handed out from
 * (firmware data, the kernel image, the initramfs, the device tree), and a
 * bump allocator for the early page tables and the page array.
 *
 * The architecture's arch_main reports RAM and reservations, starts the bump
 * allocator after the kernel image, builds its page tables from it, and then
 * calls bootmem_hand_over(), which builds the page array from the same bump
 * allocator and frees what is left of RAM into vm/page.c.
 */
#ifndef VM_BOOTMEM_H
#define VM_BOOTMEM_H

#include <stdbool.h>
#include <machine/param.h>

/* [start, end) is usable RAM; rounded inward to pages.  Returns false when
 * the table is full (the range is then ignored). */
bool bootmem_add_ram(paddr_t start, paddr_t end);
/* [start, end) must never be allocated; rounded outward to pages. */
void bootmem_reserve(paddr_t start, paddr_t end);
/* The end of the highest RAM range (0 when none was reported). */
paddr_t bootmem_ram_end(void);

/* Early pages come from [first, limit), skipping reservations, in ascending
 * order: limit is where the boot page tables stop mapping. */
void bootmem_start_allocator(paddr_t first, paddr_t limit);
paddr_t bootmem_alloc_page(void);

/* Build the page array for [0, bootmem_ram_end()) and free all RAM except
 * the reservations and what the bump allocator handed out. */
void bootmem_hand_over(void);

#endif
