/*
 * arch_main: from the PVH entry to kern_main.  Reads the boot information
 * (memory map, initramfs, command line), builds the kernel page tables and
 * the page allocator, and sets up the CPU: GDT/TSS, IDT, syscall MSRs, and
 * the protections (NX, SMEP, SMAP) the kernel relies on.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include <machine/segments.h>
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/main.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "vm/bootmem.h"
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/compiler.h"
#include "lib/string.h"

/* hvm_start_info, the PVH boot protocol (version 1 adds the memory map). */
struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};
struct hvm_modlist_entry { uint64_t paddr, size, cmdline_paddr, reserved; };
struct hvm_memmap_entry { uint64_t addr, size; uint32_t type, reserved; };
#define HVM_START_MAGIC 0x336ec578
#define E820_RAM 1

static char cmdline[1024];
static paddr_t initrd_pa;
static uint64_t initrd_len;
static bool have_nx, have_smep, have_smap, have_rdrand;

extern char __kernel_start[], __kernel_end[];

/* Boot data below 1 GiB is reachable through the boot direct map. */
static void *early_kva(paddr_t pa) { return PHYS_TO_KVA(pa); }

static void read_start_info(uint32_t pa)
{
	const struct hvm_start_info *si = early_kva(pa);

	if (si->magic != HVM_START_MAGIC)
		panic("not booted through PVH (start_info magic %#x)", si->magic);
	if (si->cmdline_paddr)
		strlcpy(cmdline, early_kva(si->cmdline_paddr), sizeof(cmdline));
	if (si->nr_modules > 0) {
		const struct hvm_modlist_entry *m = early_kva(si->modlist_paddr);
		initrd_pa = m[0].paddr;
		initrd_len = m[0].size;
	}
	if (si->version < 1 || si->memmap_entries == 0)
		panic("the boot loader gave no memory map");
	const struct hvm_memmap_entry *mm = early_kva(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM && !bootmem_add_ram(mm[i].addr, mm[i].addr + mm[i].size))
			kprintf("faultline: warning: RAM at %#lx and above left unused\n", mm[i].addr);
}

static void cpu_features(void)
{
	uint32_t r[4];

	cpuid(0x80000001, 0, r);
	have_nx = r[3] & (1u << 20);
	cpuid(1, 0, r);
	have_rdrand = r[2] & (1u << 30);
	cpuid(7, 0, r);
	have_smep = r[1] & (1u << 7);
	have_smap = r[1] & (1u << 20);
}

static void cpu_protections(void)
{
	uint64_t cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE;

	if (have_smep)
		cr4 |= CR4_SMEP;
	if (have_smap)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	if (!have_nx)
		kprintf("faultline: warning: no NX bit; non-executable mappings are executable\n");
}

/* SSE state for user programs: enable x87/SSE and AVX state if XSAVE exists. */
static void fpu_init(void)
{
	uint64_t cr0;
	uint32_t r[4];

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 &= ~(1ull << 2);		/* EM */
	cr0 |= (1ull << 1) | (1ull << 5);	/* MP, NE */
	__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
	__asm__ volatile("fninit");
	cpuid(1, 0, r);
	if (r[2] & (1u << 26)) {	/* XSAVE: turn on the state components the CPU has */
		write_cr4(read_cr4() | CR4_OSXSAVE);
		uint32_t x[4];
		cpuid(0xd, 0, x);
		uint64_t mask = x[0] & 0x7;	/* x87, SSE, AVX */
		__asm__ volatile("xsetbv" :: "c"(0), "a"((uint32_t)mask), "d"(0));
	}
}

void arch_main(uint32_t start_info_pa)
{
	paddr_t kstart = KIMG_TO_PHYS(__kernel_start), kend = KIMG_TO_PHYS(__kernel_end);

	serial_init();
	read_start_info(start_info_pa);
	console_set_split(cmdline_get(cmdline, "fl.console", (char[8]){ 0 }, 8) != NULL);
	kprintf("faultline: x86-64, booted by PVH; command line: %s\n", cmdline);
	cpu_features();

	bootmem_reserve(0, 0x100000);		/* firmware and boot data */
	bootmem_reserve(kstart, kend);
	if (initrd_len)
		bootmem_reserve(initrd_pa, initrd_pa + initrd_len);
	bootmem_start_allocator(kend, 1ul << 30);	/* boot.S maps the first GiB */
	pmap_bootstrap(bootmem_ram_end(), bootmem_alloc_page, have_nx);
	lapic_map();
	bootmem_hand_over();
	page_zero_init();

	gdt_init();
	pic_disable();
	idt_init();
	syscall_init();
	fpu_init();
	fpu_setup();
	cpu_protections();
	tsc_calibrate();
	timer_start();

	struct page_stats st;
	page_get_stats(&st);
	kprintf("faultline: %lu MiB of RAM, %lu pages free; NX %s, SMEP %s, SMAP %s\n",
		(st.total - st.by_owner[PG_RESERVED]) * PAGE_SIZE >> 20, st.by_owner[PG_FREE],
		have_nx ? "on" : "absent", have_smep ? "on" : "absent", have_smap ? "on" : "absent");
	kern_main(cmdline, initrd_len ? PHYS_TO_KVA(initrd_pa) : NULL, initrd_len);
}

bool arch_random(uint64_t *v)
{
	unsigned char ok = 0;

	if (!have_rdrand)
		return false;
	for (int tries = 0; tries < 10 && !ok; tries++)
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

uint64_t arch_hwcap(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return r[3];			/* Linux's AT_HWCAP on x86-64: CPUID.1:EDX */
}

void arch_poweroff(enum poweroff_reason why)
{
	irq_disable();
	/* isa-debug-exit: QEMU exits with status (why << 1) | 1. */
	outl(0xf4, (uint32_t)why);
	/* Without that device: ACPI S5 through QEMU's PIIX4 PM block, then halt. */
	__asm__ volatile("outw %0, %1" :: "a"((uint16_t)0x2000), "Nd"((uint16_t)0x604));
	for (;;)
		cpu_halt();
}

void arch_frame_init_user(struct trapframe *tf, uintptr_t entry, uintptr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = entry;
	tf->rsp = sp;
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	tf->rflags = 0x202;		/* IF */
}

void arch_enter_user(struct trapframe *tf)
{
	enter_user(tf);
}

void arch_proc_activate(struct proc *p)
{
	tss_set_kstack((uint64_t)(p->tf + 1));
	wrmsr(MSR_FS_BASE, p->md.fs_base);
	wrmsr(MSR_KERNEL_GS_BASE, p->md.gs_base);	/* swapped in on the way to user mode */
}
