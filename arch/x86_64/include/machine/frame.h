/*
 * The trap frame: what every entry into the kernel (exception, interrupt,
 * system call) saves on the kernel stack.  entry.S builds it; the offsets
 * below are checked against the struct in trap.c, so the two cannot drift.
 */
#ifndef MACHINE_FRAME_H
#define MACHINE_FRAME_H

#define TF_R15		0x00
#define TF_R11		0x20
#define TF_RCX		0x60
#define TF_RAX		0x70
#define TF_VECTOR	0x78
#define TF_ERR		0x80
#define TF_RIP		0x88
#define TF_CS		0x90
#define TF_RFLAGS	0x98
#define TF_RSP		0xa0
#define TF_SS		0xa8
#define TF_SIZE		0xb0

#define VEC_SYSCALL	0x100	/* not a real vector: marks a syscall frame */

/* Per-CPU block reached through %gs in the kernel. */
#define PCPU_SELF	0x00
#define PCPU_KSTACK	0x08	/* top of the current thread's kernel stack */
#define PCPU_USTACK	0x10	/* user %rsp parked by the syscall entry */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

#endif
#endif
