/*
 * Processes: fork, wait4/waitpid with exit statuses and signals, WNOHANG,
 * ECHILD, getppid in the child, kill between processes, SIGCHLD with its
 * siginfo, and 100 fork/exit/wait cycles.
 */
#include "common.h"
#include <sched.h>
#include <sys/wait.h>

static volatile sig_atomic_t chld_seen, chld_code, chld_status, chld_pid_ok;
static pid_t expected_child;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_seen++;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid_ok = si->si_pid == expected_child;
}

static void report(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by %s\n", what, signal_name(WTERMSIG(status)));
	else
		printf("%s: status %#x\n", what, status);
}

static pid_t child_exit(int code)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(code);
	if (pid < 0)
		die("fork");
	return pid;
}

int main(void)
{
	int status, codes[] = { 0, 1, 42, 255 };
	pid_t me = getpid(), pid;

	fflush(stdout);
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
		pid = child_exit(codes[i]);
		check("waitpid returns the child", waitpid(pid, &status, 0) == pid);
		report("child", status);
	}

	/* the child sees its parent */
	volatile int *shared = (volatile int *)map_anon(4096, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid = fork();
	if (pid == 0) {
		shared[0] = getppid() == me;
		shared[1] = getpid() != me;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	check("child's getppid is the parent", shared[0]);
	check("child has its own pid", shared[1]);

	/* a child killed by SIGSEGV */
	pid = fork();
	if (pid == 0) {
		*(volatile int *)hide(NULL) = 1;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	report("segfaulting child", status);

	/* WNOHANG while the child runs; then kill it */
	shared[2] = 0;
	pid = fork();
	if (pid == 0) {
		shared[2] = 1;
		for (;;)
			sched_yield();
	}
	while (!shared[2])
		sched_yield();
	SHOW("waitpid WNOHANG on a running child", waitpid(pid, &status, WNOHANG));
	SHOW("kill SIGTERM", kill(pid, SIGTERM));
	check("waitpid after kill returns it", waitpid(pid, &status, 0) == pid);
	report("killed child", status);

	/* a spinning child does not stop the parent (preemption) */
	shared[3] = 0;
	pid = fork();
	if (pid == 0) {
		while (!shared[3])
			;
		_exit(7);
	}
	for (volatile int i = 0; i < 1000000; i++)
		;
	shared[3] = 1;
	waitpid(pid, &status, 0);
	report("spinning child", status);

	/* SIGCHLD with siginfo */
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigaction(SIGCHLD, &sa, NULL);
	sigprocmask(SIG_BLOCK, &chld, &old);	/* no SIGCHLD before we know the pid */
	expected_child = child_exit(9);
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(expected_child, &status, 0) < 0 && errno == EINTR)
		;
	printf("SIGCHLD seen %d time(s), code %s, status %d, pid matches: %s\n", (int)chld_seen,
	       chld_code == CLD_EXITED ? "CLD_EXITED" : "other", (int)chld_status, yesno(chld_pid_ok));
	signal(SIGCHLD, SIG_DFL);

	/* no children */
	SHOW("wait with no children", wait(&status));
	SHOW("waitpid of a stranger", waitpid(me + 100000, &status, 0));
	SHOW("waitpid with a bad option", waitpid(-1, &status, 0x1000));

	/* 100 cycles */
	int ok = 0;
	for (int i = 0; i < 100; i++) {
		pid = child_exit(i & 0x7f);
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == (i & 0x7f))
			ok++;
	}
	printf("fork/exit/wait cycles that came back right: %d of 100\n", ok);
	return 0;
}
