/*
 * Signal generation, actions and delivery (one thread per process).
 *
 * A signal is made pending by signal_send() (kill, tgkill) or
 * signal_force_fault() (a fault or trap of the current instruction), and
 * delivered by signal_deliver_pending() on the way back to user mode: the
 * default action ends the process, a handler gets a frame built by the arch.
 * Standard signals do not queue: a second instance while one is pending
 * is merged with it, as on Linux.
 */
#include "kern/arch.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/sched.h"
#include "kern/signal.h"
#include "kern/syscall.h"
#include "kern/uaccess.h"
#include "lib/string.h"

#define MINSIGSTKSZ 2048

/* Signals whose default action is to do nothing (stop signals included:
 * there is no job control). */
static const uint64_t default_ignored = sigbit(SIGCHLD) | sigbit(18) /* CONT */ | sigbit(19) /* STOP */ |
					sigbit(20) /* TSTP */ | sigbit(21) /* TTIN */ | sigbit(22) /* TTOU */ |
					sigbit(23) /* URG */ | sigbit(28) /* WINCH */;
/* Delivered before the others, as Linux's SYNCHRONOUS_MASK. */
static const uint64_t synchronous = sigbit(SIGSEGV) | sigbit(SIGBUS) | sigbit(SIGILL) | sigbit(SIGTRAP) |
				    sigbit(SIGFPE) | sigbit(31) /* SYS */;

static int info_slot(int sig) { return sig <= 32 ? sig - 1 : 31; }

static bool valid_signal(uint64_t sig) { return sig >= 1 && sig <= NSIG; }

static bool ignored(const struct proc *p, int sig)
{
	uint64_t h = p->sigaction[sig - 1].handler;
	return h == SIG_IGN || (h == SIG_DFL && (default_ignored & sigbit(sig)));
}

bool signal_on_altstack(const struct proc *p, uint64_t sp)
{
	return p->altstack.size && sp > p->altstack.sp && sp - p->altstack.sp <= p->altstack.size;
}

void signal_send(struct proc *p, int sig, int code, int from_pid)
{
	/* Blocked signals are kept even if ignored: the action may change before
	 * they are unblocked. */
	if (ignored(p, sig) && !(p->sigmask & sigbit(sig)))
		return;
	if (!(p->sigpending & sigbit(sig)))
		p->siginfo[info_slot(sig)] = (struct pending_info){ .code = code, .pid = from_pid };
	p->sigpending |= sigbit(sig);
	if (!(p->sigmask & sigbit(sig)) || sig == SIGKILL)
		sched_wake_for_signal(p);
}

void signal_send_child(struct proc *parent, int sig, int code, int pid, int status)
{
	bool fresh = !(parent->sigpending & sigbit(sig));

	signal_send(parent, sig, code, pid);
	if (fresh && (parent->sigpending & sigbit(sig)))
		parent->siginfo[info_slot(sig)].status = status;
}

void signal_force_fault(struct proc *p, int sig, int code, uintptr_t addr)
{
	if ((p->sigmask & sigbit(sig)) || p->sigaction[sig - 1].handler == SIG_IGN) {
		p->sigaction[sig - 1].handler = SIG_DFL;
		p->sigmask &= ~sigbit(sig);
	}
	p->siginfo[info_slot(sig)] = (struct pending_info){ .code = code, .addr = addr };
	p->sigpending |= sigbit(sig);
}

static int next_signal(uint64_t deliverable)
{
	uint64_t pick = deliverable & synchronous ? deliverable & synchronous : deliverable;
	return __builtin_ctzll(pick) + 1;
}

