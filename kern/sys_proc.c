/* Process, identity, time and signal-state system calls. */
#include <machine/param.h>
#include "kern/abi.h"
#include "kern/arch.h"
#include "kern/printk.h"
#include "lib/fmt.h"
#include "kern/proc.h"
#include "kern/trace.h"
#include "kern/sched.h"
#include "kern/syscall.h"
#include "vm/linux_version.h"
#include "kern/uaccess.h"
#include "vm/map.h"
#include "vm/page.h"
#include "lib/compiler.h"
#include "lib/string.h"

long sys_exit(SYSCALL_ARGS)
{
	UNUSED_ARGS(a1, a2, a3, a4, a5);
	proc_exit(curproc, (int)(a0 & 0xff) << 8);	/* one thread: the process ends */
}

long sys_exit_group(SYSCALL_ARGS)
{
	UNUSED_ARGS(a1, a2, a3, a4, a5);
	proc_exit(curproc, (int)(a0 & 0xff) << 8);
}

long sys_getpid(SYSCALL_ARGS) { UNUSED_ARGS(a0, a1, a2, a3, a4, a5); return curproc->pid; }
long sys_gettid(SYSCALL_ARGS) { UNUSED_ARGS(a0, a1, a2, a3, a4, a5); return curproc->pid; }
long sys_getppid(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	return curproc->parent ? curproc->parent->pid : 0;	/* the first process's parent is the kernel */
}
long sys_getuid(SYSCALL_ARGS) { UNUSED_ARGS(a0, a1, a2, a3, a4, a5); return 0; }	/* everything runs as root */

