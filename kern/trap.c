/* Machine-independent handling of what the arch trap code decodes. */
#include "kern/abi.h"
#include "kern/arch.h"
#include "lib/errno.h"
#include "kern/proc.h"
#include "kern/signal.h"
#include "kern/trace.h"
#include "kern/trap.h"
#include "vm/map.h"
#include "vm/pmap.h"
#include "vm/fault.h"
#include "lib/fmt.h"
#include "lib/string.h"

/* The one table from fault results to signals. */
static const struct { int sig, code; const char *why; } fault_signal[] = {
	[FR_MAPERR] = { SIGSEGV, SEGV_MAPERR, "no region" },
	[FR_ACCERR] = { SIGSEGV, SEGV_ACCERR, "the region forbids it" },
	[FR_OOM] = { SIGKILL, 0, "out of memory" },
	[FR_BUSERR] = { SIGBUS, BUS_ADRERR, "past the end of the object" },
};

/* The same fault with the trace's extra readings: the walk before, stage clocks. */
static enum fault_res traced_fault(struct proc *p, const struct fault_info *fi, struct fault_outcome *out)
{
	struct fault_info tfi = *fi;
	struct pmap_walk before;
	uint64_t t0 = arch_cycles(), t1;
	enum fault_res r;

	pmap_walk(p->map->pmap, fi->addr, &before);
	t1 = arch_cycles();
	tfi.traced = true;
	r = vm_fault(p->map, &tfi, out);
	trace_fault(p, &tfi, r, out, &before, t1 - t0);
	return r;
}

bool kern_page_fault(const struct fault_info *fi)
{
	struct proc *p = curproc;
	struct fault_outcome out;
	enum fault_res r;

	if (!p || !p->map)
		return false;
	if (__builtin_expect(trace_mode != 0, 0) && trace_wants(p, p->trace_marked))
		r = traced_fault(p, fi, &out);
	else
		r = vm_fault(p->map, fi, &out);
	if (r == FR_DONE) {
		p->minflt++;
		return true;
	}
	if (!fi->user && r != FR_OOM)
		return false;		/* the system call returns EFAULT */
	fmt_snprintf(p->fault_what, sizeof(p->fault_what), "%s, %s", fault_access_name(fi->access),
		     fault_signal[r].why);
	if (fault_signal[r].sig == SIGKILL)
		proc_kill_fault(p, SIGKILL, 0, fi->addr, p->fault_what);
	signal_force_fault(p, fault_signal[r].sig, fault_signal[r].code, fi->addr);
	return true;
}

void kern_user_exception(int sig, int code, uintptr_t addr, const char *what)
{
	struct proc *p = curproc;

	strlcpy(p->fault_what, what, sizeof(p->fault_what));
	signal_force_fault(p, sig, code, addr);
}

void kern_return_to_user(struct trapframe *tf)
{
	if (__builtin_expect(trace_mode != 0, 0))
		trace_drain();
	if (curproc->sigpending)
		signal_deliver_pending(curproc, tf);
	/* Interrupted by a signal that needed no handler: just run it again. */
	if (tf_is_syscall(tf) && ((int64_t)tf_ret(tf) == -ERESTARTSYS || (int64_t)tf_ret(tf) == -ERESTARTNOHAND))
		tf_restart_syscall(tf, curproc->syscall_nr);
	if (curproc->restore_sigmask) {	/* rt_sigsuspend ended without a handler */
		curproc->sigmask = curproc->saved_sigmask;
		curproc->restore_sigmask = false;
	}
}

void kern_first_return(struct trapframe *tf)
{
	kern_return_to_user(tf);
}
