/*
 * arm64 memory layout and page geometry.  Included by assembly too.
 *
 * Chosen at build time (make ARCH=arm64 GRANULE=16k VA_BITS=47):
 *   ARM64_PAGE_SHIFT  12 (4 KiB granule, the default) or 14 (16 KiB, Apple's)
 *   ARM64_VA_BITS     48 (the default: four levels with 4 KiB, as Debian's and most
 *                     distributions' kernels) or 39 (three levels, seed 002's walk);
 *                     with 16 KiB: 47 (three levels) or 48
 *
 *   0 .. 2^VA_BITS                             user (TTBR0; Linux's TASK_SIZE)
 *   0xffffff8000000000 ..                      direct map of physical memory (TTBR1)
 *   0xffffffffc0000000 ..                      the kernel image: the last 1 GiB of TTBR1,
 *                                              mapping physical RAM_BASE; the image is
 *                                              linked and loaded at RAM_BASE + 2 MiB
 *
 * QEMU virt puts RAM at 0x40000000 and the device tree at the start of RAM
 * when the kernel's lowest address is at or above RAM_BASE + 1 MiB.
 */
#ifndef MACHINE_PARAM_H
#define MACHINE_PARAM_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif

#ifndef ARM64_PAGE_SHIFT
#define ARM64_PAGE_SHIFT	12
#endif
#ifndef ARM64_VA_BITS
#define ARM64_VA_BITS		48
#endif

#define PAGE_SHIFT	ARM64_PAGE_SHIFT
#define PAGE_SIZE	(_UL(1) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* What one last-level page table covers (fault-around stays inside it):
 * a table is one page of 8-byte descriptors. */
#define PMAP_LEAF_TABLE_SPAN	((PAGE_SIZE / 8) * PAGE_SIZE)

#define VA_BITS		ARM64_VA_BITS
#define USER_TOP	(_UL(1) << VA_BITS)
#define DMAP_BASE	_UL(0xffffff8000000000)
#define KERNEL_BASE	_UL(0xffffffffc0000000)
#define RAM_BASE	_UL(0x40000000)		/* QEMU virt */
#define KERNEL_PHYS	_UL(0x40200000)		/* >= RAM_BASE + 1 MiB: the DTB goes at RAM_BASE */

#define KSTACK_SIZE	(_UL(16) << 10)
#define KSTACK_PAGES	(KSTACK_SIZE / PAGE_SIZE)

#define ARCH_ELF_MACHINE	183	/* EM_AARCH64 */
#define ARCH_UNAME_MACHINE	"aarch64"

/* arm64 descriptors can express write-only and execute-only, but Linux's
 * protection_map on arm64 makes PROT_WRITE and PROT_EXEC readable as well
 * (execute-only needs FEAT_EPAN): the same rule as x86-64 for now. */
#define ARCH_READ_IMPLIED_BY	(0x2 | 0x4)	/* RPROT_WRITE | RPROT_EXEC */

/* Linux on arm64 checks an instruction fetch from a missing page against
 * VM_EXEC directly (do_page_fault's vm_flags = VM_EXEC). */
#define ARCH_EXEC_NOT_PRESENT_AS_READ	0

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint64_t paddr_t;
/* A user pointer without its top-byte tag, as Linux's untagged_addr()
 * (munmap, mprotect, madvise, mremap's old address, mlock, mincore, msync):
 * bits 63:56 cleared when bit 55 is clear; kernel addresses stay. */
#define ARCH_UNTAGGED_ADDR(a)	((uint64_t)(a) & (uint64_t)((int64_t)((uint64_t)(a) << 8) >> 8))
#define PHYS_TO_KVA(pa)	((void *)((uintptr_t)(pa) + DMAP_BASE))
#define KVA_TO_PHYS(va)	((paddr_t)((uintptr_t)(va) - DMAP_BASE))
/* The kernel image is mapped twice: at KERNEL_BASE and in the direct map. */
#define KIMG_TO_PHYS(va) ((paddr_t)((uintptr_t)(va) - KERNEL_BASE + RAM_BASE))
#endif

#endif
