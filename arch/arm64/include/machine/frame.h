/*
 * The arm64 trap frame: what every exception entry (vectors.S) saves on the
 * kernel stack.  Laid out like Linux's struct pt_regs (regs, sp, pc, pstate,
 * orig_x0, syscallno), with the syndrome registers read at entry.  The
 * offsets are checked against the struct in trap.c.
 */
#ifndef MACHINE_FRAME_H
#define MACHINE_FRAME_H

#define TF_X0		0x000
#define TF_X30		0x0f0
#define TF_SP		0x0f8
#define TF_PC		0x100
#define TF_PSTATE	0x108
#define TF_ORIG_X0	0x110
#define TF_KIND		0x118	/* which vector: VEC_* below */
#define TF_ESR		0x120
#define TF_FAR		0x128
#define TF_SIZE		0x130	/* a multiple of 16: sp stays aligned */

/* The vector table's 16 entries: (source << 2) | type. */
#define VEC_SRC_EL1T	0	/* current EL, SP_EL0 (never used) */
#define VEC_SRC_EL1H	1	/* current EL, SP_EL1: the kernel */
#define VEC_SRC_EL0_64	2	/* lower EL, AArch64: user */
#define VEC_SRC_EL0_32	3	/* lower EL, AArch32 (refused) */
#define VEC_SYNC	0
#define VEC_IRQ		1
#define VEC_FIQ		2
#define VEC_SERROR	3

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t x[31];			/* x0 .. x30 (x30 = lr) */
	uint64_t sp;			/* SP_EL0 from user mode; the kernel sp before entry otherwise */
	uint64_t pc;			/* ELR_EL1 */
	uint64_t pstate;		/* SPSR_EL1 */
	uint64_t orig_x0;		/* x0 at a system call, for restarting it */
	uint64_t kind;			/* VEC_* source << 2 | type */
	uint64_t esr, far;		/* ESR_EL1, FAR_EL1 at entry */
};

#endif
#endif
