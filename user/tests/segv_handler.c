/*
 * segv_handler - page faults delivered as SIGSEGV to a handler (needs
 * signal delivery): si_addr is the faulting address, si_code tells a
 * missing mapping (SEGV_MAPERR) from a protection fault (SEGV_ACCERR), and
 * a handler that fixes the protection lets the faulting access be retried.
 */
#include "common.h"

#include <setjmp.h>

static volatile unsigned char *page;
static size_t ps;
static volatile int faults;
static volatile void *last_addr;
static volatile int last_code;
static sigjmp_buf escape;

static void fix_protection(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	faults++;
	last_addr = si->si_addr;
	last_code = si->si_code;
	mprotect((void *)page, ps, PROT_READ | PROT_WRITE);
}

static void jump_out(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	faults++;
	last_addr = si->si_addr;
	last_code = si->si_code;
	siglongjmp(escape, 1);
}

static const char *code_name(int code)
{
	switch (code) {
	case SEGV_MAPERR: return "SEGV_MAPERR";
	case SEGV_ACCERR: return "SEGV_ACCERR";
	default: return "other";
	}
}

int main(void)
{
	struct sigaction sa;

	ps = page_size();
	page = map_anon(ps, PROT_NONE, MAP_PRIVATE);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fix_protection;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		die("sigaction");

	page[100] = 42;   /* faults once; the handler makes it writable */
	printf("faults = %d\n", faults);
	check("si_addr is the faulting byte", last_addr == page + 100);
	printf("si_code = %s\n", code_name(last_code));
	printf("page[100] = %d\n", page[100]);

	/* A fault outside any mapping, escaped with siglongjmp. */
	volatile unsigned char *hole = map_anon(ps, PROT_READ, MAP_PRIVATE);
	if (munmap((void *)hole, ps) != 0)
		die("munmap");
	sa.sa_sigaction = jump_out;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	if (sigaction(SIGSEGV, &sa, NULL) != 0)
		die("sigaction");
	if (sigsetjmp(escape, 1) == 0) {
		(void)hole[8];
		printf("read of an unmapped page did not fault\n");
	}
	printf("faults = %d\n", faults);
	check("si_addr is the unmapped byte", last_addr == hole + 8);
	printf("si_code = %s\n", code_name(last_code));
	return 0;
}
