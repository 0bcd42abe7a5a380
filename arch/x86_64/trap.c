/*
 * Exceptions: the IDT, and what each vector means.  A page fault is decoded
 * here (CR2 and the error code) into a machine-independent fault_info and
 * handed to kern/ and vm/; everything else from user mode becomes a signal,
 * and anything unexpected in kernel mode is reported and stops the machine.
 */
#include <stddef.h>
#include <machine/cpufunc.h>
#include <machine/pte.h>
#include <machine/segments.h>
#include "arch/x86_64/x86.h"
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/extable.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/sched.h"
#include "kern/syscall.h"
#include "kern/trace.h"
#include "kern/trap.h"
#include "vm/fault.h"

_Static_assert(offsetof(struct trapframe, r15) == TF_R15, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, r11) == TF_R11, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, rcx) == TF_RCX, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, rax) == TF_RAX, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, vector) == TF_VECTOR, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, rip) == TF_RIP, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, cs) == TF_CS, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, rflags) == TF_RFLAGS, "entry.S out of sync");
_Static_assert(offsetof(struct trapframe, rsp) == TF_RSP, "entry.S out of sync");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "entry.S out of sync");
_Static_assert(offsetof(struct pcpu, kstack_top) == PCPU_KSTACK, "entry.S out of sync");
_Static_assert(offsetof(struct pcpu, user_rsp) == PCPU_USTACK, "entry.S out of sync");

enum {
	T_DE = 0, T_DB = 1, T_NMI = 2, T_BP = 3, T_OF = 4, T_BR = 5, T_UD = 6, T_NM = 7, T_DF = 8,
	T_TS = 10, T_NP = 11, T_SS = 12, T_GP = 13, T_PF = 14, T_MF = 16, T_AC = 17, T_MC = 18, T_XM = 19,
};

static const char *const vector_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range", "invalid opcode",
	"device not available", "double fault", "coprocessor overrun", "invalid TSS", "segment not present",
	"stack fault", "general protection", "page fault", "reserved", "x87 FP error", "alignment check",
	"machine check", "SIMD FP error", "virtualization", "control protection",
};

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

static struct idt_gate idt[48];

void idt_init(void)
{
	for (int v = 0; v < 48; v++) {
		uint64_t h = trap_vector_table[v];
		/* 0x8e: present interrupt gate, DPL 0 (interrupts stay off in handlers);
		 * int3 is reachable from user mode (DPL 3), as on Linux. */
		idt[v] = (struct idt_gate){ (uint16_t)h, SEL_KCODE, 0, v == T_BP ? 0xee : 0x8e,
					    (uint16_t)(h >> 16), (uint32_t)(h >> 32), 0 };
	}
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" :: "m"(ptr));
}

/* The faulting instruction, then the return addresses along the frame-pointer chain. */
void backtrace_from(uint64_t rip, uint64_t rbp)
{
	kprintf("backtrace:\n  0x%lx\n", rip);
	for (int depth = 0; rbp && depth < 16; depth++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		if (rbp < KERNEL_BASE || (rbp & 7))
			break;
		kprintf("  0x%lx\n", frame[1]);
		rbp = frame[0];
	}
}

