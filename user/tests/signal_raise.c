/*
 * signal_raise - delivery of signals a process sends itself (needs signal
 * delivery): a handler runs once per raise, a blocked signal stays pending
 * until it is unblocked, and SIG_IGN discards it.
 */
#include "common.h"

static volatile sig_atomic_t hits;
static volatile sig_atomic_t last;

static void handler(int sig)
{
	hits++;
	last = sig;
}

int main(void)
{
	struct sigaction sa;
	sigset_t set, pending;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		die("sigaction");

	SHOW("raise(SIGUSR1)", raise(SIGUSR1));
	printf("hits = %d, last = %s\n", (int)hits, signal_name(last));

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	raise(SIGUSR1);   /* standard signals do not queue */
	printf("while blocked: hits = %d\n", (int)hits);
	sigpending(&pending);
	check("SIGUSR1 pending", sigismember(&pending, SIGUSR1) == 1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("after unblocking: hits = %d\n", (int)hits);

	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("ignored: hits = %d\n", (int)hits);
	return 0;
}
