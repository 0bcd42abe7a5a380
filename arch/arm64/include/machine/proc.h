#ifndef MACHINE_PROC_H
#define MACHINE_PROC_H
#include <stdint.h>
/* arm64 thread state kept outside the trap frame. */
struct proc_md {
	uint64_t tpidr_el0;		/* the TLS pointer (set by the C library with msr) */
	uint64_t esr, far;		/* the last user fault, for the signal frame's esr_context */
	uint64_t ksp;			/* saved kernel stack pointer while switched out */
	void *fpu;			/* FP/SIMD state (v0-v31, fpsr, fpcr) while switched out */
};
#endif
