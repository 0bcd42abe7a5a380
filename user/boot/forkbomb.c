/*
 * A fork bomb bounded by the process limit: fork until it fails with
 * EAGAIN, then every child is killed and reaped and the system carries on.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	static pid_t kids[4096];
	int made = 0, err = 0, status, reaped = 0, killed = 0;

	while (made < 4096) {
		pid_t pid = fork();
		if (pid == 0) {
			for (;;)
				pause();	/* parked until killed */
		}
		if (pid < 0) {
			err = errno;
			break;
		}
		kids[made++] = pid;
	}
	printf("fork stopped with %s after at least 10 children: %s\n", err == EAGAIN ? "EAGAIN" : strerror(err),
	       made >= 10 ? "yes" : "no");
	for (int i = 0; i < made; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < made; i++)
		if (waitpid(kids[i], &status, 0) == kids[i]) {
			reaped++;
			killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		}
	printf("all reaped: %s, all killed by SIGKILL: %s\n", reaped == made ? "yes" : "no", killed == made ? "yes" : "no");
	pid_t pid = fork();
	if (pid == 0)
		_exit(5);
	waitpid(pid, &status, 0);
	printf("fork works again: %s\n", pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 5 ? "yes" : "no");
	return 0;
}
