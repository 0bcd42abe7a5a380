/* The Linux system-call table: numbers come from the arch's ABI header. */
#include "kern/arch.h"
#include "kern/printk.h"
#include "kern/proc.h"
#include "kern/syscall.h"
#include "lib/errno.h"
#include <stdbool.h>

typedef long (*syscall_fn)(SYSCALL_ARGS);

static const syscall_fn syscall_table[SYS_NR] = {
	[SYS_read] = sys_read,			[SYS_write] = sys_write,
	[SYS_readv] = sys_readv,		[SYS_writev] = sys_writev,
	[SYS_openat] = sys_openat,
	[SYS_close] = sys_close,		[SYS_lseek] = sys_lseek,
	[SYS_fstat] = sys_fstat,		[SYS_newfstatat] = sys_newfstatat,
	[SYS_ioctl] = sys_ioctl,		[SYS_fcntl] = sys_fcntl,
	[SYS_getcwd] = sys_getcwd,
	[SYS_faccessat] = sys_faccessat,	[SYS_faccessat2] = sys_faccessat,
	[SYS_chdir] = sys_chdir,		[SYS_pread64] = sys_pread64,
	[SYS_dup] = sys_dup,
	[SYS_dup3] = sys_dup3,
	[SYS_pipe2] = sys_pipe2,		[SYS_getdents64] = sys_getdents64,
	[SYS_readlinkat] = sys_readlinkat,
	[SYS_brk] = sys_brk,			[SYS_mmap] = sys_mmap,
	[SYS_munmap] = sys_munmap,		[SYS_mprotect] = sys_mprotect,
	[SYS_madvise] = sys_madvise,		[SYS_mremap] = sys_mremap,
	[SYS_mincore] = sys_mincore,		[SYS_msync] = sys_msync,
	[SYS_mlock] = sys_mlock,		[SYS_munlock] = sys_munlock,
	[SYS_mlock2] = sys_mlock2,		[SYS_mlockall] = sys_mlockall,
	[SYS_munlockall] = sys_munlockall,
	[SYS_exit] = sys_exit,			[SYS_exit_group] = sys_exit_group,
	[SYS_getpid] = sys_getpid,		[SYS_getppid] = sys_getppid,
	[SYS_gettid] = sys_gettid,
	[SYS_getuid] = sys_getuid,		[SYS_geteuid] = sys_getuid,
	[SYS_getgid] = sys_getuid,		[SYS_getegid] = sys_getuid,
	[SYS_uname] = sys_uname,
	[SYS_set_tid_address] = sys_set_tid_address,
	[SYS_set_robust_list] = sys_set_robust_list,
	[SYS_rseq] = sys_rseq,
	[SYS_prlimit64] = sys_prlimit64,	[SYS_getrlimit] = sys_getrlimit,
	[SYS_setrlimit] = sys_setrlimit,
	[SYS_getrandom] = sys_getrandom,
	[SYS_clock_gettime] = sys_clock_gettime, [SYS_clock_getres] = sys_clock_getres,
	[SYS_gettimeofday] = sys_gettimeofday,
	[SYS_nanosleep] = sys_nanosleep,	[SYS_clock_nanosleep] = sys_clock_nanosleep,
	[SYS_sched_yield] = sys_sched_yield,	[SYS_sched_getaffinity] = sys_sched_getaffinity,
	[SYS_getrusage] = sys_getrusage,	[SYS_sysinfo] = sys_sysinfo,
	[SYS_rt_sigaction] = sys_rt_sigaction,	[SYS_rt_sigprocmask] = sys_rt_sigprocmask,
	[SYS_kill] = sys_kill,			[SYS_tgkill] = sys_tgkill,
	[SYS_prctl] = sys_prctl,		[SYS_tkill] = sys_tkill,
	[SYS_rt_sigreturn] = sys_rt_sigreturn,	[SYS_rt_sigpending] = sys_rt_sigpending,
	[SYS_sigaltstack] = sys_sigaltstack,
	[SYS_clone] = sys_clone,		[SYS_wait4] = sys_wait4,
	[SYS_execve] = sys_execve,
	[SYS_rt_sigsuspend] = sys_rt_sigsuspend,
	/* Calls only the older x86-64 table has (the generic table of arm64 has
	 * only their *at, dup3, pipe2, clone forms). */
#ifdef SYS_open
	[SYS_open] = sys_open,
#endif
#ifdef SYS_access
	[SYS_access] = sys_access,
#endif
#ifdef SYS_stat
	[SYS_stat] = sys_stat,
#endif
#ifdef SYS_lstat
	[SYS_lstat] = sys_stat,
#endif
#ifdef SYS_dup2
	[SYS_dup2] = sys_dup2,
#endif
#ifdef SYS_pipe
	[SYS_pipe] = sys_pipe,
#endif
#ifdef SYS_readlink
	[SYS_readlink] = sys_readlink,
#endif
#ifdef SYS_fork
	[SYS_fork] = sys_fork,
#endif
#ifdef SYS_vfork
	[SYS_vfork] = sys_vfork,
#endif
#ifdef SYS_pause
	[SYS_pause] = sys_pause,
#endif
#ifdef SYS_time
	[SYS_time] = sys_time,
#endif
#ifdef SYS_arch_prctl
	[SYS_arch_prctl] = sys_arch_prctl,
#endif
};

/* Log each unknown number once: a program probing in a loop must not flood
 * the log.  Numbers past the bitmap are logged the first 16 times. */
#define REPORT_BITS 4096
static uint64_t reported[REPORT_BITS / 64];
static unsigned reported_large;

static bool first_report(uint64_t nr)
{
	if (nr >= REPORT_BITS)
		return reported_large++ < 16;
	if (reported[nr / 64] >> (nr % 64) & 1)
		return false;
	reported[nr / 64] |= 1ull << (nr % 64);
	return true;
}

void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf_sysno(tf);
	long r;

	curproc->syscall_nr = nr;
	if (nr < SYS_NR && syscall_table[nr]) {
		r = syscall_table[nr](tf_arg(tf, 0), tf_arg(tf, 1), tf_arg(tf, 2), tf_arg(tf, 3),
				      tf_arg(tf, 4), tf_arg(tf, 5));
	} else {
		if (first_report(nr))
			kprintf("faultline: %s[%d]: system call %lu is not implemented: ENOSYS\n",
				curproc->comm, curproc->pid, nr);
		r = -ENOSYS;
	}
	tf_set_ret(tf, (uint64_t)r);
}
