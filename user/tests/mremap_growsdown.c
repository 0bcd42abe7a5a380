/*
 * mremap on memory mapped MAP_GROWSDOWN: shrinking, growing in place (the
 * region grows upwards, away from its growing end), moving it, and whether
 * the moved or grown region still grows down on a fault below it.  Offsets
 * from a reserved base, never addresses.
 */
#include "common.h"
#include <setjmp.h>

static sigjmp_buf jb;
static volatile int got;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	got = sig;
	siglongjmp(jb, 1);
}

/* Touch addr: "ok" or the signal's name. */
static const char *touch(unsigned char *addr)
{
	got = 0;
	if (sigsetjmp(jb, 1))
		return signal_name(got);
	*(volatile unsigned char *)addr = 1;
	return "ok";
}

int main(void)
{
	size_t P = page_size();
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	/* A reserved stretch of 1024 pages; growsdown memory at pages 600..603. */
	unsigned char *base = mmap(NULL, 1024 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		die("mmap reserve");
	munmap(base, 1024 * P);
	unsigned char *g = mmap(base + 600 * P, 4 * P, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	if (g == MAP_FAILED)
		die("mmap growsdown");
	printf("touch below (page 599): %s\n", touch(base + 599 * P));
	long r = (long)mremap(g, 4 * P, 2 * P, 0);
	printf("shrink to 2 pages: %s\n", r == -1 ? errno_name(errno) : (unsigned char *)r == g ? "same" : "moved");
	r = (long)mremap(g, 2 * P, 6 * P, 0);
	printf("grow in place to 6 pages: %s\n", r == -1 ? errno_name(errno) : (unsigned char *)r == g ? "same" : "moved");
	printf("touch page 605: %s\n", touch(base + 605 * P));
	printf("touch below again (page 598): %s\n", touch(base + 598 * P));
	unsigned char *to = base + 200 * P;
	r = (long)mremap(g, 6 * P, 6 * P, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	printf("move to page 200: %s\n", r == -1 ? errno_name(errno) : (unsigned char *)r == to ? "there" : "elsewhere");
	printf("moved data kept: %s\n", to[5 * P] == 1 ? "yes" : "no");
	printf("touch below the moved region (page 199): %s\n", touch(base + 199 * P));
	printf("touch the old place (page 601): %s\n", touch(base + 601 * P));
	r = (long)mremap(to, 6 * P, 9 * P, MREMAP_MAYMOVE);
	printf("grow by 3 with MAYMOVE: %s\n", r == -1 ? errno_name(errno) : (unsigned char *)r == to ? "in place" : "moved");
	return 0;
}
