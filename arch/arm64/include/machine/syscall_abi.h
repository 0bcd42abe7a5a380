/* The arm64 Linux system-call convention: `svc #0`, number in x8,
 * arguments in x0 .. x5, result in x0.  The numbers are the generic table
 * (asm-generic/unistd.h): no open, stat, fork, pipe, ... (their *at and
 * clone forms only), so kern/syscall.c puts those entries under #ifdef. */
#ifndef MACHINE_SYSCALL_ABI_H
#define MACHINE_SYSCALL_ABI_H

#include <stdbool.h>
#include <machine/frame.h>

#define ESR_EC_SVC64	0x15

static inline uint64_t tf_sysno(const struct trapframe *tf) { return tf->x[8]; }
static inline uint64_t tf_arg(const struct trapframe *tf, int i) { return tf->x[i < 6 ? i : 5]; }
static inline void tf_set_ret(struct trapframe *tf, uint64_t v) { tf->x[0] = v; }
static inline uint64_t tf_ret(const struct trapframe *tf) { return tf->x[0]; }
static inline bool tf_is_syscall(const struct trapframe *tf)
{
	return (tf->kind >> 2) == 2 /* VEC_SRC_EL0_64 */ && (tf->kind & 3) == 0 && (tf->esr >> 26) == ESR_EC_SVC64;
}
/* Run the system call again: back over the 4-byte `svc`, with its first
 * argument (x0 now holds the result) and the number in x8. */
static inline void tf_restart_syscall(struct trapframe *tf, uint64_t nr)
{
	tf->pc -= 4;
	tf->x[0] = tf->orig_x0;
	tf->x[8] = nr;
}

/* Linux arm64 system-call numbers used by the kernel's table. */
#define SYS_getcwd		17
#define SYS_dup			23
#define SYS_dup3		24
#define SYS_fcntl		25
#define SYS_ioctl		29
#define SYS_faccessat		48
#define SYS_chdir		49
#define SYS_openat		56
#define SYS_close		57
#define SYS_pipe2		59
#define SYS_getdents64		61
#define SYS_lseek		62
#define SYS_read		63
#define SYS_write		64
#define SYS_readv		65
#define SYS_writev		66
#define SYS_pread64		67
#define SYS_readlinkat		78
#define SYS_newfstatat		79
#define SYS_fstat		80
#define SYS_exit		93
#define SYS_exit_group		94
#define SYS_set_tid_address	96
#define SYS_set_robust_list	99
#define SYS_nanosleep		101
#define SYS_clock_gettime	113
#define SYS_clock_getres	114
#define SYS_clock_nanosleep	115
#define SYS_sched_yield		124
#define SYS_sched_getaffinity	123
#define SYS_kill		129
#define SYS_tkill		130
#define SYS_tgkill		131
#define SYS_sigaltstack		132
#define SYS_rt_sigsuspend	133
#define SYS_rt_sigaction	134
#define SYS_rt_sigprocmask	135
#define SYS_rt_sigpending	136
#define SYS_rt_sigreturn	139
#define SYS_uname		160
#define SYS_getrlimit		163
#define SYS_setrlimit		164
#define SYS_getrusage		165
#define SYS_prctl		167
#define SYS_gettimeofday	169
#define SYS_getpid		172
#define SYS_getppid		173
#define SYS_getuid		174
#define SYS_geteuid		175
#define SYS_getgid		176
#define SYS_getegid		177
#define SYS_gettid		178
#define SYS_sysinfo		179
#define SYS_brk			214
#define SYS_munmap		215
#define SYS_mremap		216
#define SYS_clone		220
#define SYS_execve		221
#define SYS_mmap		222
#define SYS_mprotect		226
#define SYS_msync		227
#define SYS_mlock		228
#define SYS_munlock		229
#define SYS_mlockall		230
#define SYS_munlockall		231
#define SYS_mincore		232
#define SYS_mlock2		284
#define SYS_madvise		233
#define SYS_wait4		260
#define SYS_prlimit64		261
#define SYS_getrandom		278
#define SYS_rseq		293
#define SYS_faccessat2		439
#define SYS_NR			440

#endif
