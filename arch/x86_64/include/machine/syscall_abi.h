/* The x86-64 Linux system-call convention: number in rax, arguments in
 * rdi, rsi, rdx, r10, r8, r9, result in rax. */
#ifndef MACHINE_SYSCALL_ABI_H
#define MACHINE_SYSCALL_ABI_H

#include <stdbool.h>
#include <machine/frame.h>

static inline uint64_t tf_sysno(const struct trapframe *tf) { return tf->rax; }

static inline uint64_t tf_arg(const struct trapframe *tf, int i)
{
	switch (i) {
	case 0: return tf->rdi;
	case 1: return tf->rsi;
	case 2: return tf->rdx;
	case 3: return tf->r10;
	case 4: return tf->r8;
	default: return tf->r9;
	}
}

static inline void tf_set_ret(struct trapframe *tf, uint64_t v) { tf->rax = v; }
static inline uint64_t tf_ret(const struct trapframe *tf) { return tf->rax; }
static inline bool tf_is_syscall(const struct trapframe *tf) { return tf->vector == VEC_SYSCALL; }
/* Run the system call again: back over the 2-byte `syscall`, number in rax. */
static inline void tf_restart_syscall(struct trapframe *tf, uint64_t nr) { tf->rip -= 2; tf->rax = nr; }

/* Linux x86-64 system-call numbers used by the kernel's table. */
#define SYS_read		0
#define SYS_write		1
#define SYS_open		2
#define SYS_close		3
#define SYS_stat		4
#define SYS_fstat		5
#define SYS_lstat		6
#define SYS_poll		7
#define SYS_lseek		8
#define SYS_mmap		9
#define SYS_mprotect		10
#define SYS_munmap		11
#define SYS_brk			12
#define SYS_rt_sigaction	13
#define SYS_rt_sigprocmask	14
#define SYS_rt_sigreturn	15
#define SYS_ioctl		16
#define SYS_pread64		17
#define SYS_readv		19
#define SYS_writev		20
#define SYS_access		21
#define SYS_pipe		22
#define SYS_sched_yield		24
#define SYS_mremap		25
#define SYS_msync		26
#define SYS_mincore		27
#define SYS_madvise		28
#define SYS_dup			32
#define SYS_dup2		33
#define SYS_pause		34
#define SYS_nanosleep		35
#define SYS_getpid		39
#define SYS_clone		56
#define SYS_fork		57
#define SYS_vfork		58
#define SYS_execve		59
#define SYS_exit		60
#define SYS_wait4		61
#define SYS_kill		62
#define SYS_uname		63
#define SYS_fcntl		72
#define SYS_getcwd		79
#define SYS_chdir		80
#define SYS_readlink		89
#define SYS_gettimeofday	96
#define SYS_getrlimit		97
#define SYS_getrusage		98
#define SYS_sysinfo		99
#define SYS_getuid		102
#define SYS_getgid		104
#define SYS_geteuid		107
#define SYS_getegid		108
#define SYS_getppid		110
#define SYS_rt_sigpending	127
#define SYS_rt_sigsuspend	130
#define SYS_sigaltstack		131
#define SYS_mlock		149
#define SYS_munlock		150
#define SYS_mlockall		151
#define SYS_munlockall		152
#define SYS_prctl		157
#define SYS_arch_prctl		158
#define SYS_setrlimit		160
#define SYS_gettid		186
#define SYS_tkill		200
#define SYS_time		201
#define SYS_sched_getaffinity	204
#define SYS_getdents64		217
#define SYS_set_tid_address	218
#define SYS_clock_gettime	228
#define SYS_clock_getres	229
#define SYS_clock_nanosleep	230
#define SYS_exit_group		231
#define SYS_tgkill		234
#define SYS_openat		257
#define SYS_newfstatat		262
#define SYS_readlinkat		267
#define SYS_faccessat		269
#define SYS_set_robust_list	273
#define SYS_prlimit64		302
#define SYS_getrandom		318
#define SYS_dup3		292
#define SYS_pipe2		293
#define SYS_rseq		334
#define SYS_mlock2		325
#define SYS_faccessat2		439
#define SYS_NR			440

#endif
