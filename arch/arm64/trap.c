/*
 * Exceptions.  ESR_EL1 says what happened (the exception class, EC, and its
 * syndrome, ISS); FAR_EL1 holds the faulting address of an abort.  A data
 * or instruction abort from user mode is decoded into a machine-independent
 * fault_info and handed to kern/ and vm/; an unexpected exception in kernel
 * mode is reported (registers, syndrome, backtrace) and stops the machine.
 */
#include <stddef.h>
#include <machine/cpufunc.h>
#include <machine/pte.h>
#include "arch/arm64/arm64.h"
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/extable.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/syscall.h"
#include "kern/trace.h"
#include "kern/trap.h"
#include "vm/fault.h"

_Static_assert(offsetof(struct trapframe, x[30]) == TF_X30, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, sp) == TF_SP, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, pc) == TF_PC, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, pstate) == TF_PSTATE, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, orig_x0) == TF_ORIG_X0, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, kind) == TF_KIND, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, esr) == TF_ESR, "vectors.S out of sync");
_Static_assert(offsetof(struct trapframe, far) == TF_FAR, "vectors.S out of sync");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "vectors.S out of sync");

static const char *const ec_names[64] = {
	[EC_UNKNOWN] = "unknown reason (undefined instruction)",
	[EC_WFX] = "WFI/WFE trapped",
	[EC_FPSIMD] = "FP/SIMD access trapped",
	[EC_BTI] = "branch target exception",
	[EC_ILLEGAL] = "illegal execution state",
	[EC_SVC64] = "SVC (system call)",
	[EC_SYS64] = "MSR/MRS/system instruction trapped",
	[EC_SVE] = "SVE access trapped",
	[EC_PAC] = "pointer authentication failure",
	[EC_IABT_LOW] = "instruction abort from EL0",
	[EC_IABT_CUR] = "instruction abort from EL1",
	[EC_PC_ALIGN] = "PC alignment fault",
	[EC_DABT_LOW] = "data abort from EL0",
	[EC_DABT_CUR] = "data abort from EL1",
	[EC_SP_ALIGN] = "SP alignment fault",
	[EC_FP64] = "floating-point exception",
	[EC_SERROR] = "SError",
	[EC_BRK_LOW] = "breakpoint from EL0",
	[EC_BRK_CUR] = "breakpoint from EL1",
	[EC_SS_LOW] = "software step from EL0",
	[EC_SS_CUR] = "software step from EL1",
	[EC_WATCH_LOW] = "watchpoint from EL0",
	[EC_WATCH_CUR] = "watchpoint from EL1",
	[EC_BRK64] = "BRK instruction",
};

static const char *const kind_names[16] = {
	"EL1t sync", "EL1t IRQ", "EL1t FIQ", "EL1t SError",
	"EL1h sync", "EL1h IRQ", "EL1h FIQ", "EL1h SError",
	"EL0 sync", "EL0 IRQ", "EL0 FIQ", "EL0 SError",
	"EL0 (AArch32) sync", "EL0 (AArch32) IRQ", "EL0 (AArch32) FIQ", "EL0 (AArch32) SError",
};

static const char *ec_name(uint64_t esr)
{
	const char *n = ec_names[ESR_EC(esr)];
	return n ? n : "unassigned exception class";
}

/* The data/instruction fault status code, in words. */
static const char *fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case FSC_ADDR_SIZE: return "address size fault";
	case FSC_TRANSLATION: return "translation fault";
	case FSC_ACCESS: return "access flag fault";
	case FSC_PERM: return "permission fault";
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	}
	return "other fault";
}

static bool is_abort(unsigned ec)
{
	return ec == EC_DABT_LOW || ec == EC_DABT_CUR || ec == EC_IABT_LOW || ec == EC_IABT_CUR;
}

/* The faulting pc, then the return addresses along the frame-record chain (x29). */
void backtrace_from(uint64_t pc, uint64_t fp)
{
	kprintf("backtrace:\n  0x%lx\n", pc);
	for (int depth = 0; fp && depth < 16; depth++) {
		const uint64_t *frame = (const uint64_t *)fp;
		if (fp < DMAP_BASE || (fp & 7))
			break;
		if (frame[1])
			kprintf("  0x%lx\n", frame[1]);
		fp = frame[0];
	}
}