__attribute__((noreturn)) static void kernel_fault(struct trapframe *tf, const char *what)
{
	kprintf("faultline: kernel %s (vector %lu, error %#lx)\n", what, tf->vector, tf->err);
	kprintf("  rip 0x%016lx  cs %#lx  rflags %#lx  rsp 0x%016lx  ss %#lx\n", tf->rip, tf->cs, tf->rflags,
		tf->rsp, tf->ss);
	kprintf("  rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx  rdx 0x%016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
	kprintf("  rsi 0x%016lx  rdi 0x%016lx  rbp 0x%016lx  r8  0x%016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
	kprintf("  r9  0x%016lx  r10 0x%016lx  r11 0x%016lx  r12 0x%016lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
	kprintf("  r13 0x%016lx  r14 0x%016lx  r15 0x%016lx\n", tf->r13, tf->r14, tf->r15);
	kprintf("  cr2 0x%016lx  cr3 0x%016lx  cr4 %#lx\n", read_cr2(), read_cr3(), read_cr4());
	backtrace_from(tf->rip, tf->rbp);
	arch_poweroff(OFF_PANIC);
}

static void page_fault(struct trapframe *tf)
{
	uint64_t t_entry = __builtin_expect(trace_mode != 0, 0) ? rdtsc() : 0;
	uint64_t addr = read_cr2();
	bool user = tf->cs & 3;
	struct fault_info fi = {
		.addr = addr,
		.access = (tf->err & PF_I) ? FA_EXEC : (tf->err & PF_W) ? FA_WRITE : FA_READ,
		.user = user,
		.present = tf->err & PF_P,
		.syndrome = tf->err,
		.t_entry = t_entry,
	};

	if (tf->err & PF_RSVD)
		kernel_fault(tf, "page fault with reserved bits set in a page table");
	if (user) {			/* for the signal frame's sigcontext */
		curproc->md.trapno = T_PF;
		curproc->md.err = tf->err;
		curproc->md.cr2 = addr;
	}
	if (addr >= USER_TOP) {
		if (!user)
			kernel_fault(tf, "page fault at a kernel address");
		kern_user_exception(SIGSEGV, SEGV_MAPERR, addr, "access to a kernel address");
		return;
	}
	if (!user) {
		/* Only uaccess.S may touch user memory, and only it can recover. */
		uint64_t fixup = extable_fixup(tf->rip);
		if (!fixup)
			kernel_fault(tf, "page fault on a user address outside uaccess");
		if (!kern_page_fault(&fi))
			tf->rip = fixup;
		return;
	}
	kern_page_fault(&fi);
}

static void user_exception(struct trapframe *tf);

void trap(struct trapframe *tf)
{
	bool user = tf->cs & 3;

	if (tf->vector >= 32) {			/* interrupts, from either mode */
		if (tf->vector == 32) {		/* the timer */
			timer_eoi();
			sched_timer_tick(user);
		}
		/* anything else is spurious (PIC IRQ 7 or 15, the APIC's vector 47) */
		if (user)
			kern_return_to_user(tf);
		return;
	}
	if (tf->vector == T_PF) {
		page_fault(tf);
		if (user)
			kern_return_to_user(tf);
		return;
	}
	if (!user)
		kernel_fault(tf, tf->vector < 32 ? vector_names[tf->vector] : "interrupt");
	user_exception(tf);
	kern_return_to_user(tf);
}

/* Exceptions from user mode become the signals Linux sends for them. */
static void user_exception(struct trapframe *tf)
{
	curproc->md.trapno = tf->vector;
	curproc->md.err = tf->err;
	switch (tf->vector) {
	case T_DE:
		kern_user_exception(SIGFPE, 1 /* FPE_INTDIV */, tf->rip, "divide error");
		break;
	case T_UD:
		kern_user_exception(SIGILL, 2 /* ILL_ILLOPN */, tf->rip, "invalid opcode");
		break;
	case T_BP:
		/* int3 has already advanced rip; Linux reports SI_KERNEL with no address */
		kern_user_exception(SIGTRAP, 0x80 /* SI_KERNEL */, 0, "breakpoint");
		break;
	case T_DB:
		kern_user_exception(SIGTRAP, 2 /* TRAP_TRACE */, tf->rip, "debug trap");
		break;
	case T_MF:
	case T_XM:
		kern_user_exception(SIGFPE, 0, tf->rip, "floating-point exception");
		break;
	case T_AC:
		kern_user_exception(SIGBUS, 1 /* BUS_ADRALN */, tf->rip, "alignment check");
		break;
	case T_GP:
	case T_SS:
	case T_NP:
		kern_user_exception(SIGSEGV, 0x80 /* SI_KERNEL */, 0, "general protection fault");
		break;
	default:
		kprintf("faultline: unexpected vector %lu from user mode\n", tf->vector);
		kern_user_exception(SIGSEGV, 0x80, 0, "unexpected exception");
		break;
	}
}

void syscall_trap(struct trapframe *tf)
{
	syscall_dispatch(tf);
	kern_return_to_user(tf);
}

const struct trace_arch_info *arch_trace_info(void)
{
	static const struct trace_arch_info info = {
		.arch = "x86_64", .clock = "tsc", .syndrome_name = "error_code",
		.page_shift = 12, .levels = 4, .va_bits = 48,
		.level_names = { "PML4", "PDPT", "PD", "PT" },
		.entry_path = { "vector_14", "trap_common", "trap", "page_fault", NULL },
		.exit_path = { "trap_return", "iretq", NULL },
	};
	return &info;
}
