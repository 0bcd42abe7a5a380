/*
 * Boot: QEMU virt enters _start at its physical load address (KERNEL_PHYS)
 * at EL1, or EL2 with virtualization=on, MMU off, x0 = 0 for an ELF image
 * (the DTB is then at RAM_BASE; a Linux-style loader passes it in x0).
 *
 * Before C can run we need the MMU on, since the image is linked in the
 * upper half.  The boot tables (in .bss, 1 GiB blocks, level 1 only):
 *   TTBR0 L1[0] device 0..1 GiB (PL011, GIC)  L1[1] RAM_BASE..+1 GiB   identity, to survive
 *   TTBR1 L1[0] device 0..1 GiB               L1[1] RAM_BASE..+1 GiB   the start of the direct map
 *   TTBR1 L1[511] RAM_BASE..+1 GiB                                      KERNEL_BASE: the image
 * arm64_pmap_bootstrap() replaces them with the final tables.
 */
#include <machine/param.h>
#include <machine/pte.h>

#define SCTLR_EL1_RES1		0x30d00800	/* RES1 bits of ARMv8.0; little-endian, MMU off */
#define SCTLR_EL1_MMU_ON	0x34d5d81d	/* + M C SA SA0 I DZE UCT nTWI nTWE UCI */
#define TCR_EL1_VALUE		0xb5193519	/* T0SZ=T1SZ=25 (39 bits), 4 KiB granules, WB WA inner-shareable walks */
/* Top-byte-ignore for user addresses, as Linux: a pointer's top byte may
 * hold a tag, which the MMU ignores (FAR_EL1 keeps it; trap.c drops it). */
#define TCR_TBI0		(1 << 37)
#define UART0_PHYS		0x09000000

#define BLOCK_NORMAL	(PTE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL))
#define BLOCK_DEVICE	(PTE_BLOCK | PTE_AF | PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_PXN | PTE_UXN)

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
	.quad 0x2				/* flags: little-endian, 4 KiB pages */
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
	/* The boot tables. */
	ldr x11, =BLOCK_DEVICE
	ldr x12, =(BLOCK_NORMAL | RAM_BASE)
	adrp x9, boot_l1_ttbr0
	str x11, [x9, #0]
	str x12, [x9, #8]
	adrp x10, boot_l1_ttbr1
	str x11, [x10, #0]
	str x12, [x10, #8]
	str x12, [x10, #(511 * 8)]

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
	.p2align 12
	.globl boot_l1_ttbr0, boot_l1_ttbr1
boot_l1_ttbr0:	.skip 4096
boot_l1_ttbr1:	.skip 4096
	.p2align 4
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
