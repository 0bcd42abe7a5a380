/*
 * Copies between kernel and user memory.  A user page may be absent (demand
 * paging: the fault handler maps it and the instruction restarts) or the
 * pointer may be bad (the fault handler finds no region and resumes at the
 * fixup recorded in __ex_table, which returns what was left uncopied).
 * Callers have already checked that the user range lies below USER_TOP.
 *
 * The user side is reached with the unprivileged LDTR/STTR instructions,
 * as Linux does: they check the page as EL0 would, so PAN never needs
 * lifting, a read-only user page refuses the kernel's store as it refuses
 * the program's (a write fault: copy-on-write, or EFAULT), and an
 * execute-only page is unreadable to the kernel too.
 */
#define EX_ENTRY(insn, fixup)	\
	.pushsection __ex_table, "a"; .quad insn, fixup; .popsection

	.text
/* size_t copy_from_user(void *dst, const void *usrc, size_t n): bytes NOT copied. */
	.globl copy_from_user
copy_from_user:
	cbz x2, 2f
1:	ldtrb w3, [x1]
	strb w3, [x0], #1
	add x1, x1, #1
	subs x2, x2, #1
	b.ne 1b
2:	mov x0, x2
	ret
	EX_ENTRY(1b, 2b)

/* size_t copy_to_user(void *udst, const void *src, size_t n): bytes NOT copied. */
	.globl copy_to_user
copy_to_user:
	cbz x2, 2f
	ldrb w3, [x1], #1
1:	sttrb w3, [x0]
	add x0, x0, #1
	subs x2, x2, #1
	b.eq 2f
	ldrb w3, [x1], #1
	b 1b
2:	mov x0, x2
	ret
	EX_ENTRY(1b, 2b)

/* size_t clear_user(void *udst, size_t n): bytes NOT cleared. */
	.globl clear_user
clear_user:
	cbz x1, 2f
1:	sttrb wzr, [x0]
	add x0, x0, #1
	subs x1, x1, #1
	b.ne 1b
2:	mov x0, x1
	ret
	EX_ENTRY(1b, 2b)

/* long strncpy_user(char *dst, const char *usrc, size_t n): length copied
 * without the NUL, n if no NUL within n bytes, -1 on a bad pointer. */
	.globl strncpy_user
strncpy_user:
	mov x3, #0
1:	cmp x3, x2
	b.eq 3f
	add x5, x1, x3
2:	ldtrb w4, [x5]
	strb w4, [x0, x3]
	cbz w4, 3f
	add x3, x3, #1
	b 1b
3:	mov x0, x3
	ret
4:	mov x0, #-1
	ret
	EX_ENTRY(2b, 4b)
