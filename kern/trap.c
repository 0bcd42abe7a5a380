/* Machine-independent handling of what the arch trap code decodes. */
#include "kern/abi.h"
#include "kern/arch.h"
#include "lib/errno.h"
#include "kern/proc.h"
#include "kern/signal.h"
#include "kern/trap.h"
#include "vm/fault.h"
#include "lib/fmt.h"
#include "lib/string.h"

/* The one table from fault results to signals. */
static const struct { int sig, code; const char *why; } fault_signal[] = {
	[FR_MAPERR] = { SIGSEGV, SEGV_MAPERR, "no region" },
	[FR_ACCERR] = { SIGSEGV, SEGV_ACCERR, "the region forbids it" },
	[FR_OOM] = { SIGKILL, 0, "out of memory" },
};

bool kern_page_fault(const struct fault_info *fi)
{
	struct proc *p = curproc;
	struct fault_outcome out;
	enum fault_res r;

	if (!p || !p->map)
		return false;
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
