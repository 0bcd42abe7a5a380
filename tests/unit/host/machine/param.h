/*
 * Host stand-in for <machine/param.h>, for the unit tests of vm/.
 *
 * Page geometry and the user address range are x86-64's.  "Physical memory"
 * is a page-aligned arena that the test harness mallocs: physical address 0
 * is its first byte (host_phys_base), so the direct map is one addition.
 *
 * ARCH_READ_IMPLIED_BY defaults to x86-64's rule (write and exec imply read);
 * a test binary built with -DARCH_READ_IMPLIED_BY=0 gets the stricter rule
 * the AArch64 port will use.
 */
#ifndef MACHINE_PARAM_H
#define MACHINE_PARAM_H

#include <stdint.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* What one last-level page table covers (fault-around stays inside it). */
#define PMAP_LEAF_TABLE_SPAN	(512 * PAGE_SIZE)

#define USER_TOP	0x00007ffffffff000UL

#ifndef ARCH_READ_IMPLIED_BY
#define ARCH_READ_IMPLIED_BY	(0x2 | 0x4)	/* RPROT_WRITE | RPROT_EXEC */
#endif

/* The stricter rule by default: an exec fault is checked as an exec fault. */
#ifndef ARCH_EXEC_NOT_PRESENT_AS_READ
#define ARCH_EXEC_NOT_PRESENT_AS_READ 0
#endif

typedef uint64_t paddr_t;

extern uintptr_t host_phys_base;
#define PHYS_TO_KVA(pa)	((void *)((uintptr_t)(pa) + host_phys_base))
#define KVA_TO_PHYS(va)	((paddr_t)((uintptr_t)(va) - host_phys_base))


#endif