void signal_deliver_pending(struct proc *p, struct trapframe *tf)
{
	uint64_t deliverable;

	while ((deliverable = p->sigpending & ~p->sigmask)) {
		int sig = next_signal(deliverable);
		struct k_sigaction act = p->sigaction[sig - 1];
		struct pending_info pi = p->siginfo[info_slot(sig)];
		struct ksiginfo info = { .signo = sig, .code = pi.code };
		uint64_t sp = arch_user_sp(tf), saved_mask = p->sigmask;

		p->sigpending &= ~sigbit(sig);
		if (ignored(p, sig))
			continue;
		if (act.handler == SIG_DFL) {
			if (synchronous & sigbit(sig))
				proc_kill_fault(p, sig, pi.code, pi.addr, p->fault_what);
			proc_exit(p, sig);
		}
		if (synchronous & sigbit(sig))
			info.addr = pi.addr;
		else if (sig == SIGCHLD && pi.code > 0)
			info.chld.pid = pi.pid, info.chld.status = pi.status;
		else
			info.kill.pid = pi.pid, info.kill.uid = 0;
		/* A system call cut short by this signal: run it again if the
		 * handler asked for SA_RESTART, else it fails with EINTR. */
		if (tf_is_syscall(tf) && (int64_t)tf_ret(tf) == -ERESTARTNOHAND)
			tf_set_ret(tf, (uint64_t)-EINTR);
		if (tf_is_syscall(tf) && (int64_t)tf_ret(tf) == -ERESTARTSYS) {
			if (act.flags & SA_RESTART)
				tf_restart_syscall(tf, p->syscall_nr);
			else
				tf_set_ret(tf, (uint64_t)-EINTR);
		}
		if ((act.flags & SA_ONSTACK) && p->altstack.size && !signal_on_altstack(p, sp)) {
			sp = p->altstack.sp + p->altstack.size;
		}
		if (p->restore_sigmask) {	/* rt_sigsuspend: the frame keeps the mask from before it */
			saved_mask = p->saved_sigmask;
			p->restore_sigmask = false;
		}
		if (arch_signal_frame_push(p, tf, sp, sig, &act, &info, saved_mask) != 0) {
			/* No room for the frame: Linux's force_sigsegv. */
			kprintf("faultline: %s[%d]: cannot push the frame for signal %d\n", p->comm, p->pid, sig);
			proc_kill_fault(p, SIGSEGV, SI_KERNEL, sp, "signal frame");
		}
		if ((act.flags & SA_ONSTACK) && (p->altstack.flags & SS_AUTODISARM) && signal_on_altstack(p, sp - 1))
			p->altstack = (struct ksigaltstack){ .flags = SS_DISABLE };
		p->sigmask |= act.mask;
		if (!(act.flags & SA_NODEFER))
			p->sigmask |= sigbit(sig);
		p->sigmask &= ~SIG_UNBLOCKABLE;
		if (act.flags & SA_RESETHAND)
			p->sigaction[sig - 1].handler = SIG_DFL;
		return;		/* one handler per return to user mode, as on Linux */
	}
}

long sys_rt_sigaction(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct k_sigaction act;

	UNUSED_ARGS(a4, a5);
	if (a3 != 8)
		return -EINVAL;
	if (!valid_signal(a0) || ((a0 == SIGKILL || a0 == SIGSTOP) && a1))
		return -EINVAL;
	if (a1 && copyin(&act, a1, sizeof(act)))
		return -EFAULT;
	if (a2 && copyout(a2, &p->sigaction[a0 - 1], sizeof(act)))
		return -EFAULT;
	if (a1) {
		act.mask &= ~SIG_UNBLOCKABLE;
		p->sigaction[a0 - 1] = act;
		if (ignored(p, (int)a0))	/* POSIX: setting "ignore" discards a pending instance */
			p->sigpending &= ~sigbit((int)a0);
	}
	return 0;
}

