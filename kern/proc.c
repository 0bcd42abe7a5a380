/* Processes: creation, and the end of one (with the page-accounting check). */
#include <machine/param.h>
#include "kern/arch.h"
#include "kern/file.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/sigtramp.h"
#include "kern/sched.h"
#include "kern/trace.h"
#include "kern/uaccess.h"
#include "vm/fault.h"
#include "vm/kmem.h"
#include "vm/map.h"
#include "vm/page.h"
#include "lib/errno.h"
#include "lib/string.h"

struct proc *curproc;
struct proc *proc_table[NPROC];
static int next_pid = 1;

_Static_assert(sizeof(struct proc) <= KMEM_MAX, "struct proc must fit kmalloc");

struct proc *proc_find(int pid)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i] && proc_table[i]->pid == pid && proc_table[i]->state != P_EMBRYO)
			return proc_table[i];
	return NULL;
}

/* A new process in a free slot, with a kernel stack, default limits and no
 * address space yet; NULL when the table is full or memory is short
 * (*err says which). */
static struct proc *proc_new(int *err)
{
	int slot = -1;
	struct proc *p;

	for (int i = 0; i < NPROC && slot < 0; i++)
		if (!proc_table[i])
			slot = i;
	*err = -EAGAIN;
	if (slot < 0)
		return NULL;
	*err = -ENOMEM;
	p = kzalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->kstack = page_alloc_contig(KSTACK_PAGES, PG_KSTACK);
	if (!p->kstack) {
		kfree(p);
		return NULL;
	}
	p->tf = (struct trapframe *)((char *)page_kva(p->kstack) + KSTACK_SIZE) - 1;
	p->pid = next_pid++;
	p->state = P_EMBRYO;
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->runq);
	proc_table[slot] = p;
	return p;
}

struct proc *proc_alloc(void)
{
	int err;
	struct proc *p = proc_new(&err);

	if (!p)
		return NULL;
	if (arch_proc_init(p, NULL) != 0) {
		proc_free(p);
		return NULL;
	}
	for (int i = 0; i < RLIMIT_NLIMITS; i++)
		p->rlim[i] = (struct rlimit64){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_STACK].cur = 8ul << 20;
	p->rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 1048576 };
	p->rlim[RLIMIT_CORE].cur = 0;
	p->rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8ul << 20, 8ul << 20 };
	p->rlim[RLIMIT_NPROC] = (struct rlimit64){ NPROC, NPROC };
	p->dumpable = 1;
	p->exit_signal = SIGCHLD;
	return p;
}

void proc_set_exe(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');

	strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
	/* /proc/self/exe is absolute: the working directory is always "/". */
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	p->exe[0] = '/';
	strlcpy(p->exe + 1, path[0] == '/' ? path + 1 : path, sizeof(p->exe) - 1);
}

void proc_free(struct proc *p)
{
	for (int i = 0; i < NPROC; i++)
		if (proc_table[i] == p)
			proc_table[i] = NULL;
	list_del(&p->sibling);
	arch_proc_free(p);
	page_free_contig(p->kstack, KSTACK_PAGES);
	kfree(p);
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

/* The first process's end is the machine's: tear everything down, check
 * that every page came back, and power off with its status. */
__attribute__((noreturn)) static void machine_exit(struct proc *init, int wstatus)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = proc_table[i];
		if (p && p != init) {
			fdtable_exit(p);
			if (p->map)
				vm_map_release(p->map);
			p->map = NULL;
			proc_free(p);
		}
	}
	fdtable_exit(init);
	if (init->map)
		vm_map_release(init->map);
	init->map = NULL;
	trace_finish();
	sigtramp_exit();
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

