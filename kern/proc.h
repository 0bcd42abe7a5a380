/* Processes: one address space and one thread each (threads come with SMP). */
#ifndef KERN_PROC_H
#define KERN_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/frame.h>
#include <machine/proc.h>
#include "kern/abi.h"
#include "kern/signal.h"
#include "lib/list.h"

struct vm_map;
struct page;

#define NPROC 64		/* the process limit: fork beyond it gives EAGAIN */

enum proc_state { P_EMBRYO, P_RUNNABLE, P_RUNNING, P_SLEEPING, P_ZOMBIE };

struct proc {
	int pid;
	enum proc_state state;
	char comm[16];			/* program name, as Linux's comm */
	char exe[128];			/* path in the initramfs, for /proc/self/exe */
	struct vm_map *map;
	struct fdtable *fdt;		/* open files */
	struct page *kstack;		/* KSTACK_PAGES contiguous pages */
	struct trapframe *tf;		/* user frame at the top of kstack */
	struct proc_md md;		/* machine-dependent thread state */

	/* family and scheduling */
	struct proc *parent;
	struct list_head children;	/* struct proc.sibling */
	struct list_head sibling;
	struct list_head runq;
	const void *chan;		/* what a sleeper waits for */
	uint64_t wake_at;		/* a timed sleep's deadline, ns */
	int exit_signal;		/* sent to the parent at exit (SIGCHLD) */
	int wstatus;			/* a zombie's wait status */
	bool vfork_done;		/* a vfork child has exec'd or exited */
	uint64_t syscall_nr;		/* the system call in progress, for restarts */

	uintptr_t clear_child_tid;
	uintptr_t robust_list;
	uint64_t robust_len;
	uintptr_t rseq;
	uint32_t rseq_len, rseq_sig;

	uint64_t minflt, majflt;	/* getrusage */
	uint64_t cminflt, cmajflt;	/* reaped children's */
	int pdeath_signal, dumpable;	/* prctl */
	bool thp_disable;
	bool trace_marked;		/* between prctl(PR_FAULTLINE_TRACE) markers */
	struct k_sigaction sigaction[NSIG];
	uint64_t sigmask, sigpending;
	uint64_t saved_sigmask;		/* rt_sigsuspend's mask to restore */
	bool restore_sigmask;
	/* What a pending signal carries; real-time signals (which queue on
	 * Linux) share the last slot until queueing exists. */
	struct pending_info { int32_t code, pid; uint64_t addr; int32_t status; } siginfo[32];
	struct ksigaltstack altstack;
	char fault_what[48];		/* how the last fault signal arose, for the log */
	struct rlimit64 rlim[RLIMIT_NLIMITS];
};

extern struct proc *curproc;
extern struct proc *proc_table[NPROC];

struct proc *proc_alloc(void);
void proc_free(struct proc *p);
/* Name the process after the program at path (comm, and /proc/self/exe). */
void proc_set_exe(struct proc *p, const char *path);
struct proc *proc_find(int pid);
static inline bool proc_signal_pending(const struct proc *p) { return p->sigpending & ~p->sigmask; }

/* End the process with a wait status (Linux encoding: code << 8, or the signal). */
__attribute__((noreturn)) void proc_exit(struct proc *p, int wstatus);
/* Kill the process for an unhandled fault, logging why. */
__attribute__((noreturn)) void proc_kill_fault(struct proc *p, int sig, int code, uintptr_t addr, const char *what);

/* fork/clone/vfork: the new process's pid or a negative errno. */
long proc_fork(unsigned long flags, uintptr_t newsp, uintptr_t parent_tid, uintptr_t child_tid);

#endif
