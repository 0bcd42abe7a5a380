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

#endif
