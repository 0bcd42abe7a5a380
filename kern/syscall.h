#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <stdint.h>
#include <machine/frame.h>

typedef uint64_t u64;
#define SYSCALL_ARGS u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5
#define UNUSED_ARGS(...) (void)0

void syscall_dispatch(struct trapframe *tf);

/* The handlers, grouped by file. */
long sys_read(SYSCALL_ARGS);
long sys_write(SYSCALL_ARGS);
long sys_writev(SYSCALL_ARGS);
long sys_readv(SYSCALL_ARGS);
long sys_close(SYSCALL_ARGS);
long sys_ioctl(SYSCALL_ARGS);
long sys_fstat(SYSCALL_ARGS);
long sys_newfstatat(SYSCALL_ARGS);
long sys_readlinkat(SYSCALL_ARGS);
long sys_readlink(SYSCALL_ARGS);
long sys_lseek(SYSCALL_ARGS);
long sys_fcntl(SYSCALL_ARGS);
long sys_getcwd(SYSCALL_ARGS);
long sys_openat(SYSCALL_ARGS);
long sys_open(SYSCALL_ARGS);
long sys_access(SYSCALL_ARGS);
long sys_faccessat(SYSCALL_ARGS);
long sys_stat(SYSCALL_ARGS);
long sys_chdir(SYSCALL_ARGS);
long sys_pread64(SYSCALL_ARGS);
long sys_dup(SYSCALL_ARGS);
long sys_dup2(SYSCALL_ARGS);
long sys_dup3(SYSCALL_ARGS);
long sys_pipe(SYSCALL_ARGS);
long sys_pipe2(SYSCALL_ARGS);
long sys_getdents64(SYSCALL_ARGS);

long sys_brk(SYSCALL_ARGS);
long sys_mmap(SYSCALL_ARGS);
long sys_munmap(SYSCALL_ARGS);
long sys_mprotect(SYSCALL_ARGS);
long sys_madvise(SYSCALL_ARGS);
long sys_mremap(SYSCALL_ARGS);
long sys_mlock(SYSCALL_ARGS);
long sys_munlock(SYSCALL_ARGS);
long sys_mlock2(SYSCALL_ARGS);
long sys_mlockall(SYSCALL_ARGS);
long sys_munlockall(SYSCALL_ARGS);
long sys_mincore(SYSCALL_ARGS);
long sys_msync(SYSCALL_ARGS);

long sys_exit(SYSCALL_ARGS);
long sys_exit_group(SYSCALL_ARGS);
long sys_getpid(SYSCALL_ARGS);
long sys_getppid(SYSCALL_ARGS);
long sys_gettid(SYSCALL_ARGS);
long sys_getuid(SYSCALL_ARGS);
long sys_uname(SYSCALL_ARGS);
long sys_set_tid_address(SYSCALL_ARGS);
long sys_set_robust_list(SYSCALL_ARGS);
long sys_rseq(SYSCALL_ARGS);
long sys_prlimit64(SYSCALL_ARGS);
long sys_getrlimit(SYSCALL_ARGS);
long sys_setrlimit(SYSCALL_ARGS);
long sys_getrandom(SYSCALL_ARGS);
long sys_clock_gettime(SYSCALL_ARGS);
long sys_clock_getres(SYSCALL_ARGS);
long sys_gettimeofday(SYSCALL_ARGS);
long sys_time(SYSCALL_ARGS);
long sys_nanosleep(SYSCALL_ARGS);
long sys_clock_nanosleep(SYSCALL_ARGS);
long sys_sched_yield(SYSCALL_ARGS);
long sys_sched_getaffinity(SYSCALL_ARGS);
long sys_getrusage(SYSCALL_ARGS);
long sys_sysinfo(SYSCALL_ARGS);
long sys_rt_sigaction(SYSCALL_ARGS);
long sys_rt_sigprocmask(SYSCALL_ARGS);
long sys_kill(SYSCALL_ARGS);
long sys_tgkill(SYSCALL_ARGS);
long sys_prctl(SYSCALL_ARGS);
long sys_rt_sigreturn(SYSCALL_ARGS);
long sys_rt_sigpending(SYSCALL_ARGS);
long sys_sigaltstack(SYSCALL_ARGS);
long sys_tkill(SYSCALL_ARGS);
long sys_fork(SYSCALL_ARGS);
long sys_vfork(SYSCALL_ARGS);
long sys_clone(SYSCALL_ARGS);
long sys_wait4(SYSCALL_ARGS);
long sys_execve(SYSCALL_ARGS);
long sys_pause(SYSCALL_ARGS);
long sys_rt_sigsuspend(SYSCALL_ARGS);
long sys_arch_prctl(SYSCALL_ARGS);	/* arch/ */

#endif
