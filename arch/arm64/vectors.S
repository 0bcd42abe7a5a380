/*
 * The exception vector table (VBAR_EL1): 16 entries of 128 bytes, by source
 * (EL1 with SP_EL0, EL1 with SP_EL1, EL0 AArch64, EL0 AArch32) and type
 * (synchronous, IRQ, FIQ, SError).  Each builds a struct trapframe on the
 * kernel stack and calls arm64_trap(tf).
 */
#include <machine/frame.h>

.macro ventry kind, el
	.p2align 7
	sub sp, sp, #TF_SIZE
	stp x0, x1, [sp, #TF_X0]
	mov x0, #\kind
	b trap_entry_el\el
.endm

.macro save_frame el
	stp x2, x3, [sp, #16 * 1]
	stp x4, x5, [sp, #16 * 2]
	stp x6, x7, [sp, #16 * 3]
	stp x8, x9, [sp, #16 * 4]
	stp x10, x11, [sp, #16 * 5]
	stp x12, x13, [sp, #16 * 6]
	stp x14, x15, [sp, #16 * 7]
	stp x16, x17, [sp, #16 * 8]
	stp x18, x19, [sp, #16 * 9]
	stp x20, x21, [sp, #16 * 10]
	stp x22, x23, [sp, #16 * 11]
	stp x24, x25, [sp, #16 * 12]
	stp x26, x27, [sp, #16 * 13]
	stp x28, x29, [sp, #16 * 14]
	.if \el == 0
	mrs x1, sp_el0
	.else
	add x1, sp, #TF_SIZE
	.endif
	stp x30, x1, [sp, #TF_X30]
	mrs x1, elr_el1
	mrs x2, spsr_el1
	stp x1, x2, [sp, #TF_PC]
	ldr x1, [sp, #TF_X0]
	stp x1, x0, [sp, #TF_ORIG_X0]		/* orig_x0, kind */
	mrs x1, esr_el1
	mrs x2, far_el1
	stp x1, x2, [sp, #TF_ESR]
	.if \el == 0
	mov x29, xzr				/* the backtrace stops at the user boundary */
	.endif
	mov x0, sp
.endm

.macro restore_frame el
	msr daifset, #0xf			/* no interrupt may clobber ELR/SPSR from here */
	ldp x1, x2, [sp, #TF_PC]
	msr elr_el1, x1
	msr spsr_el1, x2
	.if \el == 0
	ldr x1, [sp, #TF_SP]
	msr sp_el0, x1
	.endif
	ldp x0, x1, [sp, #16 * 0]
	ldp x2, x3, [sp, #16 * 1]
	ldp x4, x5, [sp, #16 * 2]
	ldp x6, x7, [sp, #16 * 3]
	ldp x8, x9, [sp, #16 * 4]
	ldp x10, x11, [sp, #16 * 5]
	ldp x12, x13, [sp, #16 * 6]
	ldp x14, x15, [sp, #16 * 7]
	ldp x16, x17, [sp, #16 * 8]
	ldp x18, x19, [sp, #16 * 9]
	ldp x20, x21, [sp, #16 * 10]
	ldp x22, x23, [sp, #16 * 11]
	ldp x24, x25, [sp, #16 * 12]
	ldp x26, x27, [sp, #16 * 13]
	ldp x28, x29, [sp, #16 * 14]
	ldr x30, [sp, #TF_X30]
	add sp, sp, #TF_SIZE
	eret
.endm

	.text
	.p2align 11
	.globl vectors
vectors:
	ventry (VEC_SRC_EL1T << 2 | VEC_SYNC), 1
	ventry (VEC_SRC_EL1T << 2 | VEC_IRQ), 1
	ventry (VEC_SRC_EL1T << 2 | VEC_FIQ), 1
	ventry (VEC_SRC_EL1T << 2 | VEC_SERROR), 1
	ventry (VEC_SRC_EL1H << 2 | VEC_SYNC), 1
	ventry (VEC_SRC_EL1H << 2 | VEC_IRQ), 1
	ventry (VEC_SRC_EL1H << 2 | VEC_FIQ), 1
	ventry (VEC_SRC_EL1H << 2 | VEC_SERROR), 1
	ventry (VEC_SRC_EL0_64 << 2 | VEC_SYNC), 0
	ventry (VEC_SRC_EL0_64 << 2 | VEC_IRQ), 0
	ventry (VEC_SRC_EL0_64 << 2 | VEC_FIQ), 0
	ventry (VEC_SRC_EL0_64 << 2 | VEC_SERROR), 0
	ventry (VEC_SRC_EL0_32 << 2 | VEC_SYNC), 0
	ventry (VEC_SRC_EL0_32 << 2 | VEC_IRQ), 0
	ventry (VEC_SRC_EL0_32 << 2 | VEC_FIQ), 0
	ventry (VEC_SRC_EL0_32 << 2 | VEC_SERROR), 0

trap_entry_el1:
	save_frame 1
	bl arm64_trap
	restore_frame 1

trap_entry_el0:
	save_frame 0
	bl arm64_trap
	.globl trap_return_el0
trap_return_el0:
	restore_frame 0

/* enter_user(tf): tf is at the top of the current kernel stack. */
	.globl enter_user
enter_user:
	mov sp, x0
	b trap_return_el0

/*
 * semihosting_exit(block): SYS_EXIT (0x18) with x1 -> { reason, code }.
 * With QEMU's -semihosting this ends QEMU with status `code`; without it
 * `hlt #0xf000` is an undefined instruction, which arm64_trap() skips while
 * semihosting_probing is set, and we return to try PSCI.
 */
	.globl semihosting_exit, semihosting_exit_insn
semihosting_exit:
	mov x1, x0
	mov x0, #0x18
semihosting_exit_insn:
	hlt #0xf000
	ret

/* psci_call(function, use_smc): the PSCI conduit the device tree names. */
	.globl psci_call
psci_call:
	cbnz x1, 1f
	hvc #0
	ret
1:	smc #0
	ret