void proc_exit(struct proc *p, int wstatus)
{
	struct proc *init = proc_find(1);
	bool on;

	if (wstatus & 0x7f)
		kprintf("faultline: %s[%d] killed by %s\n", p->comm, p->pid, signal_name(wstatus & 0x7f));
	else
		kprintf("faultline: %s[%d] exited with status %d\n", p->comm, p->pid, (wstatus >> 8) & 0xff);
	kprintf("faultline: %s[%d]: %lu minor faults\n", p->comm, p->pid, p->minflt);
	if (p->pid == 1 || !init)
		machine_exit(p, wstatus);

	if (p->clear_child_tid) {	/* as Linux: zero it (no futex waiters without threads) */
		uint32_t zero = 0;
		copyout(p->clear_child_tid, &zero, sizeof(zero));
	}
	fdtable_exit(p);		/* pipes see their writers go */
	vm_map_release(p->map);
	p->map = NULL;

	on = arch_irq_save();
	/* Orphans go to the first process, as on Linux. */
	while (!list_empty(&p->children)) {
		struct proc *c = list_entry(p->children.next, struct proc, sibling);
		list_del(&c->sibling);
		c->parent = init;
		list_add_tail(&init->children, &c->sibling);
	}
	p->wstatus = wstatus;
	p->vfork_done = true;
	if (p->parent) {
		int code = (wstatus & 0x7f) ? 2 /* CLD_KILLED */ : 1 /* CLD_EXITED */;
		if (p->exit_signal)
			signal_send_child(p->parent, p->exit_signal, code, p->pid,
					  (wstatus & 0x7f) ? (wstatus & 0x7f) : (wstatus >> 8) & 0xff);
		sched_wakeup(p->parent);
	}
	sched_wakeup(p);		/* a vfork parent waits on its child */
	arch_irq_restore(on);
	sched_exit();
}

long proc_fork(unsigned long flags, uintptr_t newsp, uintptr_t parent_tid, uintptr_t child_tid)
{
	struct proc *parent = curproc, *child;
	int err, pid;

	child = proc_new(&err);
	if (!child)
		return err;
	pid = child->pid;
	if (flags & CLONE_VM) {
		vm_map_hold(parent->map);	/* vfork: the child borrows the address space */
		child->map = parent->map;
	} else {
		child->map = vm_map_fork(parent->map);
	}
	if (!child->map || arch_proc_init(child, parent) != 0 || fdtable_fork(child, parent) != 0) {
		fdtable_exit(child);
		if (child->map)
			vm_map_release(child->map);
		proc_free(child);
		return -ENOMEM;
	}
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	memcpy(child->exe, parent->exe, sizeof(child->exe));
	memcpy(child->sigaction, parent->sigaction, sizeof(child->sigaction));
	memcpy(child->rlim, parent->rlim, sizeof(child->rlim));
	child->sigmask = parent->sigmask;
	child->altstack = parent->altstack;
	child->dumpable = parent->dumpable;
	child->thp_disable = parent->thp_disable;
	child->trace_marked = parent->trace_marked;
	if (!(flags & CLONE_VM)) {
		child->rseq = parent->rseq;
		child->rseq_len = parent->rseq_len;
		child->rseq_sig = parent->rseq_sig;
	}
	child->exit_signal = (int)(flags & 0xff);
	*child->tf = *parent->tf;
	tf_set_ret(child->tf, 0);
	if (newsp)
		arch_set_user_sp(child->tf, newsp);
	if (flags & CLONE_CHILD_SETTID)
		vm_map_write(child->map, child_tid, &pid, sizeof(pid));
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = child_tid;
	if ((flags & CLONE_PARENT_SETTID) && copyout(parent_tid, &pid, sizeof(pid))) {
		/* Linux reports nothing for this; the child exists regardless */
	}
	child->parent = parent;
	list_add_tail(&parent->children, &child->sibling);
	sched_add(child);
	if (flags & CLONE_VFORK) {
		/* The parent waits until the child has left the borrowed address space. */
		while (!child->vfork_done)
			sched_sleep_nosig(child);
	}
	return pid;
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
