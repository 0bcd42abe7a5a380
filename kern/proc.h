/* A process: one address space, one thread (threads come with SMP). */
#ifndef KERN_PROC_H
#define KERN_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/frame.h>
#include <machine/proc.h>
#include "kern/abi.h"
#include "kern/signal.h"

struct vm_map;
struct page;

struct proc {
	int pid;
	char comm[16];			/* program name, as Linux's comm */
	char exe[128];			/* path in the initramfs, for /proc/self/exe */
	struct vm_map *map;
	struct page *kstack;		/* KSTACK_PAGES contiguous pages */
	struct trapframe *tf;		/* user frame at the top of kstack */
	struct proc_md md;		/* machine-dependent thread state */

	uintptr_t clear_child_tid;
	uintptr_t robust_list;
	uint64_t robust_len;
	uintptr_t rseq;
	uint32_t rseq_len, rseq_sig;

	uint64_t minflt, majflt;	/* getrusage */
	int pdeath_signal, dumpable;	/* prctl */
	bool thp_disable;
	struct k_sigaction sigaction[NSIG];
	uint64_t sigmask, sigpending;
	struct pending_info { int32_t code, pid; uint64_t addr; } siginfo[NSIG];
	struct ksigaltstack altstack;
	char fault_what[48];		/* how the last fault signal arose, for the log */
	struct rlimit64 rlim[RLIMIT_NLIMITS];
};

extern struct proc *curproc;

struct proc *proc_alloc(void);
/* End the process with a wait status (Linux encoding: code << 8, or the signal). */
__attribute__((noreturn)) void proc_exit(struct proc *p, int wstatus);
/* Kill the process for an unhandled fault (signals with handlers come later). */
__attribute__((noreturn)) void proc_kill_fault(struct proc *p, int sig, int code, uintptr_t addr, const char *what);

#endif
