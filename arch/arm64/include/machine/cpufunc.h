/* Thin wrappers over arm64 instructions and system registers. */
#ifndef MACHINE_CPUFUNC_H
#define MACHINE_CPUFUNC_H

#include <stdint.h>

#define READ_SYSREG(r) ({ uint64_t _v; __asm__ volatile("mrs %0, " #r : "=r"(_v)); _v; })
#define WRITE_SYSREG(r, v) __asm__ volatile("msr " #r ", %0" :: "r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void cpu_wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("msr daifset, #0xf" ::: "memory"); }

/* Invalidate all stage-1 EL1&0 TLB entries of this CPU's inner-shareable domain. */
static inline void tlb_flush_all(void)
{
	__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" ::: "memory");
}

/* Invalidate one page of va in every ASID. */
static inline void tlb_flush_va(uintptr_t va)
{
	__asm__ volatile("dsb ishst; tlbi vaae1is, %0; dsb ish; isb" :: "r"((va >> 12) & 0xfffffffffffull) : "memory");
}

/* Invalidate one page of va in one ASID (user mappings are not global). */
static inline void tlb_flush_va_asid(uintptr_t va, unsigned asid)
{
	__asm__ volatile("dsb ishst; tlbi vae1is, %0; dsb ish; isb"
			 :: "r"(((va >> 12) & 0xfffffffffffull) | (uint64_t)asid << 48) : "memory");
}

/* Invalidate everything tagged with one ASID. */
static inline void tlb_flush_asid(unsigned asid)
{
	__asm__ volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb" :: "r"((uint64_t)asid << 48) : "memory");
}

/* Make instructions the kernel wrote through its own mapping of [start,
 * start + len) visible to instruction fetch (the caches need not be
 * coherent for that on arm64): clean the data cache to the point of
 * unification, then invalidate the instruction cache. */
static inline void sync_icache(uintptr_t start, uintptr_t len)
{
	uint64_t ctr = READ_SYSREG(ctr_el0);
	uintptr_t dline = 4ul << ((ctr >> 16) & 0xf), iline = 4ul << (ctr & 0xf), a;

	for (a = start & ~(dline - 1); a < start + len; a += dline)
		__asm__ volatile("dc cvau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
	for (a = start & ~(iline - 1); a < start + len; a += iline)
		__asm__ volatile("ic ivau, %0" :: "r"(a) : "memory");
	__asm__ volatile("dsb ish; isb" ::: "memory");
}

#endif
