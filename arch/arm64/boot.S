/*
 * Boot: QEMU virt enters _start at its physical load address (KERNEL_PHYS)
 * at EL1, or EL2 with virtualization=on, MMU off, x0 = 0 for an ELF image
 * (the DTB is then at RAM_BASE; a Linux-style loader passes it in x0).
 *
 * Before C can run at its link address we need the MMU on, since the image
 * is linked in the upper half: boot_tables_build() (boot_tables.c, run at
 * the physical address) makes the boot tables, then the MMU goes on and we
 * jump to the upper half.  arm64_pmap_bootstrap() replaces the tables later.
 */
#include <machine/param.h>
#include <machine/pte.h>

#define SCTLR_EL1_RES1		0x30d00800	/* RES1 bits of ARMv8.0; little-endian, MMU off */
#define SCTLR_EL1_MMU_ON	0x34d5d81d	/* + M C SA SA0 I DZE UCT nTWI nTWE UCI */
/* T0SZ/T1SZ and granules for this geometry; walks write-back cacheable,
 * inner shareable (IRGN/ORGN 01, SH 11 for both halves). */
#define TCR_WALK_ATTRS		(0x3500 | (0x3500 << 16))
#define TCR_EL1_VALUE		(TCR_TSZ | (TCR_TSZ << 16) | TCR_WALK_ATTRS | TCR_TG)
/* Top-byte-ignore for user addresses, as Linux: a pointer's top byte may
 * hold a tag, which the MMU ignores (FAR_EL1 keeps it; trap.c drops it). */
#define TCR_TBI0		(1 << 37)
/* The Image header's flags: little-endian, page size (1: 4 KiB, 2: 16 KiB). */
#define IMAGE_FLAGS		(((PAGE_SHIFT - 10) / 2) << 1)

	.section .boot.text, "ax"
	.globl _start
_start:
	/* The arm64 Linux Image header (Documentation/arch/arm64/booting.rst),
	 * for the raw binary faultline.bin: QEMU then boots us the Linux way,
	 * at RAM_BASE + text_offset with x0 = the DTB, and passes -initrd in
	 * /chosen (it does neither for an ELF). */
	b real_start				/* code0 */
	.long 0					/* code1 */
	.quad KERNEL_PHYS - RAM_BASE		/* text_offset */
	.quad __image_size			/* image_size, .bss included */
	.quad IMAGE_FLAGS			/* flags: little-endian, page size */
	.quad 0, 0, 0
	.ascii "ARM\x64"			/* magic */
	.long 0
real_start:
	msr daifset, #0xf
	mov x19, x0				/* the DTB address, 0 if none was passed */
	mov x20, #1				/* the exception level we were entered at */

	/* At EL2 (virtualization=on): make EL1 AArch64, give it the timers and
	 * FP/SIMD, and drop to EL1h with interrupts masked. */
	mrs x9, CurrentEL
	lsr x9, x9, #2
	cmp x9, #2
	b.ne 1f
	mov x9, #(1 << 31)			/* HCR_EL2.RW: EL1 is AArch64 */
	msr hcr_el2, x9
	mrs x9, cnthctl_el2
	orr x9, x9, #3				/* EL1PCTEN, EL1PCEN */
	msr cnthctl_el2, x9
	msr cntvoff_el2, xzr
	mov x9, #0x33ff				/* CPTR_EL2: RES1, no traps */
	msr cptr_el2, x9
	msr hstr_el2, xzr
	ldr x9, =SCTLR_EL1_RES1
	msr sctlr_el1, x9
	mov x9, #0x3c5				/* EL1h, DAIF masked */
	msr spsr_el2, x9
	adr x9, 1f
	msr elr_el2, x9
	mov x20, #2				/* remember that we came from EL2 */
	eret
1:
	ldr x9, =SCTLR_EL1_RES1			/* MMU and caches off, little-endian */
	msr sctlr_el1, x9
	isb
	mov x9, #(3 << 20)			/* CPACR_EL1.FPEN: no FP/SIMD traps (user programs use them) */
	msr cpacr_el1, x9

	adrp x9, boot_stack_top			/* physical: the MMU is off, adrp is PC-relative */
	add x9, x9, :lo12:boot_stack_top
	mov sp, x9

	/* Zero .bss (the boot tables live there). */
	adrp x9, __bss_start
	add x9, x9, :lo12:__bss_start
	adrp x10, __bss_end
	add x10, x10, :lo12:__bss_end
3:	cmp x9, x10
	b.hs 4f
	stp xzr, xzr, [x9], #16
	b 3b
4:
	/* The boot tables (boot_tables.c): x0 = TTBR0's root, [sp] = TTBR1's. */
	sub sp, sp, #16
	mov x0, sp
	bl boot_tables_build
	mov x9, x0
	ldr x10, [sp]
	add sp, sp, #16

	ldr x13, =MAIR_VALUE
	msr mair_el1, x13
	ldr x13, =TCR_EL1_VALUE
	mrs x14, id_aa64mmfr0_el1		/* IPS = the physical address range, at most 48 bits */
	and x14, x14, #0xf
	cmp x14, #5
	mov x15, #5
	csel x14, x14, x15, ls
	orr x13, x13, x14, lsl #32
	orr x13, x13, #TCR_TBI0
	msr tcr_el1, x13
	msr ttbr0_el1, x9
	msr ttbr1_el1, x10
	isb
	tlbi vmalle1
	dsb nsh
	isb
	ldr x13, =SCTLR_EL1_MMU_ON
	msr sctlr_el1, x13
	isb

	/* Into the upper half. */
	ldr x9, =high_entry
	br x9

	.text
high_entry:
	ldr x9, =boot_stack_top
	mov sp, x9
	mov x29, xzr
	mov x30, xzr
	adrp x9, vectors
	add x9, x9, :lo12:vectors
	msr vbar_el1, x9
	isb
	mov x0, x19				/* arch_main(dtb_pa, boot_el) */
	mov x1, x20
	bl arch_main
5:	wfi
	b 5b

	.bss
	.p2align 4
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
