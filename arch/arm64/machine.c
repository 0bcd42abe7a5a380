/*
 * arch_main: from boot.S (MMU on, running in the upper half on the boot
 * tables) to kern_main.  Reads the device tree (memory, initramfs, command
 * line, PSCI conduit), builds the kernel page tables and the page
 * allocator.  Also: how the machine stops, and the clocks.
 */
#include <machine/cpufunc.h>
#include <machine/param.h>
#include "arch/arm64/arm64.h"
#include "kern/arch.h"
#include "kern/cmdline.h"
#include "kern/main.h"
#include "kern/printk.h"
#include "vm/bootmem.h"
#include "vm/page.h"
#include "lib/assert.h"
#include "lib/compiler.h"
#include "lib/string.h"

static char cmdline[1024];
static struct fdt_info fdt;
bool psci_use_smc;
static uint64_t realtime_boot_ns;
static unsigned pan_level;		/* see cpu_memory_setup() */
static void bti_setup(void);

extern char __kernel_start[], __kernel_end[];
extern bool semihosting_probing;
void semihosting_exit(const uint64_t block[2]);
void psci_call(uint64_t function, bool use_smc);

/* The PL031 real-time clock of QEMU virt: seconds since the epoch. */
#define RTC_PHYS 0x09010000ul
static uint64_t rtc_seconds(void)
{
	return *(volatile uint32_t *)PHYS_TO_KVA(RTC_PHYS);
}

void arch_main(uint64_t dtb_pa, uint64_t boot_el)
{
	paddr_t kstart = KIMG_TO_PHYS(__kernel_start), kend = KIMG_TO_PHYS(__kernel_end);

	pl011_init();
	if (!dtb_pa)			/* an ELF image: QEMU put the DTB at the start of RAM */
		dtb_pa = RAM_BASE;
	if (fdt_parse(PHYS_TO_KVA(dtb_pa), &fdt) != 0)
		panic("no device tree at %#lx", dtb_pa);
	psci_use_smc = fdt.psci_smc;
	strlcpy(cmdline, fdt.bootargs, sizeof(cmdline));
	console_set_split(cmdline_get(cmdline, "fl.console", (char[8]){ 0 }, 8) != NULL);
	kprintf("faultline: arm64, entered at EL%lu, running at EL%lu; MMU on, image at %p\n", boot_el,
		READ_SYSREG(CurrentEL) >> 2, (void *)__kernel_start);
	kprintf("faultline: device tree at %#lx (%u bytes), PSCI by %s; command line: %s\n", dtb_pa,
		fdt.totalsize, fdt.psci_smc ? "smc" : "hvc", cmdline);
	for (int i = 0; i < fdt.nmem; i++) {
		kprintf("faultline: memory %#lx-%#lx (%lu MiB)\n", fdt.mem[i].base,
			fdt.mem[i].base + fdt.mem[i].size, fdt.mem[i].size >> 20);
		if (!bootmem_add_ram(fdt.mem[i].base, fdt.mem[i].base + fdt.mem[i].size))
			kprintf("faultline: warning: too many memory ranges; this one is left unused\n");
	}
	if (bootmem_ram_end() == 0)
		panic("the device tree has no /memory");

	bootmem_reserve(dtb_pa, dtb_pa + fdt.totalsize);
	bootmem_reserve(kstart, kend);
	if (fdt.initrd_end > fdt.initrd_start) {
		bootmem_reserve(fdt.initrd_start, fdt.initrd_end);
		kprintf("faultline: initramfs at %#lx-%#lx\n", fdt.initrd_start, fdt.initrd_end);
	}
	bootmem_start_allocator(kend, RAM_BASE + (1ul << 30));	/* boot.S maps the first GiB of RAM */
	arm64_pmap_bootstrap(bootmem_ram_end());
	bootmem_hand_over();
	page_zero_init();
	cpu_memory_setup();
	/* EL0 may read the virtual counter (CNTVCT_EL0), as Linux allows. */
	WRITE_SYSREG(cntkctl_el1, 1u << 1);
	WRITE_SYSREG(tpidrro_el0, 0);
	gic_init();
	timer_start();
	realtime_boot_ns = rtc_seconds() * 1000000000ull;

	struct page_stats st;
	page_get_stats(&st);
	kprintf("faultline: %lu MiB of RAM, %lu pages free; generic timer at %lu Hz; PAN %s (level %u)\n",
		(st.total - st.by_owner[PG_RESERVED]) * PAGE_SIZE >> 20, st.by_owner[PG_FREE],
		READ_SYSREG(cntfrq_el0), pan_level ? "on" : "absent", pan_level);
	kern_main(cmdline, fdt.initrd_end > fdt.initrd_start ? PHYS_TO_KVA(fdt.initrd_start) : NULL,
		  fdt.initrd_end - fdt.initrd_start);
}

