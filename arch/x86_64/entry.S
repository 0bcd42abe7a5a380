/*
 * Every way into the kernel and back out.
 *
 * Exceptions and interrupts: the CPU pushes ss, rsp, rflags, cs, rip (and an
 * error code for some vectors); the stub pushes a zero error code where the
 * CPU did not, then the vector; trap_common pushes the general registers,
 * giving struct trapframe (machine/frame.h), and calls trap(tf).
 *
 * System calls: `syscall` leaves rip in rcx and rflags in r11 and switches
 * nothing else, so syscall_entry swaps to the kernel %gs, parks the user rsp,
 * loads the kernel stack and builds the same trapframe by hand.
 */
#include <machine/frame.h>
#include <machine/segments.h>

.macro PUSH_GPRS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro POP_GPRS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
.endm

/* Vectors where the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */
.macro VECTOR n
	.p2align 4
vector_\n:
	.if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushq $0
	.endif
	pushq $\n
	jmp trap_common
.endm

	.text
	.globl trap_vectors_start
trap_vectors_start:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	VECTOR \n
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	VECTOR \n
.endr

	.section .rodata
	.p2align 3
	.globl trap_vector_table
trap_vector_table:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad vector_\n
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad vector_\n
.endr

	.text
trap_common:
	clac					/* SMAP: never run kernel code with AC set */
	testb $3, 24(%rsp)			/* cs: vector, err, rip, then cs */
	jz 1f
	swapgs
1:	cld
	PUSH_GPRS
	movq %rsp, %rdi
	xorl %ebp, %ebp				/* end of the backtrace chain */
	call trap
	jmp trap_return

/* Return through the frame on the stack, to kernel or user. */
	.globl trap_return
trap_return:
	cli
	testb $3, TF_CS(%rsp)
	jz 2f
	swapgs
2:	POP_GPRS
	addq $16, %rsp				/* vector, error code */
	iretq

	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:PCPU_USTACK
	movq %gs:PCPU_KSTACK, %rsp
	pushq $SEL_UDATA			/* ss */
	pushq %gs:PCPU_USTACK			/* rsp */
	pushq %r11				/* rflags */
	pushq $SEL_UCODE			/* cs */
	pushq %rcx				/* rip */
	pushq $0				/* error code */
	pushq $VEC_SYSCALL
	PUSH_GPRS
	movq %rsp, %rdi
	xorl %ebp, %ebp
	sti
	call syscall_trap
	cli
	/*
	 * sysret restores rip from rcx and rflags from r11; use it only when the
	 * frame still agrees with that (a signal return or exec may have changed
	 * them) and rip is canonical (sysret to a non-canonical rip faults in
	 * ring 0 on Intel).  Otherwise take the iretq path.
	 */
	movq TF_RCX(%rsp), %rcx
	cmpq %rcx, TF_RIP(%rsp)
	jne trap_return
	movq TF_R11(%rsp), %r11
	cmpq %r11, TF_RFLAGS(%rsp)
	jne trap_return
	shlq $16, %rcx
	sarq $16, %rcx
	cmpq %rcx, TF_RIP(%rsp)
	jne trap_return
	POP_GPRS
	movq 5*8(%rsp), %rsp			/* past vector, err, rip, cs, rflags: user rsp */
	swapgs
	sysretq

/*
 * Enter user mode for the first time (or after exec): the frame is at the top
 * of the thread's kernel stack.  void enter_user(struct trapframe *tf)
 */
	.globl enter_user
enter_user:
	movq %rdi, %rsp
	jmp trap_return
