/*
 * Copies between kernel and user memory.  A user page may be absent (demand
 * paging: the fault handler maps it and the instruction restarts) or the
 * pointer may be bad (the fault handler finds no region and resumes at the
 * fixup recorded in __ex_table, which returns what was left uncopied).
 * Callers have already checked that the user range lies below USER_TOP.
 *
 * With PAN on, the kernel cannot touch user pages at all: each routine
 * opens the window (PSTATE.PAN = 0) only around its own loop.  The
 * assembler is told nothing about ARMv8.1, so `msr pan, #imm` is spelled
 * out as the instruction word; on a CPU without PAN it is a NOP-like
 * unallocated MSR immediate and arm64_pan_setup() leaves the words out.
 */
#define EX_ENTRY(insn, fixup)	\
	.pushsection __ex_table, "a"; .quad insn, fixup; .popsection

/* Patched to `nop` at boot when the CPU has no PAN (see pan_patch_sites). */
.macro USER_ACCESS_BEGIN
9990:	.inst 0xd500409f			/* msr pan, #0 */
	.pushsection .pan_sites, "a"; .quad 9990b; .popsection
.endm
.macro USER_ACCESS_END
9991:	.inst 0xd500419f			/* msr pan, #1 */
	.pushsection .pan_sites, "a"; .quad 9991b; .popsection
.endm

	.text
/* size_t copy_user(void *dst, const void *src, size_t n): bytes NOT copied. */
	.globl copy_user
copy_user:
	USER_ACCESS_BEGIN
	cbz x2, 3f
1:	ldrb w3, [x1], #1
2:	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 1b
3:	USER_ACCESS_END
	mov x0, x2
	ret
4:	USER_ACCESS_END
	mov x0, x2
	ret
	EX_ENTRY(1b, 4b)
	EX_ENTRY(2b, 4b)

/* size_t clear_user(void *dst, size_t n): bytes NOT cleared. */
	.globl clear_user
clear_user:
	USER_ACCESS_BEGIN
	cbz x1, 2f
1:	strb wzr, [x0], #1
	subs x1, x1, #1
	b.ne 1b
2:	USER_ACCESS_END
	mov x0, x1
	ret
3:	USER_ACCESS_END
	mov x0, x1
	ret
	EX_ENTRY(1b, 3b)

/* long strncpy_user(char *dst, const char *src, size_t n): length copied
 * without the NUL, n if no NUL within n bytes, -1 on a bad pointer. */
	.globl strncpy_user
strncpy_user:
	USER_ACCESS_BEGIN
	mov x3, #0
1:	cmp x3, x2
	b.eq 3f
2:	ldrb w4, [x1, x3]
	strb w4, [x0, x3]
	cbz w4, 3f
	add x3, x3, #1
	b 1b
3:	USER_ACCESS_END
	mov x0, x3
	ret
4:	USER_ACCESS_END
	mov x0, #-1
	ret
	EX_ENTRY(2b, 4b)
