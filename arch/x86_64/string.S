/*
 * memset and memcpy for the kernel: `rep stosb` / `rep movsb`, which CPUs
 * with ERMS (fast strings, every x86-64 CPU of the last decade) run at full
 * speed for page-sized blocks; Linux clears and copies pages the same way.
 * They replace lib/string.c's portable versions, which are weak symbols.
 */
	.text
	.globl memset
memset:
	movq %rdi, %r9
	movzbl %sil, %eax
	movq %rdx, %rcx
	rep stosb
	movq %r9, %rax
	ret

/* void arch_copy_page(void *dst, const void *src): 4 KiB as Linux's
 * copy_page does on CPUs with fast strings, eight bytes a step. */
	.globl arch_copy_page
arch_copy_page:
	movl $512, %ecx
	rep movsq
	ret

	.globl memcpy
memcpy:
	movq %rdi, %rax
	movq %rdx, %rcx
	rep movsb
	ret
