/*
 * badptr - system calls given bad pointers fail (EFAULT where Linux says
 * EFAULT) instead of killing the program or the kernel.  Every pointer
 * argument below is tried with NULL, (void *)1, a kernel address and a page
 * that was just unmapped; each outcome is printed as "= N" or "= -1 ENAME".
 * The boot tests run this natively and in Faultline and compare.
 *
 * stdin must be a regular file starting with at least 5 bytes: the reads
 * into bad buffers must fail without consuming anything, which the last
 * read checks.  Run with GLIBC_TUNABLES=glibc.pthread.rseq=0 so that glibc
 * does not register rseq itself: then both libcs see the same rseq answers.
 */
#include "common.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#define RSEQ_SIG 0x53053053

int main(void)
{
	size_t ps = page_size();
	unsigned char *gone = map_anon(ps, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	const struct { const char *name; long p; } bad[] = {
		{ "NULL", (long)hide(NULL) },
		{ "(void *)1", (long)hide((void *)1) },
		{ "kernel address", (long)hide((void *)0xffff800000000000UL) },
		{ "unmapped page", (long)gone },
	};
	char what[128], buf[64];
	struct stat st;

	if (munmap(gone, ps) != 0)
		die("munmap");

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const char *n = bad[i].name;
		long p = bad[i].p;
		struct iovec iov = { .iov_base = (void *)p, .iov_len = 5 };

#define TRY(fmt, expr) do { snprintf(what, sizeof(what), fmt, n); SHOW(what, expr); } while (0)
		TRY("write(1, %s, 5)", syscall(SYS_write, 1L, p, 5L));
		TRY("read(0, %s, 5)", syscall(SYS_read, 0L, p, 5L));
		TRY("uname(%s)", syscall(SYS_uname, p));
		TRY("clock_gettime(CLOCK_MONOTONIC, %s)", syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, p));
		TRY("getrandom(%s, 16, 0)", syscall(SYS_getrandom, p, 16L, 0L));
		TRY("rt_sigaction(SIGUSR1, %s, NULL, 8)", syscall(SYS_rt_sigaction, (long)SIGUSR1, p, 0L, 8L));
		TRY("rt_sigaction(SIGUSR1, NULL, %s, 8)", syscall(SYS_rt_sigaction, (long)SIGUSR1, 0L, p, 8L));
		TRY("prlimit64(0, RLIMIT_STACK, %s, NULL)", syscall(SYS_prlimit64, 0L, (long)RLIMIT_STACK, p, 0L));
		TRY("prlimit64(0, RLIMIT_STACK, NULL, %s)", syscall(SYS_prlimit64, 0L, (long)RLIMIT_STACK, 0L, p));
		TRY("newfstatat(AT_FDCWD, %s, &st, 0)", syscall(SYS_newfstatat, (long)AT_FDCWD, p, (long)&st, 0L));
		TRY("newfstatat(1, \"\", %s, AT_EMPTY_PATH)",
		    syscall(SYS_newfstatat, 1L, (long)"", p, (long)AT_EMPTY_PATH));
		TRY("readlinkat(AT_FDCWD, %s, buf, 64)", syscall(SYS_readlinkat, (long)AT_FDCWD, p, (long)buf, 64L));
		TRY("readlinkat(AT_FDCWD, \"/proc/self/exe\", %s, 64)",
		    syscall(SYS_readlinkat, (long)AT_FDCWD, (long)"/proc/self/exe", p, 64L));
		TRY("writev(1, %s, 1)", syscall(SYS_writev, 1L, p, 1L));
		TRY("writev(1, {%s, 5}, 1)", syscall(SYS_writev, 1L, (long)&iov, 1L));
		TRY("set_robust_list(%s, 24)", syscall(SYS_set_robust_list, p, 24L));
		/* Linux registers a NULL or unmapped rseq area (only its range is
		 * checked) and then kills the thread with SIGSEGV when it updates
		 * the area on the way back to user mode: only the two pointers it
		 * rejects outright are comparable. */
		if (p == 1 || p < 0)
			TRY("rseq(%s, 32, 0, RSEQ_SIG)", syscall(SYS_rseq, p, 32L, 0L, (long)RSEQ_SIG));
#undef TRY
	}

	/* The failed reads consumed nothing. */
	memset(buf, 0, sizeof(buf));
	SHOW("read(0, buf, 5)", syscall(SYS_read, 0L, (long)buf, 5L));
	printf("buf = \"%s\"\n", buf);
	printf("still alive\n");
	return 0;
}