__attribute__((noreturn)) static void kernel_fault(struct trapframe *tf, const char *what)
{
	unsigned ec = ESR_EC(tf->esr);

	kprintf("faultline: kernel %s (%s: EC %#x %s, ESR %#lx)\n", what, kind_names[tf->kind & 15], ec,
		ec_name(tf->esr), tf->esr);
	if (is_abort(ec)) {
		unsigned iss = ESR_ISS(tf->esr), fsc = ISS_FSC(iss);
		kprintf("  FAR 0x%016lx%s: %s at level %u, %s\n", tf->far, (iss & ISS_FNV) ? " (not valid)" : "",
			fsc_name(fsc), fsc & 3,
			(ec == EC_IABT_CUR || ec == EC_IABT_LOW) ? "instruction fetch" : (iss & ISS_WNR) ? "write" : "read");
	}
	kprintf("  pc 0x%016lx  sp 0x%016lx  pstate %#lx\n", tf->pc, tf->sp, tf->pstate);
	for (int i = 0; i < 30; i += 4) {
		kprintf(" ");
		for (int j = i; j < i + 4 && j < 31; j++)
			kprintf(" %sx%d 0x%016lx", j < 10 ? " " : "", j, tf->x[j]);
		kprintf("\n");
	}
	kprintf("  ttbr0 %#lx  ttbr1 %#lx  sctlr %#lx\n", READ_SYSREG(ttbr0_el1), READ_SYSREG(ttbr1_el1),
		READ_SYSREG(sctlr_el1));
	backtrace_from(tf->pc, tf->x[29]);
	arch_poweroff(OFF_PANIC);
}

/* arch_poweroff tries semihosting first: without -semihosting, QEMU makes
 * `hlt #0xf000` an undefined instruction, which lands here and is skipped. */
extern char semihosting_exit_insn[];
bool semihosting_probing;

static bool is_paging_fault(unsigned fsc)
{
	return (fsc & 0x3c) == FSC_TRANSLATION || (fsc & 0x3c) == FSC_PERM || (fsc & 0x3c) == FSC_ACCESS;
}

/* An address without its top-byte tag (TCR_EL1.TBI0), as Linux reports it:
 * bits 63:56 become copies of bit 55, which chooses the half. */
static uint64_t untagged(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 8) >> 8);
}

/* A data or instruction abort in words the machine-independent fault path reads. */
static struct fault_info abort_info(const struct trapframe *tf, bool user)
{
	unsigned ec = ESR_EC(tf->esr), iss = ESR_ISS(tf->esr), fsc = ISS_FSC(iss);
	bool exec = ec == EC_IABT_LOW || ec == EC_IABT_CUR;

	return (struct fault_info){
		.addr = untagged(tf->far),
		/* a cache maintenance instruction (CM, bit 8) reports WnR = 1: it is a read */
		.access = exec ? FA_EXEC : ((iss & ISS_WNR) && !(iss & (1u << 8))) ? FA_WRITE : FA_READ,
		.user = user,
		.present = (fsc & 0x3c) == FSC_PERM || (fsc & 0x3c) == FSC_ACCESS,
		.syndrome = tf->esr,
		.t_entry = __builtin_expect(trace_mode != 0, 0) ? arch_cycles() : 0,
	};
}

static void user_abort(struct trapframe *tf)
{
	unsigned fsc = ISS_FSC(ESR_ISS(tf->esr));
	struct fault_info fi = abort_info(tf, true);

	curproc->md.esr = tf->esr;
	curproc->md.far = fi.addr;
	if (!is_paging_fault(fsc)) {
		if (fsc == 0x21)
			kern_user_exception(SIGBUS, 1 /* BUS_ADRALN */, fi.addr, "alignment fault");
		else
			kern_user_exception(SIGBUS, 3 /* BUS_OBJERR */, fi.addr, fsc_name(fsc));
		return;
	}
	if (fi.addr >= USER_TOP) {
		kern_user_exception(SIGSEGV, SEGV_MAPERR, fi.addr, "access to a kernel address");
		return;
	}
	kern_page_fault(&fi);
}

