/* Declarations shared inside arch/arm64 only. */
#ifndef ARCH_ARM64_ARM64_H
#define ARCH_ARM64_ARM64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <machine/frame.h>
#include <machine/param.h>


/* What the device tree tells us (fdt.c). */
#define FDT_MAX_MEM 8
struct fdt_info {
	struct { paddr_t base, size; } mem[FDT_MAX_MEM];
	int nmem;
	paddr_t initrd_start, initrd_end;	/* 0, 0 if none */
	const char *bootargs;			/* "" if none */
	bool psci_smc;				/* PSCI's conduit is smc (else hvc) */
	uint32_t totalsize;
};
/* Parse the flattened device tree at fdt (a kernel address); 0 or -1. */
int fdt_parse(const void *fdt, struct fdt_info *out);

void pl011_init(void);
void console_set_split(bool on);
void arm64_pmap_bootstrap(paddr_t phys_end);
void arm64_trap(struct trapframe *tf);
void backtrace_from(uint64_t pc, uint64_t fp);
extern char vectors[];
__attribute__((noreturn)) void enter_user(struct trapframe *tf);
extern bool psci_use_smc;

/* The user's FP/SIMD registers (swtch.S saves and loads them). */
struct fpsimd_state {
	__uint128_t v[32];
	uint32_t fpsr, fpcr;
} __attribute__((aligned(16)));
void fpsimd_save(struct fpsimd_state *st);
void fpsimd_restore(const struct fpsimd_state *st);

/* Interrupts: the GIC and the generic timer (gic.c). */
void gic_init(void);
void timer_start(void);
void arm64_irq(bool from_user);

/* PAN and hardware access/dirty management, when the CPU has them (machine.c). */
void cpu_memory_setup(void);

#endif
