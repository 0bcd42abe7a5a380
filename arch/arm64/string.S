/*
 * memset and memcpy for the kernel, replacing lib/string.c's portable byte
 * loops (weak symbols).  Pages are cleared and copied here (vm/page.c), so
 * these are the fault path's biggest costs: a zero fill of whole cache
 * blocks uses DC ZVA, as Linux's clear_page does; everything else moves 16
 * bytes per ldp/stp of general registers (the FP/SIMD registers hold the
 * user's state: the kernel never touches them).  Unaligned accesses are
 * fine: kernel memory is Normal memory and SCTLR_EL1.A is clear.
 */
#include <machine/param.h>

	.text
/* void *memset(void *dst, int c, size_t n) */
	.globl memset
memset:
	mov x8, x0				/* the return value; x0 moves */
	and x3, x1, #0xff
	mov x4, #0x0101010101010101
	mul x4, x3, x4				/* the byte in every lane */
	cbnz x3, 3f
	/* Zero: DC ZVA whole blocks once dst is block-aligned (DCZID_EL0 gives
	 * the block, 4 << BS bytes; DZP set means DC ZVA is not allowed).  The
	 * loop is Linux's clear_page: four instructions a block. */
	mrs x5, dczid_el0
	tbnz x5, #4, 3f
	and x5, x5, #0xf
	mov x6, #4
	lsl x6, x6, x5				/* block size */
	sub x7, x6, #1
	tst x0, x7
	b.ne 3f					/* unaligned start: the plain loop (pages never are) */
	bic x9, x2, x7				/* the bytes in whole blocks */
	cbz x9, 3f
	add x9, x0, x9				/* where the blocks end */
1:	dc zva, x0
	add x0, x0, x6
	cmp x0, x9
	b.lo 1b
	and x2, x2, x7				/* what is left after them */
	/* 16 bytes at a time, then bytes */
3:	cmp x2, #16
	b.lo 4f
	stp x4, x4, [x0], #16
	sub x2, x2, #16
	b 3b
4:	cbz x2, 5f
	strb w4, [x0], #1
	sub x2, x2, #1
	b 4b
5:	mov x0, x8
	ret

/* void arch_copy_page(void *dst, const void *src): a page with memcpy's
 * 128-byte rounds (Linux's copy_page works the same way, with ldp/stnp). */
	.globl arch_copy_page
arch_copy_page:
	mov x2, #PAGE_SIZE
	b memcpy

/* void *memcpy(void *dst, const void *src, size_t n): 128 bytes a round
 * (a page in 32 rounds, as Linux's copy_page), then 16, then bytes. */
	.globl memcpy
memcpy:
	mov x8, x0
	cmp x2, #128
	b.lo 2f
	bic x13, x2, #127
	add x13, x1, x13			/* where the 128-byte rounds end in src */
1:	ldp x4, x5, [x1]
	ldp x6, x7, [x1, #16]
	ldp x9, x10, [x1, #32]
	ldp x11, x12, [x1, #48]
	stp x4, x5, [x0]
	stp x6, x7, [x0, #16]
	stp x9, x10, [x0, #32]
	stp x11, x12, [x0, #48]
	ldp x4, x5, [x1, #64]
	ldp x6, x7, [x1, #80]
	ldp x9, x10, [x1, #96]
	ldp x11, x12, [x1, #112]
	add x1, x1, #128
	stp x4, x5, [x0, #64]
	stp x6, x7, [x0, #80]
	stp x9, x10, [x0, #96]
	stp x11, x12, [x0, #112]
	add x0, x0, #128
	cmp x1, x13
	b.lo 1b
	and x2, x2, #127
2:	cmp x2, #16
	b.lo 3f
	ldp x4, x5, [x1], #16
	stp x4, x5, [x0], #16
	sub x2, x2, #16
	b 2b
3:	cbz x2, 4f
	ldrb w4, [x1], #1
	strb w4, [x0], #1
	sub x2, x2, #1
	b 3b
4:	mov x0, x8
	ret