long sys_uname(SYSCALL_ARGS)
{
	struct utsname u;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));	/* the ABI we speak, as programs test it */
	strlcpy(u.nodename, "faultline", sizeof(u.nodename));
	/* the version whose behaviour we follow (vm/linux_version.h) */
	fmt_snprintf(u.release, sizeof(u.release), "%u.%u.0-faultline", linux_version / 100, linux_version % 100);
	strlcpy(u.version, "#1 Faultline", sizeof(u.version));
	strlcpy(u.machine, ARCH_UNAME_MACHINE, sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copyout(a0, &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_set_tid_address(SYSCALL_ARGS)
{
	UNUSED_ARGS(a1, a2, a3, a4, a5);
	curproc->clear_child_tid = a0;
	return curproc->pid;
}

long sys_set_robust_list(SYSCALL_ARGS)
{
	UNUSED_ARGS(a2, a3, a4, a5);
	if (a1 != 24)		/* sizeof(struct robust_list_head) */
		return -EINVAL;
	curproc->robust_list = a0;
	curproc->robust_len = a1;
	return 0;
}

/*
 * rseq registration.  With one CPU and no preemption yet, the CPU number
 * never changes and no critical section can be interrupted, so registering
 * means checking the arguments and publishing cpu_id 0 once.
 */
long sys_rseq(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	uint32_t cpu[2] = { 0, 0 };	/* cpu_id_start, cpu_id */

	UNUSED_ARGS(a4, a5);
	if (a2 & 1) {			/* RSEQ_FLAG_UNREGISTER */
		if (a2 & ~1ull)
			return -EINVAL;
		if (p->rseq != a0)
			return -EINVAL;
		if (a1 != p->rseq_len)
			return -EINVAL;
		if (a3 != p->rseq_sig)
			return -EPERM;
		p->rseq = 0;
		return 0;
	}
	if (a2)
		return -EINVAL;
	if (p->rseq) {
		if (p->rseq != a0 || a1 != p->rseq_len)
			return -EINVAL;
		return a3 == p->rseq_sig ? -EBUSY : -EPERM;
	}
	if (a1 < 32 || (a0 & 31))
		return -EINVAL;
	/* Current Linux writes the area at registration and refuses one it
	 * cannot write (6.1 registered it and sent SIGSEGV on the way out). */
	if (copyout(a0, cpu, sizeof(cpu)))
		return -EFAULT;
	p->rseq = a0;
	p->rseq_len = (uint32_t)a1;
	p->rseq_sig = (uint32_t)a3;
	return 0;
}

long sys_prlimit64(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	struct rlimit64 old, new;

	UNUSED_ARGS(a4, a5);
	if (a0 != 0 && a0 != (u64)p->pid)
		return -ESRCH;
	if (a1 >= RLIMIT_NLIMITS)
		return -EINVAL;
	if (a2) {
		if (copyin(&new, a2, sizeof(new)))
			return -EFAULT;
		if (new.cur > new.max)
			return -EINVAL;
	}
	old = p->rlim[a1];
	if (a3 && copyout(a3, &old, sizeof(old)))
		return -EFAULT;
	if (a2) {
		p->rlim[a1] = new;
		if (a1 == RLIMIT_STACK)
			p->map->stack_limit = new.cur;
	}
	return 0;
}

long sys_getrlimit(SYSCALL_ARGS) { UNUSED_ARGS(a2, a3, a4, a5); return sys_prlimit64(0, a0, 0, a1, 0, 0); }
long sys_setrlimit(SYSCALL_ARGS) { UNUSED_ARGS(a2, a3, a4, a5); return sys_prlimit64(0, a0, a1, 0, 0, 0); }

/* xorshift128+ seeded from the hardware, for machines without RDRAND. */
static uint64_t fallback_random(void)
{
	static uint64_t s[2];

	if (!s[0] && !s[1]) {
		s[0] = arch_cycles() | 1;
		s[1] = arch_realtime_boot_ns() ^ 0x9e3779b97f4a7c15ull;
	}
	uint64_t x = s[0], y = s[1];
	s[0] = y;
	x ^= x << 23;
	s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
	return s[1] + y;
}

long sys_getrandom(SYSCALL_ARGS)
{
	size_t done = 0, len = a1;

	UNUSED_ARGS(a3, a4, a5);
	if (a2 & ~(u64)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) ||
	    (a2 & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > 0x1ffffff)
		len = 0x1ffffff;		/* Linux caps one call at 32 MiB - 1 */
	if (!user_range_ok(a0, len))
		return -EFAULT;
	while (done < len) {
		uint64_t v;
		size_t n = MIN(len - done, sizeof(v));
		if (!arch_random(&v))
			v = fallback_random();
		if (copy_to_user((char *)a0 + done, &v, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static int clock_now(uint64_t clk, struct timespec64 *ts)
{
	uint64_t ns;

	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns = arch_realtime_boot_ns() + arch_time_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:		/* one process, always running */
	case CLOCK_THREAD_CPUTIME_ID:
		ns = arch_time_ns();
		break;
	default:
		return -EINVAL;
	}
	ts->sec = (int64_t)(ns / 1000000000);
	ts->nsec = (int64_t)(ns % 1000000000);
	return 0;
}

long sys_clock_gettime(SYSCALL_ARGS)
{
	struct timespec64 ts;
	int err = clock_now(a0, &ts);

	UNUSED_ARGS(a2, a3, a4, a5);
	if (err)
		return err;
	return copyout(a1, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(SYSCALL_ARGS)
{
	struct timespec64 ts = { 0, 1 };

	UNUSED_ARGS(a2, a3, a4, a5);
	if (clock_now(a0, &ts) < 0)
		return -EINVAL;
	ts.sec = 0;
	ts.nsec = a0 == CLOCK_REALTIME_COARSE || a0 == CLOCK_MONOTONIC_COARSE ? 4000000 : 1;
	return a1 && copyout(a1, &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_gettimeofday(SYSCALL_ARGS)
{
	struct timespec64 ts;
	int64_t tv[2];

	UNUSED_ARGS(a2, a3, a4, a5);
	clock_now(CLOCK_REALTIME, &ts);
	tv[0] = ts.sec;
	tv[1] = ts.nsec / 1000;
	if (a0 && copyout(a0, tv, sizeof(tv)))
		return -EFAULT;
	if (a1) {
		int32_t tz[2] = { 0, 0 };
		if (copyout(a1, tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

long sys_time(SYSCALL_ARGS)
{
	struct timespec64 ts;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	clock_now(CLOCK_REALTIME, &ts);
	if (a0 && copyout(a0, &ts.sec, sizeof(ts.sec)))
		return -EFAULT;
	return (long)ts.sec;
}

/* Sleep by waiting on the clock: there is nothing else to run yet. */
static long sleep_until(uint64_t deadline)
{
	while (arch_time_ns() < deadline)
		__asm__ volatile("" ::: "memory");
	return 0;
}

long sys_nanosleep(SYSCALL_ARGS)
{
	struct timespec64 ts;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	if (copyin(&ts, a0, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	return sleep_until(arch_time_ns() + (uint64_t)ts.sec * 1000000000 + (uint64_t)ts.nsec);
}

long sys_clock_nanosleep(SYSCALL_ARGS)
{
	struct timespec64 ts, now;

	UNUSED_ARGS(a3, a4, a5);
	if (clock_now(a0, &now) < 0 || a0 == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (copyin(&ts, a2, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	uint64_t want = (uint64_t)ts.sec * 1000000000 + (uint64_t)ts.nsec;
	uint64_t have = (uint64_t)now.sec * 1000000000 + (uint64_t)now.nsec;
	if (a1 & 1)			/* TIMER_ABSTIME */
		return want > have ? sleep_until(arch_time_ns() + (want - have)) : 0;
	return sleep_until(arch_time_ns() + want);
}

long sys_sched_yield(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	sched_yield();
	return 0;
}

long sys_sched_getaffinity(SYSCALL_ARGS)
{
	uint64_t mask = 1;		/* CPU 0 */

	UNUSED_ARGS(a3, a4, a5);
	if (a0 != 0 && a0 != (u64)curproc->pid)
		return -ESRCH;
	if (a1 < sizeof(mask) || (a1 & 7))
		return -EINVAL;
	if (copyout(a2, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}

long sys_getrusage(SYSCALL_ARGS)
{
	int64_t ru[18] = { 0 };		/* struct rusage: two timevals, then 14 longs */
	uint64_t ns = arch_time_ns();

	UNUSED_ARGS(a2, a3, a4, a5);
	if (a0 != 0 && a0 != (u64)-1 && a0 != 1)	/* SELF, CHILDREN, THREAD */
		return -EINVAL;
	if (a0 != (u64)-1) {
		ru[0] = (int64_t)(ns / 1000000000);
		ru[1] = (int64_t)(ns % 1000000000 / 1000);
		ru[4] = 0;			/* ru_maxrss: not tracked yet */
		ru[8] = (int64_t)curproc->minflt;
		ru[9] = (int64_t)curproc->majflt;
	}
	return copyout(a1, ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_sysinfo(SYSCALL_ARGS)
{
	struct page_stats st;
	struct {
		int64_t uptime;
		uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
		uint16_t procs, pad;
		uint32_t pad2;
		uint64_t totalhigh, freehigh;
		uint32_t mem_unit;
		char reserved[4];
	} si;

	UNUSED_ARGS(a1, a2, a3, a4, a5);
	page_get_stats(&st);
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(arch_time_ns() / 1000000000);
	si.totalram = (st.total - st.by_owner[PG_RESERVED]) * PAGE_SIZE;
	si.freeram = st.by_owner[PG_FREE] * PAGE_SIZE;
	si.procs = 1;
	si.mem_unit = 1;
	return copyout(a0, &si, sizeof(si)) ? -EFAULT : 0;
}

/* prctl: the options start-up code and common programs use. */
long sys_prctl(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	char name[16];
	long n;

	UNUSED_ARGS(a3, a4, a5);
	switch (a0) {
	case 1: /* PR_SET_PDEATHSIG */
		if (a1 > NSIG)
			return -EINVAL;
		p->pdeath_signal = (int)a1;
		return 0;
	case 2: /* PR_GET_PDEATHSIG */
		return copyout(a1, &p->pdeath_signal, sizeof(int)) ? -EFAULT : 0;
	case 3: /* PR_GET_DUMPABLE */
		return p->dumpable;
	case 4: /* PR_SET_DUMPABLE */
		if (a1 > 1)
			return -EINVAL;
		p->dumpable = (int)a1;
		return 0;
	case 15: /* PR_SET_NAME */
		n = copyinstr(name, a1, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = 0;	/* longer names are cut, as on Linux */
		strlcpy(p->comm, name, sizeof(p->comm));
		return 0;
	case 16: /* PR_GET_NAME */
		return copyout(a1, p->comm, sizeof(p->comm)) ? -EFAULT : 0;
	case 41: /* PR_SET_THP_DISABLE: no huge pages here, so it only records */
		if (a2 || a3 || a4)
			return -EINVAL;
		p->thp_disable = a1 != 0;
		return 0;
	case 42: /* PR_GET_THP_DISABLE */
		return p->thp_disable;
	case PR_FAULTLINE_TRACE:	/* Faultline's own: mark the lines to trace */
		if (a1 > 1)
			return -EINVAL;
		p->trace_marked = a1;
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_fork(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	return proc_fork(SIGCHLD, 0, 0, 0);
}

long sys_vfork(SYSCALL_ARGS)
{
	UNUSED_ARGS(a0, a1, a2, a3, a4, a5);
	return proc_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0);
}

/* clone(flags, newsp, parent_tid, child_tid, tls) on x86-64.  Processes
 * only: the flags that fork, vfork and posix_spawn use. */
long sys_clone(SYSCALL_ARGS)
{
	const u64 supported = 0xff | CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
			      CLONE_CHILD_CLEARTID;

	UNUSED_ARGS(a4, a5);
	if ((a0 & CLONE_VM) && !(a0 & CLONE_VFORK)) {
		kprintf("faultline: %s[%d]: clone of a thread (flags %#lx) is not implemented: ENOSYS\n",
			curproc->comm, curproc->pid, a0);
		return -ENOSYS;
	}
	if (a0 & ~supported)
		return -EINVAL;
	return proc_fork(a0, a1, a2, a3);
}

long sys_wait4(SYSCALL_ARGS)
{
	struct proc *p = curproc;
	int want = (int)a0;

	UNUSED_ARGS(a4, a5);
	if (a2 & ~(u64)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	for (;;) {
		bool any = false;
		struct list_head *pos;

		list_for_each(pos, &p->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);
			if (want > 0 && c->pid != want)
				continue;
			any = true;
			if (c->state != P_ZOMBIE)
				continue;
			int pid = c->pid, status = c->wstatus;
			int64_t ru[18] = { 0 };
			ru[8] = (int64_t)(c->minflt + c->cminflt);
			ru[9] = (int64_t)(c->majflt + c->cmajflt);
			if ((a1 && copyout(a1, &status, sizeof(status))) || (a3 && copyout(a3, ru, sizeof(ru))))
				return -EFAULT;
			p->cminflt += c->minflt + c->cminflt;
			p->cmajflt += c->majflt + c->cmajflt;
			proc_free(c);
			return pid;
		}
		if (!any)
			return -ECHILD;
		if (a2 & WNOHANG)
			return 0;
		if (!sched_sleep(p, 0))
			return -ERESTARTSYS;
	}
}
