/*
 * Kernel context switch.  Only the callee-saved registers need saving: the
 * switch is an ordinary function call from the scheduler's point of view.
 *
 * void swtch(uint64_t *save_rsp, uint64_t load_rsp)
 */
	.text
	.globl swtch
swtch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * Where a new process first runs: arch_proc_init_stack() leaves this as
 * swtch's return address, right below the process's trap frame.
 */
	.globl proc_first_run
proc_first_run:
	movq %rsp, %rdi
	call kern_first_return
	jmp trap_return
