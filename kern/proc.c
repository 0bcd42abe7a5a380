/* Processes: creation, and the end of one (with the page-accounting check). */
#include <machine/param.h>
#include "kern/arch.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/page.h"
#include "lib/string.h"

struct proc *curproc;
static int next_pid = 1;

struct proc *proc_alloc(void)
{
	struct proc *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->kstack = page_alloc_contig(KSTACK_PAGES, PG_KSTACK);
	if (!p->kstack) {
		kfree(p);
		return NULL;
	}
	p->tf = (struct trapframe *)((char *)page_kva(p->kstack) + KSTACK_SIZE) - 1;
	p->pid = next_pid++;
	p->dumpable = 1;
	for (int i = 0; i < RLIMIT_NLIMITS; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = 8ul << 20;
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 1048576 };
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8ul << 20, 8ul << 20 };
	return p;
}

static const char *signal_name(int sig)
{
	static const char *const names[] = {
		[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP",
		[6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL", [10] = "SIGUSR1",
		[11] = "SIGSEGV", [12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
	};
	return sig > 0 && sig < 16 ? names[sig] : "signal";
}

/* Every page that a process owned must be free again once it is gone. */
static bool pages_balanced(void)
{
	struct page_stats st;

	page_get_stats(&st);
	kprintf("faultline: pages after exit:");
	for (int o = 0; o < PG_NOWNERS; o++)
		kprintf(" %s %lu", page_owner_name((enum page_owner)o), st.by_owner[o]);
	kprintf("\n");
	return st.by_owner[PG_ANON] == 0 && st.by_owner[PG_SHARED] == 0 && st.by_owner[PG_PTABLE] == 0;
}

void proc_exit(struct proc *p, int wstatus)
{
	if (wstatus & 0x7f)
		kprintf("faultline: %s[%d] killed by %s\n", p->comm, p->pid, signal_name(wstatus & 0x7f));
	else
		kprintf("faultline: %s[%d] exited with status %d\n", p->comm, p->pid, (wstatus >> 8) & 0xff);
	kprintf("faultline: %s[%d]: %lu minor faults\n", p->comm, p->pid, p->minflt);
	vm_map_destroy(p->map);
	p->map = NULL;
	/* The first process is the only one: its end is the machine's. */
	if (!pages_balanced()) {
		kprintf("faultline: page leak after the process ended\n");
		arch_poweroff(OFF_PANIC);
	}
	if (wstatus & 0x7f)
		kprintf("@@faultline-exit signal=%d\n", wstatus & 0x7f);
	else
		kprintf("@@faultline-exit status=%d\n", (wstatus >> 8) & 0xff);
	arch_poweroff(OFF_NORMAL);
}

/* Linux's names for the si_code values that fault signals carry. */
static const char *code_name(int sig, int code)
{
	static const char *const segv[] = { [1] = "SEGV_MAPERR", [2] = "SEGV_ACCERR" };
	static const char *const ill[] = { [1] = "ILL_ILLOPC", [2] = "ILL_ILLOPN" };
	static const char *const fpe[] = { [1] = "FPE_INTDIV" };
	static const char *const bus[] = { [1] = "BUS_ADRALN", [2] = "BUS_ADRERR", [3] = "BUS_OBJERR" };
	static const char *const trap[] = { [1] = "TRAP_BRKPT", [2] = "TRAP_TRACE" };
	const char *name = NULL;

	if (code == SI_KERNEL)
		return "SI_KERNEL";
	switch (sig) {
	case SIGSEGV: name = code > 0 && code < 3 ? segv[code] : NULL; break;
	case SIGILL: name = code > 0 && code < 3 ? ill[code] : NULL; break;
	case SIGFPE: name = code == 1 ? fpe[code] : NULL; break;
	case SIGBUS: name = code > 0 && code < 4 ? bus[code] : NULL; break;
	case SIGTRAP: name = code > 0 && code < 3 ? trap[code] : NULL; break;
	}
	return name ? name : "-";
}

void proc_kill_fault(struct proc *p, int sig, int code, uintptr_t addr, const char *what)
{
	kprintf("faultline: %s[%d]: %s at 0x%lx: %s (%s, %s)\n", p->comm, p->pid, signal_name(sig), addr,
		what, signal_name(sig), code_name(sig, code));
	proc_exit(p, sig);
}
