/*
 * common.h - shared helpers for the Faultline differential test programs.
 *
 * Every program in user/tests/ is run twice, natively on Linux and inside
 * Faultline, and the two runs must produce identical stdout, stderr and exit
 * status.  So a program prints only what Linux defines: values, errno names,
 * signal names, yes/no answers and offsets relative to a base.  Never print
 * raw addresses, pids, uids, times or anything else the kernel chooses.
 *
 * Include this header FIRST (it defines _GNU_SOURCE).  Header-only: every
 * helper is static so unused ones cost nothing.
 */
#ifndef FAULTLINE_TESTS_COMMON_H
#define FAULTLINE_TESTS_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- names */

/* The symbolic name of an errno value ("EFAULT"), never strerror() text,
 * which differs between libcs.  Aliases (EWOULDBLOCK, EDEADLOCK, ENOTSUP)
 * print as the name they alias. */
static inline const char *errno_name(int e)
{
	static char unknown[32];

	switch (e) {
	case 0: return "0";
#define E(x) case x: return #x;
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG)
	E(ENOEXEC) E(EBADF) E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT)
	E(ENOTBLK) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR) E(EISDIR)
	E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC)
	E(ESPIPE) E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(EDEADLK)
	E(ENAMETOOLONG) E(ENOLCK) E(ENOSYS) E(ENOTEMPTY) E(ELOOP) E(ENOMSG)
	E(EIDRM) E(ECHRNG) E(EL2NSYNC) E(EL3HLT) E(EL3RST) E(ELNRNG) E(EUNATCH)
	E(ENOCSI) E(EL2HLT) E(EBADE) E(EBADR) E(EXFULL) E(ENOANO) E(EBADRQC)
	E(EBADSLT) E(EBFONT) E(ENOSTR) E(ENODATA) E(ETIME) E(ENOSR) E(ENONET)
	E(ENOPKG) E(EREMOTE) E(ENOLINK) E(EADV) E(ESRMNT) E(ECOMM) E(EPROTO)
	E(EMULTIHOP) E(EDOTDOT) E(EBADMSG) E(EOVERFLOW) E(ENOTUNIQ) E(EBADFD)
	E(EREMCHG) E(ELIBACC) E(ELIBBAD) E(ELIBSCN) E(ELIBMAX) E(ELIBEXEC)
	E(EILSEQ) E(ERESTART) E(ESTRPIPE) E(EUSERS) E(ENOTSOCK) E(EDESTADDRREQ)
	E(EMSGSIZE) E(EPROTOTYPE) E(ENOPROTOOPT) E(EPROTONOSUPPORT)
	E(ESOCKTNOSUPPORT) E(EOPNOTSUPP) E(EPFNOSUPPORT) E(EAFNOSUPPORT)
	E(EADDRINUSE) E(EADDRNOTAVAIL) E(ENETDOWN) E(ENETUNREACH) E(ENETRESET)
	E(ECONNABORTED) E(ECONNRESET) E(ENOBUFS) E(EISCONN) E(ENOTCONN)
	E(ESHUTDOWN) E(ETOOMANYREFS) E(ETIMEDOUT) E(ECONNREFUSED) E(EHOSTDOWN)
	E(EHOSTUNREACH) E(EALREADY) E(EINPROGRESS) E(ESTALE) E(EUCLEAN)
	E(ENOTNAM) E(ENAVAIL) E(EISNAM) E(EREMOTEIO) E(EDQUOT) E(ENOMEDIUM)
	E(EMEDIUMTYPE) E(ECANCELED) E(ENOKEY) E(EKEYEXPIRED) E(EKEYREVOKED)
	E(EKEYREJECTED) E(EOWNERDEAD) E(ENOTRECOVERABLE) E(ERFKILL)
	E(EHWPOISON)
#undef E
	}
	snprintf(unknown, sizeof(unknown), "errno %d", e);
	return unknown;
}

