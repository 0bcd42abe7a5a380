/* The GDT, the TSS (for the kernel stack on entry from user mode) and the
 * per-CPU block behind %gs. */
#include <machine/cpufunc.h>
#include <machine/segments.h>
#include "arch/x86_64/x86.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss0;
struct pcpu cpu0;

static uint64_t gdt[7] = {
	[GDT_KCODE / 8] = 0x00af9a000000ffff,	/* 64-bit, DPL 0 */
	[GDT_KDATA / 8] = 0x00cf92000000ffff,
	[GDT_UDATA / 8] = 0x00cff2000000ffff,	/* DPL 3 */
	[GDT_UCODE / 8] = 0x00affa000000ffff,
};

void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss0, limit = sizeof(tss0) - 1;
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) ptr = { sizeof(gdt) - 1, (uint64_t)gdt };

	tss0.iomap_base = sizeof(tss0);		/* no I/O permission bitmap */
	gdt[GDT_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
			   ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[GDT_TSS / 8 + 1] = base >> 32;
	__asm__ volatile("lgdt %0" :: "m"(ptr));
	__asm__ volatile(
		"pushq %0\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %1, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		:: "i"(SEL_KCODE), "i"(SEL_KDATA) : "rax", "memory");
	__asm__ volatile("ltr %w0" :: "r"(GDT_TSS));

	cpu0.self = &cpu0;
	wrmsr(MSR_GS_BASE, (uint64_t)&cpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void tss_set_kstack(uint64_t top)
{
	tss0.rsp[0] = top;
	cpu0.kstack_top = top;
}

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* syscall: CS = STAR[47:32]; sysret: CS = STAR[63:48] + 16, SS = + 8. */
	wrmsr(MSR_STAR, (uint64_t)(SEL_UDATA - 8) << 48 | (uint64_t)SEL_KCODE << 32);
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Clear IF, TF, DF, AC, NT on entry. */
	wrmsr(MSR_SFMASK, (1u << 9) | (1u << 8) | (1u << 10) | (1u << 18) | (1u << 14));
}
