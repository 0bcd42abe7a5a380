/*
 * fork_cow - copy-on-write after fork (needs fork and wait4): the child's
 * writes to private memory are invisible to the parent, writes to a
 * MAP_SHARED|MAP_ANONYMOUS page are visible, and the child's exit status
 * reaches the parent.
 */
#include "common.h"

#include <sys/wait.h>

static int global = 1;

int main(void)
{
	size_t ps = page_size();
	volatile int *priv = (volatile int *)map_anon(ps, PROT_READ | PROT_WRITE,
						      MAP_PRIVATE);
	volatile int *shared = (volatile int *)map_anon(ps, PROT_READ | PROT_WRITE,
							MAP_SHARED);
	int *heap = malloc(sizeof(int));

	if (heap == NULL)
		die("malloc");
	*priv = 10;
	*shared = 20;
	*heap = 30;
	fflush(stdout);

	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		*priv = 11;
		*shared = 21;
		*heap = 31;
		global = 2;
		_exit(7);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	check("child exited normally", WIFEXITED(status));
	printf("child exit status = %d\n", WEXITSTATUS(status));
	printf("private = %d (unchanged)\n", *priv);
	printf("shared = %d (child's write)\n", *shared);
	printf("heap = %d, global = %d (unchanged)\n", *heap, global);

	/* The parent's own write after fork still works (a COW break on a
	 * page whose other user is gone). */
	*priv = 12;
	printf("private after parent write = %d\n", *priv);
	return 0;
}