/*
 * Hardware access-flag and dirty-state management (FEAT_HAFDBS), which
 * Linux turns on when the CPU has it: a write to a clean writable page
 * (DBM set, read-only) then makes it dirty without a fault.
 */
static void hafdbs_setup(void)
{
	unsigned level = READ_SYSREG(id_aa64mmfr1_el1) & 0xf;

	if (level >= 1)
		WRITE_SYSREG(tcr_el1, READ_SYSREG(tcr_el1) | (1ul << 39) | (level >= 2 ? 1ul << 40 : 0));
	isb();
	tlb_flush_all();
}

/*
 * The CPU's memory features, turned on as Linux turns them on.  PAN
 * (privileged access never): with it on, a kernel access to a user page
 * faults, so a stray user pointer in the kernel is caught at once; uaccess.S
 * reaches user memory with unprivileged loads and stores, which PAN does not
 * stop.  SCTLR_EL1.SPAN = 0 sets PSTATE.PAN on every exception entry.
 * pan_level: 0 absent, 1 PAN, 2 PAN2, 3 PAN3 (EPAN: PAN also covers
 * execute-only pages, which lets Linux 6.1 offer PROT_EXEC without read;
 * not done here: QEMU 7.2's -cpu max has PAN2).
 */
void cpu_memory_setup(void)
{
	hafdbs_setup();
	bti_setup();
	pan_level = (READ_SYSREG(id_aa64mmfr1_el1) >> 20) & 0xf;
	if (!pan_level)
		return;
	WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~(1ul << 23));	/* SPAN */
	__asm__ volatile(".inst 0xd500419f" ::: "memory");			/* msr pan, #1 */
	isb();
}

/*
 * Stopping.  First semihosting SYS_EXIT with (why << 1) | 1, the status
 * x86's isa-debug-exit gives, so the runner maps statuses the same way on
 * both architectures (QEMU must run with -semihosting).  Without
 * semihosting that traps and is skipped, and PSCI SYSTEM_OFF ends QEMU with
 * status 0: the reason is then only in the log.
 */
void arch_poweroff(enum poweroff_reason why)
{
	const uint64_t block[2] = { 0x20026 /* ADP_Stopped_ApplicationExit */, ((uint64_t)why << 1) | 1 };

	irq_disable();
	semihosting_probing = true;
	semihosting_exit(block);
	semihosting_probing = false;
	psci_call(0x84000008 /* PSCI SYSTEM_OFF */, psci_use_smc);
	for (;;)
		cpu_wfi();
}

/* The generic timer's virtual counter (62.5 MHz on QEMU virt). */
uint64_t arch_cycles(void)
{
	isb();
	return READ_SYSREG(cntvct_el0);
}

uint64_t arch_time_ns(void)
{
	uint64_t c = arch_cycles(), f = READ_SYSREG(cntfrq_el0);
	return c / f * 1000000000ull + c % f * 1000000000ull / f;
}

uint64_t arch_realtime_boot_ns(void)
{
	return realtime_boot_ns;
}

bool arch_random(uint64_t *v)
{
	uint64_t ok;

	if ((READ_SYSREG(id_aa64isar0_el1) >> 60) == 0)
		return false;			/* no FEAT_RNG */
	for (int tries = 0; tries < 10; tries++) {
		__asm__ volatile("mrs %0, s3_3_c2_c4_0; cset %1, ne" : "=r"(*v), "=r"(ok) :: "cc");	/* RNDR */
		if (ok)
			return true;
	}
	return false;
}

/*
 * Linux's AT_HWCAP on arm64, from the ID registers as Linux reads them: the
 * instruction-set features a program may use without help from the kernel.
 * Left out because Faultline does not provide what they promise: SVE
 * (its register state is not saved), CPUID (Linux emulates MRS of the ID
 * registers at EL0), EVTSTRM (no timer event stream), PACA/PACG (no
 * per-process pointer-authentication keys).
 */