/* The symbolic name of a signal number ("SIGSEGV"). */
static inline const char *signal_name(int sig)
{
	static char unknown[32];

	switch (sig) {
#define S(x) case x: return #x;
	S(SIGHUP) S(SIGINT) S(SIGQUIT) S(SIGILL) S(SIGTRAP) S(SIGABRT)
	S(SIGBUS) S(SIGFPE) S(SIGKILL) S(SIGUSR1) S(SIGSEGV) S(SIGUSR2)
	S(SIGPIPE) S(SIGALRM) S(SIGTERM) S(SIGSTKFLT) S(SIGCHLD) S(SIGCONT)
	S(SIGSTOP) S(SIGTSTP) S(SIGTTIN) S(SIGTTOU) S(SIGURG) S(SIGXCPU)
	S(SIGXFSZ) S(SIGVTALRM) S(SIGPROF) S(SIGWINCH) S(SIGIO) S(SIGPWR)
	S(SIGSYS)
#undef S
	}
	snprintf(unknown, sizeof(unknown), "signal %d", sig);
	return unknown;
}

/* ------------------------------------------------------------- printing */

static inline const char *yesno(int cond)
{
	return cond ? "yes" : "no";
}

/* "what: yes" / "what: no" */
static inline void check(const char *what, int cond)
{
	printf("%s: %s\n", what, yesno(cond));
}

/* Print the outcome of a call that returns -1 and sets errno on failure:
 * "what = 5" or "what = -1 EFAULT". */
static inline void show_ret(const char *what, long ret, int err)
{
	if (ret == -1)
		printf("%s = -1 %s\n", what, errno_name(err));
	else
		printf("%s = %ld\n", what, ret);
}

/* Evaluate EXPR with errno cleared and print its outcome with show_ret(). */
#define SHOW(what, expr)                                                \
	do {                                                            \
		errno = 0;                                              \
		long show_r_ = (long)(expr);                            \
		int show_e_ = errno;                                    \
		show_ret((what), show_r_, show_e_);                     \
	} while (0)

/* Same for calls that return a pointer or MAP_FAILED: the address is never
 * printed, only "ok" or the errno name. */
#define SHOW_MAP(what, expr)                                            \
	do {                                                            \
		errno = 0;                                              \
		void *show_p_ = (void *)(expr);                         \
		int show_e_ = errno;                                    \
		if (show_p_ == MAP_FAILED)                              \
			printf("%s = MAP_FAILED %s\n", (what),          \
			       errno_name(show_e_));                    \
		else                                                    \
			printf("%s = ok\n", (what));                    \
	} while (0)

/* Report an unexpected failure of a setup step and exit 1. */
static inline void die(const char *what)
{
	int e = errno;

	fflush(stdout);
	fprintf(stderr, "%s failed: %s\n", what, errno_name(e));
	exit(1);
}

/* Write a string to fd with write(2) only (no stdio buffering), for the
 * programs that are expected to die: stdio buffers would be lost. */
static inline void say(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(fd, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* --------------------------------------------------------------- memory */

/* Return P unchanged, but hide its value from the compiler, so that it
 * neither warns about nor optimizes around deliberately bad pointers. */
static inline void *hide(void *p)
{
	__asm__ volatile("" : "+r"(p));
	return p;
}

static inline size_t page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	if (ps <= 0)
		die("sysconf(_SC_PAGESIZE)");
	return (size_t)ps;
}

/* Raw system calls, for the cases where the libc wrapper would hide or
 * change the kernel's answer (musl's mprotect rounds the address down,
 * musl's brk always fails, libc mmap wrappers check arguments themselves).
 * All arguments are passed as long so no garbage reaches the upper halves
 * of the argument registers through syscall()'s varargs. */
static inline long raw_mmap(void *addr, size_t len, long prot, long flags,
			    long fd, long off)
{
	return syscall(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}

static inline long raw_munmap(void *addr, size_t len)
{
	return syscall(SYS_munmap, (long)addr, (long)len);
}

static inline long raw_mprotect(void *addr, size_t len, long prot)
{
	return syscall(SYS_mprotect, (long)addr, (long)len, prot);
}

/* mmap() an anonymous private read/write region or die. */
static inline unsigned char *map_anon(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

/* Are all LEN bytes at P zero? */
static inline int all_zero(const volatile unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Are all LEN bytes at P equal to C? */
static inline int all_equal(const volatile unsigned char *p, size_t len,
			    unsigned char c)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

/* ------------------------------------------------------ checksums, PRNG */

/* 64-bit FNV-1a over LEN bytes, chainable through H. */
#define FNV_INIT 0xcbf29ce484222325ULL
static inline uint64_t fnv1a(uint64_t h, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* xorshift64: a tiny deterministic PRNG (never seed it with 0). */
static inline uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif /* FAULTLINE_TESTS_COMMON_H */