long sys_rt_sigprocmask(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	uint64_t set, old = p->sigmask;

	UNUSED_ARGS(a4, a5);
	if (a3 != 8)
		return -EINVAL;
	if (a1) {
		if (copyin(&set, a1, sizeof(set)))
			return -EFAULT;
		switch (a0) {
		case 0: p->sigmask |= set; break;		/* SIG_BLOCK */
		case 1: p->sigmask &= ~set; break;		/* SIG_UNBLOCK */
		case 2: p->sigmask = set; break;		/* SIG_SETMASK */
		default: return -EINVAL;
		}
		p->sigmask &= ~SIG_UNBLOCKABLE;
	}
	if (a2 && copyout(a2, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(SYSCALL_ARGS)
{
	uint64_t pending = curproc->sigpending & curproc->sigmask;

	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 > 8)
		return -EINVAL;
	return copyout(a0, &pending, a1) ? -EFAULT : 0;
}

long sys_sigaltstack(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	uint64_t sp = arch_user_sp(p->tf);
	struct ksigaltstack ss, old = p->altstack;

	UNUSED_ARGS(a2, a3, a4, a5);
	if (!old.size)
		old = (struct ksigaltstack){ .flags = SS_DISABLE };
	else
		old.flags = (signal_on_altstack(p, sp) ? SS_ONSTACK : 0) | (p->altstack.flags & SS_AUTODISARM);
	if (a0) {
		if (copyin(&ss, a0, sizeof(ss)))
			return -EFAULT;
		if (signal_on_altstack(p, sp))
			return -EPERM;
		uint32_t mode = (uint32_t)ss.flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			p->altstack = (struct ksigaltstack){ 0 };
		} else {
			if (ss.size < MINSIGSTKSZ)
				return -ENOMEM;
			p->altstack = (struct ksigaltstack){ .sp = ss.sp, .size = ss.size,
							     .flags = (int32_t)((uint32_t)ss.flags & SS_AUTODISARM) };
		}
	}
	if (a1 && copyout(a1, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigreturn(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct ksigaltstack ss;
	uint64_t mask;

	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	if (arch_signal_frame_pop(p, p->tf, &mask, &ss) != 0) {
		signal_force_fault(p, SIGSEGV, SI_KERNEL, 0);
		strlcpy(p->fault_what, "bad signal frame at rt_sigreturn", sizeof(p->fault_what));
		return (long)tf_ret(p->tf);
	}
	p->sigmask = mask & ~SIG_UNBLOCKABLE;
	/* uc_stack comes back as the new altstack, errors ignored (restore_altstack). */
	if (!signal_on_altstack(p, arch_user_sp(p->tf))) {
		if (ss.flags & SS_DISABLE)
			p->altstack = (struct ksigaltstack){ 0 };
		else if (ss.size >= MINSIGSTKSZ)
			p->altstack = (struct ksigaltstack){ .sp = ss.sp, .size = ss.size,
							     .flags = (int32_t)((uint32_t)ss.flags & SS_AUTODISARM) };
	}
	return (long)tf_ret(p->tf);		/* the interrupted context's return register, untouched */
}

long sys_kill(SYSCALL_ARGS)
{
	struct proc *p = curproc, *t;
	int pid = (int)a0, sent = 0;

	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 > NSIG)
		return -EINVAL;
	if (pid > 0) {
		if (!(t = proc_find(pid)) || t->state == P_ZOMBIE)
			return t ? 0 : -ESRCH;	/* a zombie takes signals and ignores them */
		if (a1)
			signal_send(t, (int)a1, SI_USER, p->pid);
		return 0;
	}
	/* Process groups are not kept: 0 and -pgrp reach every process, and -1
	 * every process but the first, as for a shell's job of one group. */
	for (int i = 0; i < NPROC; i++) {
		t = proc_table[i];
		if (!t || t->state == P_EMBRYO || t->state == P_ZOMBIE || (pid == -1 && t->pid == 1 && t != p))
			continue;
		if (a1)
			signal_send(t, (int)a1, SI_USER, p->pid);
		sent++;
	}
	return sent ? 0 : -ESRCH;
}

long sys_tgkill(SYSCALL_ARGS)
{
	struct proc *p = curproc;

	UNUSED_ARGS(a3, a4, a5);
	if ((int)a0 <= 0 || (int)a1 <= 0 || a2 > NSIG)
		return -EINVAL;
	if ((int)a0 != p->pid || (int)a1 != p->pid)
		return -ESRCH;
	if (a2)
		signal_send(p, (int)a2, SI_TKILL, p->pid);
	return 0;
}

long sys_tkill(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	return sys_tgkill((u64)curproc->pid, a0, a1, 0, 0, 0);
}

long sys_pause(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	while (sched_sleep(curproc, 0))
		;			/* woken for something else: keep waiting */
	return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	uint64_t mask;

	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 != 8)
		return -EINVAL;
	if (copyin(&mask, a0, sizeof(mask)))
		return -EFAULT;
	/* The handler runs with the temporary mask; the frame restores the old. */
	uint64_t old = p->sigmask;
	p->sigmask = mask & ~SIG_UNBLOCKABLE;
	while (sched_sleep(p, 0))
		;
	p->saved_sigmask = old;
	p->restore_sigmask = true;
	return -ERESTARTNOHAND;
}
