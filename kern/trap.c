/* Machine-independent handling of what the arch trap code decodes. */
#include "kern/abi.h"
#include "kern/proc.h"
#include "kern/trap.h"
#include "vm/fault.h"
#include "lib/fmt.h"

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
	char what[48];

	if (!p || !p->map)
		return false;
	r = vm_fault(p->map, fi, &out);
	if (r == FR_DONE) {
		p->minflt++;
		return true;
	}
	if (!fi->user && r != FR_OOM)
		return false;
	fmt_snprintf(what, sizeof(what), "%s, %s", fault_access_name(fi->access), fault_signal[r].why);
	proc_kill_fault(p, fault_signal[r].sig, fault_signal[r].code, fi->addr, what);
}

void kern_user_exception(int sig, int code, uintptr_t addr, const char *what)
{
	proc_kill_fault(curproc, sig, code, addr, what);
}
