/*
 * Signals: pending sets, actions, and delivery on the way back to user
 * mode.  The machine-independent part decides what happens; the arch builds
 * and unpacks the signal frame (arch_signal_frame_push / _pop).
 */
#ifndef KERN_SIGNAL_H
#define KERN_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <machine/frame.h>
#include "kern/abi.h"

struct proc;

/* The kernel's siginfo (Linux's layout: 128 bytes). */
struct ksiginfo {
	int32_t signo, errno_, code, pad;
	union {
		uint64_t addr;				/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
		struct { int32_t pid; uint32_t uid; } kill;	/* SI_USER, SI_TKILL */
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad; int64_t utime, stime; } chld;
		uint8_t raw[112];
	};
};
_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo is 128 bytes");

struct ksigaltstack { uint64_t sp; int32_t flags; int32_t pad; uint64_t size; };

#define SA_NOCLDSTOP	0x00000001u
#define SA_NOCLDWAIT	0x00000002u
#define SA_SIGINFO	0x00000004u
#define SA_RESTORER	0x04000000u
#define SA_ONSTACK	0x08000000u
#define SA_RESTART	0x10000000u
#define SA_NODEFER	0x40000000u
#define SA_RESETHAND	0x80000000u

#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1u << 31)

#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_TKILL	(-6)

#define SIG_DFL		0
#define SIG_IGN		1

#define sigbit(sig)	(1ull << ((sig) - 1))
#define SIG_UNBLOCKABLE	(sigbit(SIGKILL) | sigbit(SIGSTOP))

/* Raise a signal caused by the instruction that just trapped: if it is blocked
 * or ignored, the default action (ending the process) applies, as on Linux. */
void signal_force_fault(struct proc *p, int sig, int code, uintptr_t addr);
/* Post a signal to p (kill, tgkill). */
void signal_send(struct proc *p, int sig, int code, int from_pid);
/* SIGCHLD (or another exit signal) to a parent: code CLD_*, the child's pid and status. */
void signal_send_child(struct proc *parent, int sig, int code, int pid, int status);
/* Called on every return to user mode: deliver what is pending and unblocked. */
void signal_deliver_pending(struct proc *p, struct trapframe *tf);
/* Is sp on p's alternate signal stack? */
bool signal_on_altstack(const struct proc *p, uint64_t sp);

/* Arch: push a frame for sig onto the user stack at sp and point tf at the
 * handler; 0, or -EFAULT when the stack cannot take it. */
int arch_signal_frame_push(struct proc *p, struct trapframe *tf, uint64_t sp, int sig,
			   const struct k_sigaction *act, const struct ksiginfo *info, uint64_t saved_mask);
/* Arch: unpack the frame at the user's sp for rt_sigreturn; restores tf, and
 * gives back the saved mask and altstack; 0 or -EFAULT. */
int arch_signal_frame_pop(struct proc *p, struct trapframe *tf, uint64_t *mask, struct ksigaltstack *ss);
uint64_t arch_user_sp(const struct trapframe *tf);

#endif
