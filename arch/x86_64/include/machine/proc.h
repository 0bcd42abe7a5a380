#ifndef MACHINE_PROC_H
#define MACHINE_PROC_H
#include <stdint.h>
/* x86-64 thread state kept outside the trap frame. */
struct proc_md {
	uint64_t fs_base;	/* arch_prctl(ARCH_SET_FS): the TLS pointer */
	uint64_t gs_base;
	uint64_t trapno, err, cr2;	/* the last user trap, for the signal frame */
	uint64_t ksp;			/* saved kernel stack pointer while switched out */
	void *fpu;			/* FPU/SSE/AVX state while switched out (XSAVE area) */
};
#endif