struct hwcap_field { uint8_t reg, shift, min, bit; };
enum { ISAR0, ISAR1, PFR0, MMFR2 };

static const struct hwcap_field hwcap_fields[] = {
	{ ISAR0, 4, 1, 3 },	/* AES */
	{ ISAR0, 4, 2, 4 },	/* PMULL */
	{ ISAR0, 8, 1, 5 },	/* SHA1 */
	{ ISAR0, 12, 1, 6 },	/* SHA2 */
	{ ISAR0, 16, 1, 7 },	/* CRC32 */
	{ ISAR0, 20, 2, 8 },	/* ATOMICS (LSE) */
	{ ISAR0, 28, 1, 12 },	/* ASIMDRDM */
	{ ISAR0, 32, 1, 17 },	/* SHA3 */
	{ ISAR0, 36, 1, 18 },	/* SM3 */
	{ ISAR0, 40, 1, 19 },	/* SM4 */
	{ ISAR0, 44, 1, 20 },	/* ASIMDDP */
	{ ISAR0, 12, 2, 21 },	/* SHA512 */
	{ ISAR0, 48, 1, 23 },	/* ASIMDFHM */
	{ ISAR0, 52, 1, 27 },	/* FLAGM */
	{ ISAR1, 0, 1, 16 },	/* DCPOP */
	{ ISAR1, 12, 1, 13 },	/* JSCVT */
	{ ISAR1, 16, 1, 14 },	/* FCMA */
	{ ISAR1, 20, 1, 15 },	/* LRCPC */
	{ ISAR1, 20, 2, 26 },	/* ILRCPC */
	{ ISAR1, 36, 1, 29 },	/* SB */
	{ PFR0, 48, 1, 24 },	/* DIT */
	{ MMFR2, 32, 1, 25 },	/* USCAT */
};

uint64_t arch_hwcap(void)
{
	uint64_t regs[] = { READ_SYSREG(id_aa64isar0_el1), READ_SYSREG(id_aa64isar1_el1),
			    READ_SYSREG(id_aa64pfr0_el1), READ_SYSREG(id_aa64mmfr2_el1) };
	unsigned fp = (regs[PFR0] >> 16) & 0xf, simd = (regs[PFR0] >> 20) & 0xf;
	uint64_t caps = 0;

	/* FP and AdvSIMD: 0 present, 1 with half precision, 0xf absent */
	if (fp != 0xf)
		caps |= 1u << 0 | (fp >= 1 ? 1u << 9 : 0);		/* FP, FPHP */
	if (simd != 0xf)
		caps |= 1u << 1 | (simd >= 1 ? 1u << 10 : 0);		/* ASIMD, ASIMDHP */
	for (size_t i = 0; i < sizeof(hwcap_fields) / sizeof(hwcap_fields[0]); i++) {
		const struct hwcap_field *f = &hwcap_fields[i];
		if (((regs[f->reg] >> f->shift) & 0xf) >= f->min)
			caps |= 1ull << f->bit;
	}
	return caps;
}

/*
 * PROT_BTI (0x10): Linux accepts it from mmap and mprotect when the CPU has
 * branch target identification; the region keeps it (regions that differ in
 * it do not merge, as Linux's VM_ARM64_BTI) and its pages are guarded (the
 * pmap's GP bit, VM_PROT_ARCH).
 */
unsigned arch_prot_bits(void)
{
	return (READ_SYSREG(id_aa64pfr1_el1) & 0xf) ? 0x10 : 0;
}

/* With BTI, guarded pages (PROT_BTI) are enforced at EL0 (SCTLR_EL1.BT0),
 * as Linux does: an indirect branch there must land on a BTI instruction. */
static void bti_setup(void)
{
	if (arch_prot_bits())
		WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) | (1ul << 35));
	isb();
}

bool arch_irq_save(void)
{
	uint64_t daif = READ_SYSREG(daif);
	irq_disable();
	return !(daif & (1u << 7));	/* I clear: were enabled */
}

void arch_irq_restore(bool enabled)
{
	if (enabled)
		__asm__ volatile("msr daifclr, #0x2" ::: "memory");
}

/* Called with interrupts masked: WFI still wakes on a pending interrupt,
 * which is then taken in the short unmasked window. */
void arch_idle(void)
{
	cpu_wfi();
	__asm__ volatile("msr daifclr, #0x2; isb; msr daifset, #0x2" ::: "memory");
}
