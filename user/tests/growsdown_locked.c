/*
 * Corners of anonymous memory: a MAP_GROWSDOWN mapping grows when touched
 * just below it (within the stack limit, not into the guard gap below
 * another mapping), mlock/munlock/MAP_LOCKED, MADV_REMOVE on shared and
 * private memory.  Layouts are built inside one reserved window.
 */
#include "common.h"
#include <setjmp.h>
#include <sys/resource.h>
#include <fcntl.h>

static sigjmp_buf env;
static volatile int got_sig, got_code;
static size_t P;
static unsigned char *win;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	siglongjmp(env, 1);
}

static const char *touch(volatile unsigned char *p)
{
	got_sig = 0;
	if (sigsetjmp(env, 1) == 0) {
		*p = 1;
		return "ok";
	}
	return got_code == SEGV_MAPERR ? "SEGV_MAPERR" : got_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other signal";
}

static int regions_between(unsigned char *lo, unsigned char *hi)
{
	static char buf[1 << 18];
	long n = 0, r;
	int fd = open("/proc/self/maps", 0), c = 0;
	while ((r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
		n += r;
	buf[n] = 0;
	close(fd);
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		unsigned long a, b;
		if (sscanf(l, "%lx-%lx", &a, &b) == 2 && b > (unsigned long)lo && a < (unsigned long)hi)
			c++;
	}
	return c;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };

	P = page_size();
	sigaltstack(&ss, NULL);
	sa.sa_flags |= SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	win = mmap(NULL, 1024 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(win, 1024 * P);

	/* A growsdown mapping at the top of the window, nothing below it. */
	unsigned char *g = mmap(win + 1000 * P, 4 * P, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	printf("MAP_GROWSDOWN mmap: %s\n", g == MAP_FAILED ? errno_name(errno) : "ok");
	printf("touch its first page: %s\n", touch(g));
	printf("touch one page below: %s\n", touch(g - P));
	printf("touch 64 pages below: %s\n", touch(g - 64 * P));
	printf("regions there: %d\n", regions_between(g - 64 * P, g + 4 * P));
	/* Another mapping 300 pages below: a touch within the guard gap above it fails. */
	mmap(win + 600 * P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("touch 10 pages above a mapping below (guard gap): %s\n", touch(win + 611 * P));
	printf("munmap part of it: %s\n", munmap(g, P) ? errno_name(errno) : "ok");

	/* mlock and friends */
	unsigned char *m = map_anon(4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	SHOW("mlock", mlock(m, 4 * P));
	SHOW("munlock", munlock(m, 4 * P));
	SHOW("mlock unaligned length", mlock(m, 1));
	SHOW("mlock of a hole", mlock(win + 5 * P, P));
	SHOW("mlockall bad flags", mlockall(0x100));
	SHOW("mlockall MCL_ONFAULT alone", mlockall(MCL_ONFAULT));
	unsigned char *cur = map_anon(3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	SHOW("mlockall MCL_CURRENT", mlockall(MCL_CURRENT));
	unsigned char v3[3];
	if (mincore(cur, 3 * P, v3) == 0)
		printf("after mlockall, a fresh mapping's pages resident: %d %d %d\n", v3[0] & 1, v3[1] & 1, v3[2] & 1);
	SHOW("munlockall", munlockall());
	unsigned char *l = mmap(NULL, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	printf("MAP_LOCKED mmap: %s\n", l == MAP_FAILED ? errno_name(errno) : "ok");
	unsigned char vec[2];
	if (l != MAP_FAILED && mincore(l, 2 * P, vec) == 0)
		printf("MAP_LOCKED pages resident at once: %d %d\n", vec[0] & 1, vec[1] & 1);

	/* MADV_REMOVE */
	unsigned char *s = map_anon(2 * P, PROT_READ | PROT_WRITE, MAP_SHARED);
	s[0] = 5;
	SHOW("MADV_REMOVE shared", madvise(s, 2 * P, MADV_REMOVE));
	printf("shared page after MADV_REMOVE: %d\n", s[0]);
	m[0] = 6;
	SHOW("MADV_REMOVE private", madvise(m, P, MADV_REMOVE));
	return 0;
}
