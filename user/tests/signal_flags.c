/*
 * Signal-action flags and masks: SA_RESETHAND, SA_NODEFER, blocking with
 * sigprocmask (the signal stays pending, arrives when unblocked), sigpending,
 * the handler's own mask, sigaltstack's errors and SA_ONSTACK, and
 * siglongjmp out of a handler.
 */
#include "common.h"
#include <setjmp.h>

static volatile sig_atomic_t hits, depth, max_depth, on_alt, raised;
static char altstack[64 * 1024];
static sigjmp_buf env;

static void count(int sig) { (void)sig; hits++; }

static void nested(int sig)
{
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (raised < 2) {
		raised++;
		raise(sig);		/* delivered at once only with SA_NODEFER */
	}
	depth--;
}

static void where(int sig)
{
	char here;
	(void)sig;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void jump(int sig) { siglongjmp(env, sig); }

int main(void)
{
	struct sigaction sa = { 0 };
	sigset_t set, old, pend;
	stack_t ss = { 0 }, oss;

	/* SA_RESETHAND: the handler runs once, then the default action is back */
	sa.sa_handler = count;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	struct sigaction now;
	sigaction(SIGUSR1, NULL, &now);
	printf("SA_RESETHAND: handled %d time(s), handler now default: %s\n", (int)hits, yesno(now.sa_handler == SIG_DFL));

	/* SA_NODEFER: the handler can be re-entered by its own signal */
	sa.sa_handler = nested;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("SA_NODEFER: nesting depth %d\n", (int)max_depth);
	max_depth = depth = raised = 0;
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	printf("without SA_NODEFER: nesting depth %d (the rest waits until the handler returns)\n", (int)max_depth);

	/* blocked: pending until unblocked */
	hits = 0;
	sa.sa_handler = count;
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR1);
	raise(SIGUSR1);		/* standard signals do not queue */
	sigpending(&pend);
	printf("blocked: handled %d, pending: %s\n", (int)hits, yesno(sigismember(&pend, SIGUSR1)));
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: handled %d\n", (int)hits);
	SHOW("sigprocmask with a bad how", sigprocmask(99, &set, NULL));

	/* sigaltstack */
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	SHOW("sigaltstack too small", sigaltstack(&ss, NULL));
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 77;
	SHOW("sigaltstack bad flags", sigaltstack(&ss, NULL));
	ss.ss_flags = 0;
	SHOW("sigaltstack", sigaltstack(&ss, &oss));
	printf("the old one was disabled: %s\n", yesno(oss.ss_flags & SS_DISABLE));
	sa.sa_handler = where;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("SA_ONSTACK handler ran on the alternate stack: %s\n", yesno(on_alt));
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("without SA_ONSTACK: %s\n", yesno(on_alt));
	sigaltstack(NULL, &oss);
	printf("sigaltstack reports the stack's size: %s\n", yesno(oss.ss_size == sizeof(altstack)));

	/* siglongjmp out of a SIGSEGV handler, three times (the mask is restored) */
	sa.sa_handler = jump;
	sa.sa_flags = 0;
	sigaction(SIGSEGV, &sa, NULL);
	int jumps = 0;
	for (int i = 0; i < 3; i++) {
		if (sigsetjmp(env, 1) == 0)
			*(volatile int *)hide(NULL) = i;
		else
			jumps++;
	}
	printf("siglongjmp out of SIGSEGV handlers: %d of 3\n", jumps);
	return 0;
}