/* A data abort in the kernel on a user address: only uaccess.S may do that,
 * and it resumes at its fixup when the fault cannot be satisfied. */
static void kernel_user_abort(struct trapframe *tf)
{
	uint64_t fixup = extable_fixup(tf->pc);
	unsigned fsc = ISS_FSC(ESR_ISS(tf->esr));

	if (!fixup)
		kernel_fault(tf, "data abort on a user address outside uaccess");
	if (!is_paging_fault(fsc)) {
		tf->pc = fixup;
		return;
	}
	struct fault_info fi = abort_info(tf, false);
	if (!kern_page_fault(&fi))
		tf->pc = fixup;
}

/* Exceptions from user mode: system calls, aborts, and the signals Linux sends. */
static void user_sync(struct trapframe *tf)
{
	unsigned ec = ESR_EC(tf->esr);

	switch (ec) {
	case EC_SVC64:
		/* System calls run with interrupts on, as on x86 (the page-fault
		 * path keeps them off: it is short and touches the page tables). */
		arch_irq_restore(true);
		syscall_dispatch(tf);
		kern_return_to_user(tf);
		return;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		user_abort(tf);
		break;
	case EC_UNKNOWN:
		kern_user_exception(SIGILL, 1 /* ILL_ILLOPC */, tf->pc, "undefined instruction");
		break;
	case EC_PC_ALIGN:
	case EC_SP_ALIGN:
		kern_user_exception(SIGBUS, 1 /* BUS_ADRALN */, ec == EC_PC_ALIGN ? tf->pc : tf->sp, ec_name(tf->esr));
		break;
	case EC_BTI:	/* an indirect branch into a guarded page, not onto a BTI */
		kern_user_exception(SIGILL, 1 /* ILL_ILLOPC */, tf->pc, "branch target exception");
		break;
	case EC_BRK64:
		kern_user_exception(SIGTRAP, 1 /* TRAP_BRKPT */, tf->pc, "brk instruction");
		break;
	default:
		kprintf("faultline: unexpected exception from user mode: EC %#x %s\n", ec, ec_name(tf->esr));
		kern_user_exception(SIGILL, 0x80 /* SI_KERNEL */, tf->pc, ec_name(tf->esr));
		break;
	}
	kern_return_to_user(tf);
}

void arm64_trap(struct trapframe *tf)
{
	unsigned src = tf->kind >> 2, type = tf->kind & 3;

	if (src == VEC_SRC_EL1H && type == VEC_SYNC) {
		unsigned ec = ESR_EC(tf->esr);
		if (ec == EC_UNKNOWN && semihosting_probing && tf->pc == (uint64_t)semihosting_exit_insn) {
			semihosting_probing = false;
			tf->pc += 4;
			return;
		}
		if (ec == EC_DABT_CUR && tf->far < USER_TOP) {
			kernel_user_abort(tf);
			return;
		}
		kernel_fault(tf, "exception");
	}
	if (src == VEC_SRC_EL0_64 && type == VEC_SYNC) {
		user_sync(tf);
		return;
	}
	if (type == VEC_IRQ && (src == VEC_SRC_EL0_64 || src == VEC_SRC_EL1H)) {
		arm64_irq(src == VEC_SRC_EL0_64);
		if (src == VEC_SRC_EL0_64)
			kern_return_to_user(tf);
		return;
	}
	kernel_fault(tf, "unexpected exception or interrupt");
}

const struct trace_arch_info *arch_trace_info(void)
{
	static const struct trace_arch_info info = {
		.arch = "arm64", .clock = "cntvct", .syndrome_name = "esr_el1",
		.page_shift = PAGE_SHIFT, .levels = PT_LEVELS, .va_bits = VA_BITS,
#if PT_LEVELS == 4
		.level_names = { "L0", "L1", "L2", "L3" },
#else
		.level_names = { "L1", "L2", "L3" },
#endif
		.entry_path = { "vectors", "trap_entry_el0", "arm64_trap", "user_abort", NULL },
		.exit_path = { "trap_return_el0", "eret", NULL },
	};
	return &info;
}
