/*
 * x86-64 memory layout and page geometry.  Included by assembly too, so
 * constants go through _UL() instead of carrying a UL suffix.
 *
 *   0x0000000000000000 .. 0x00007ffffffff000   user (TASK_SIZE as on Linux)
 *   0xffff800000000000 ..                      direct map of all physical memory
 *   0xffffffff80000000 ..                      the kernel image (linked here, loaded at 1 MiB)
 */
#ifndef MACHINE_PARAM_H
#define MACHINE_PARAM_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

#define PAGE_SHIFT	12
#define PAGE_SIZE	(_UL(1) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* What one last-level page table covers (fault-around stays inside it). */
#define PMAP_LEAF_TABLE_SPAN	(512 * PAGE_SIZE)

#define USER_TOP	_UL(0x00007ffffffff000)
#define DMAP_BASE	_UL(0xffff800000000000)
#define KERNEL_BASE	_UL(0xffffffff80000000)
#define KERNEL_PHYS	_UL(0x100000)

#define KSTACK_PAGES	4
#define KSTACK_SIZE	(KSTACK_PAGES * PAGE_SIZE)

/* ELF machine number user programs must carry, and Linux's uname -m. */
#define ARCH_ELF_MACHINE	62	/* EM_X86_64 */
#define ARCH_UNAME_MACHINE	"x86_64"

/* Region rights that let a read through as well: x86-64 page tables cannot
 * make a page writable or executable without making it readable. */
#define ARCH_READ_IMPLIED_BY	(0x2 | 0x4)	/* RPROT_WRITE | RPROT_EXEC */

/* Linux on x86-64 checks an instruction fetch from a page that is not
 * present like a read (access_error() looks at X86_PF_INSTR only once the
 * page is there): the page is mapped, and the retried fetch then fails with
 * SEGV_ACCERR.  The first fault counts as a minor fault. */
#define ARCH_EXEC_NOT_PRESENT_AS_READ	1

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint64_t paddr_t;
/* x86-64 pointers carry no tags (LAM is off unless a program asks). */
#define ARCH_UNTAGGED_ADDR(a)	((uint64_t)(a))
#define PHYS_TO_KVA(pa)	((void *)((uintptr_t)(pa) + DMAP_BASE))
#define KVA_TO_PHYS(va)	((paddr_t)((uintptr_t)(va) - DMAP_BASE))
/* The kernel image is mapped twice: at KERNEL_BASE and in the direct map. */
#define KIMG_TO_PHYS(va) ((paddr_t)((uintptr_t)(va) - KERNEL_BASE))
#endif

#endif
