/*
 * Copies between kernel and user memory.  A user page may be absent (demand
 * paging: the fault handler maps it and the instruction restarts) or the
 * pointer may be bad (the fault handler finds no region and jumps to the
 * fixup recorded in __ex_table, which returns what was left uncopied).
 * Callers have already checked that the user range lies below USER_TOP.
 * stac/clac open the SMAP window only around the access itself.
 */
#define EX_ENTRY(insn, fixup)	\
	.pushsection __ex_table, "a"; .quad insn, fixup; .popsection

	.text
/* size_t copy_from_user(void *dst, const void *usrc, size_t n) and
 * size_t copy_to_user(void *udst, const void *src, size_t n): bytes NOT
 * copied.  One routine: SMAP's window opens both directions at once. */
	.globl copy_from_user, copy_to_user
copy_from_user:
copy_to_user:
	movq %rdx, %rcx
	stac
1:	rep movsb
	clac
	movq %rcx, %rax
	ret
2:	clac
	movq %rcx, %rax
	ret
	EX_ENTRY(1b, 2b)

/* size_t clear_user(void *dst, size_t n): bytes NOT cleared. */
	.globl clear_user
clear_user:
	movq %rsi, %rcx
	xorl %eax, %eax
	stac
3:	rep stosb
	clac
	movq %rcx, %rax
	ret
4:	clac
	movq %rcx, %rax
	ret
	EX_ENTRY(3b, 4b)

/* long strncpy_user(char *dst, const char *src, size_t n): length copied
 * without the NUL, n if no NUL within n bytes, -1 on a bad pointer. */
	.globl strncpy_user
strncpy_user:
	xorl %eax, %eax
	stac
5:	cmpq %rdx, %rax
	je 7f
6:	movb (%rsi,%rax), %cl
	movb %cl, (%rdi,%rax)
	testb %cl, %cl
	jz 7f
	incq %rax
	jmp 5b
7:	clac
	ret
8:	clac
	movq $-1, %rax
	ret
	EX_ENTRY(6b, 8b)
