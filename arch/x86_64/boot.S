/*
 * Boot: QEMU's PVH loader jumps to pvh_entry in 32-bit protected mode,
 * paging off, %ebx = physical address of the hvm_start_info block.
 *
 * We build just enough page tables to reach long mode and the higher half:
 *   PML4[0]   -> pdpt_low  : identity map of the first 1 GiB (to survive enabling paging)
 *   PML4[256] -> pdpt_low  : DMAP_BASE + first 1 GiB (the direct map, grown later in C)
 *   PML4[511] -> pdpt_high : PDPT[510] maps KERNEL_BASE -> physical 0
 * all through one page directory of 2 MiB pages.  pmap_bootstrap() replaces
 * these with the final kernel tables.
 */
#include <machine/param.h>
#include <machine/segments.h>

#define PHYS(x)	((x) - KERNEL_BASE)

	/* The PVH entry note: Xen's XEN_ELFNOTE_PHYS32_ENTRY (18). */
	.section .note.pvh, "a"
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long PHYS(pvh_entry)

	.section .boot.text, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	cld
	movl %ebx, %esi				/* start_info, kept for kmain */
	movl $PHYS(boot_stack_top), %esp

	/* Zero .bss (the page tables below live there). */
	movl $PHYS(__bss_start), %edi
	movl $PHYS(__bss_end), %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl

	/* Page directory: 512 x 2 MiB, present | writable | large. */
	movl $PHYS(boot_pd), %edi
	movl $0x83, %eax
	movl $512, %ecx
1:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	loop 1b

	movl $PHYS(boot_pd) + 3, %eax
	movl %eax, PHYS(boot_pdpt_low)
	movl %eax, PHYS(boot_pdpt_high) + 510 * 8
	movl $PHYS(boot_pdpt_low) + 3, %eax
	movl %eax, PHYS(boot_pml4)
	movl %eax, PHYS(boot_pml4) + 256 * 8
	movl $PHYS(boot_pdpt_high) + 3, %eax
	movl %eax, PHYS(boot_pml4) + 511 * 8

	movl %cr4, %eax
	orl $(1 << 5), %eax			/* PAE */
	movl %eax, %cr4
	movl $PHYS(boot_pml4), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx			/* EFER: long mode + no-execute */
	rdmsr
	orl $((1 << 8) | (1 << 11)), %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax			/* PG | WP | PE */
	movl %eax, %cr0

	lgdt PHYS(boot_gdt_ptr)
	ljmp $GDT_KCODE, $PHYS(long_mode_low)

	.code64
long_mode_low:
	movabsq $long_mode_high, %rax
	jmp *%rax

	.text
long_mode_high:
	movl $GDT_KDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl %esi, %edi				/* kmain(start_info_pa) */
	call arch_main
2:	hlt
	jmp 2b

	.section .rodata
	.p2align 3
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff		/* 0x08: 64-bit kernel code */
	.quad 0x00cf92000000ffff		/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.bss
	.p2align 12
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
