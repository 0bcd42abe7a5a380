/*
 * sigaction_record - signal dispositions and the signal mask are stored and
 * reported back, even though no signal is delivered here: rt_sigaction
 * and rt_sigprocmask, and their errors (SIGKILL's action cannot change,
 * bad signal numbers, bad sigset sizes, bad how).
 */
#include "common.h"

static void handler(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);

	SHOW("sigaction(SIGUSR1, handler)", sigaction(SIGUSR1, &sa, NULL));
	memset(&old, 0, sizeof(old));
	SHOW("sigaction(SIGUSR1, NULL, &old)", sigaction(SIGUSR1, NULL, &old));
	check("old handler is ours", old.sa_handler == handler);
	check("SA_RESTART kept", (old.sa_flags & SA_RESTART) != 0);
	check("SIGUSR2 in sa_mask", sigismember(&old.sa_mask, SIGUSR2) == 1);

	sa.sa_handler = SIG_IGN;
	SHOW("sigaction(SIGUSR1, SIG_IGN, &old)",
	     sigaction(SIGUSR1, &sa, &old));
	check("previous was the handler", old.sa_handler == handler);
	SHOW("sigaction(SIGUSR1, NULL, &old)", sigaction(SIGUSR1, NULL, &old));
	check("now SIG_IGN", old.sa_handler == SIG_IGN);

	SHOW("sigaction(SIGTERM, NULL, &old)", sigaction(SIGTERM, NULL, &old));
	check("SIGTERM default", old.sa_handler == SIG_DFL);

	sa.sa_handler = handler;
	SHOW("sigaction(SIGKILL, handler)", sigaction(SIGKILL, &sa, NULL));
	SHOW("sigaction(SIGSTOP, handler)", sigaction(SIGSTOP, &sa, NULL));
	SHOW("sigaction(0, handler)", sigaction(0, &sa, NULL));
	SHOW("sigaction(65, handler)", sigaction(65, &sa, NULL));

	/* Raw: a wrong sigsetsize, and a bad pointer for the new action. */
	SHOW("rt_sigaction(SIGUSR1, NULL, &old, sigsetsize 4)",
	     syscall(SYS_rt_sigaction, (long)SIGUSR1, 0L, (long)&old, 4L));
	SHOW("rt_sigaction(SIGUSR1, NULL pointer + 8, NULL, 8)",
	     syscall(SYS_rt_sigaction, (long)SIGUSR1, 8L, 0L, 8L));

	/* The signal mask. */
	sigset_t set, cur;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	SHOW("sigprocmask(SIG_BLOCK, {SIGUSR2, SIGTERM})",
	     sigprocmask(SIG_BLOCK, &set, NULL));
	SHOW("sigprocmask(SIG_BLOCK, NULL, &cur)",
	     sigprocmask(SIG_BLOCK, NULL, &cur));
	check("SIGUSR2 blocked", sigismember(&cur, SIGUSR2) == 1);
	check("SIGTERM blocked", sigismember(&cur, SIGTERM) == 1);
	check("SIGUSR1 not blocked", sigismember(&cur, SIGUSR1) == 0);

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	SHOW("sigprocmask(SIG_UNBLOCK, {SIGTERM})",
	     sigprocmask(SIG_UNBLOCK, &set, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGINT);
	SHOW("sigprocmask(SIG_SETMASK, {SIGKILL, SIGINT})",
	     sigprocmask(SIG_SETMASK, &set, NULL));
	SHOW("sigprocmask(SIG_BLOCK, NULL, &cur)",
	     sigprocmask(SIG_BLOCK, NULL, &cur));
	check("SIGINT blocked", sigismember(&cur, SIGINT) == 1);
	check("SIGKILL silently not blocked", sigismember(&cur, SIGKILL) == 0);
	check("SIGUSR2 no longer blocked", sigismember(&cur, SIGUSR2) == 0);

	SHOW("rt_sigprocmask(how 99)",
	     syscall(SYS_rt_sigprocmask, 99L, (long)&set, 0L, 8L));
	SHOW("rt_sigprocmask(SIG_BLOCK, sigsetsize 4)",
	     syscall(SYS_rt_sigprocmask, (long)SIG_BLOCK, (long)&set, 0L, 4L));
	return 0;
}
