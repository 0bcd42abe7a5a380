/*
 * execve: a child runs this same program again (argv[0]) in another mode,
 * with arguments and environment; exit statuses come back through wait;
 * failures give ENOENT, EFAULT; vfork and posix_spawn work too.
 */
#include "common.h"
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

static int child_mode(int argc, char **argv)
{
	printf("exec'd: argc %d, argv[1] %s, argv[2] %s, MODE=%s\n", argc, argv[1], argc > 2 ? argv[2] : "-",
	       getenv("MODE") ? getenv("MODE") : "(unset)");
	return 5;
}

static void report(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by %s\n", what, signal_name(WTERMSIG(status)));
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child_mode(argc, argv);
	fflush(stdout);

	pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "child", "two words", NULL };
		char *envs[] = { "MODE=exec", NULL };
		execve(argv[0], args, envs);
		_exit(99);
	}
	waitpid(pid, &status, 0);
	report("fork+execve", status);

	pid = vfork();
	if (pid == 0) {
		char *args[] = { argv[0], "child", NULL };
		execve(argv[0], args, environ);
		_exit(98);
	}
	waitpid(pid, &status, 0);
	report("vfork+execve", status);

	pid = vfork();
	if (pid == 0)
		_exit(17);
	waitpid(pid, &status, 0);
	report("vfork+_exit", status);

	char *sargs[] = { argv[0], "child", "spawned", NULL };
	char *senv[] = { "MODE=spawn", NULL };
	int r = posix_spawn(&pid, argv[0], NULL, NULL, sargs, senv);
	printf("posix_spawn: %s\n", r ? errno_name(r) : "ok");
	if (!r) {
		waitpid(pid, &status, 0);
		report("spawned", status);
	}
	r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, sargs, senv);
	printf("posix_spawn of a missing program: %s\n", r ? errno_name(r) : "ok");
	if (!r) {
		waitpid(pid, &status, 0);
		report("missing program's child", status);
	}

	char *none[] = { "x", NULL };
	SHOW("execve of a missing file", execve("/nonexistent/program", none, none));
	SHOW("execve with a bad path pointer", syscall(SYS_execve, hide((void *)8), none, none));
	SHOW("execve with a bad argv", syscall(SYS_execve, argv[0], hide((void *)8), none));
	fflush(stdout);
	return 0;
}
