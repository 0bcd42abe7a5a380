/*
 * Kernel context switch.  Only the callee-saved registers (x19-x29, lr)
 * need saving: the switch is an ordinary function call from the
 * scheduler's point of view.  The layout of the saved block is what
 * arch_proc_init() builds for a new process (SWTCH_FRAME_* in context.c).
 *
 * void swtch(uint64_t *save_sp, uint64_t load_sp)
 */
	.text
	.globl swtch
swtch:
	sub sp, sp, #96
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	mov x9, sp
	str x9, [x0]
	mov sp, x1
	ldp x19, x20, [sp, #0]
	ldp x21, x22, [sp, #16]
	ldp x23, x24, [sp, #32]
	ldp x25, x26, [sp, #48]
	ldp x27, x28, [sp, #64]
	ldp x29, x30, [sp, #80]
	add sp, sp, #96
	ret

/*
 * Where a new process first runs: arch_proc_init() leaves this as swtch's
 * return address, right below the process's trap frame.
 */
	.globl proc_first_run
proc_first_run:
	mov x0, sp
	bl kern_first_return
	b trap_return_el0

/*
 * The user's FP/SIMD registers: v0-v31, FPSR, FPCR (struct fpsimd_state).
 * The kernel is built with -mgeneral-regs-only, so between entry and exit
 * these registers always hold the current process's values.
 */
	.globl fpsimd_save
fpsimd_save:
	stp q0, q1, [x0, #16 * 0]
	stp q2, q3, [x0, #16 * 2]
	stp q4, q5, [x0, #16 * 4]
	stp q6, q7, [x0, #16 * 6]
	stp q8, q9, [x0, #16 * 8]
	stp q10, q11, [x0, #16 * 10]
	stp q12, q13, [x0, #16 * 12]
	stp q14, q15, [x0, #16 * 14]
	stp q16, q17, [x0, #16 * 16]
	stp q18, q19, [x0, #16 * 18]
	stp q20, q21, [x0, #16 * 20]
	stp q22, q23, [x0, #16 * 22]
	stp q24, q25, [x0, #16 * 24]
	stp q26, q27, [x0, #16 * 26]
	stp q28, q29, [x0, #16 * 28]
	stp q30, q31, [x0, #16 * 30]
	mrs x1, fpsr
	mrs x2, fpcr
	str w1, [x0, #16 * 32]
	str w2, [x0, #16 * 32 + 4]
	ret

	.globl fpsimd_restore
fpsimd_restore:
	ldp q0, q1, [x0, #16 * 0]
	ldp q2, q3, [x0, #16 * 2]
	ldp q4, q5, [x0, #16 * 4]
	ldp q6, q7, [x0, #16 * 6]
	ldp q8, q9, [x0, #16 * 8]
	ldp q10, q11, [x0, #16 * 10]
	ldp q12, q13, [x0, #16 * 12]
	ldp q14, q15, [x0, #16 * 14]
	ldp q16, q17, [x0, #16 * 16]
	ldp q18, q19, [x0, #16 * 18]
	ldp q20, q21, [x0, #16 * 20]
	ldp q22, q23, [x0, #16 * 22]
	ldp q24, q25, [x0, #16 * 24]
	ldp q26, q27, [x0, #16 * 26]
	ldp q28, q29, [x0, #16 * 28]
	ldp q30, q31, [x0, #16 * 30]
	ldr w1, [x0, #16 * 32]
	ldr w2, [x0, #16 * 32 + 4]
	msr fpsr, x1
	msr fpcr, x2
	ret
