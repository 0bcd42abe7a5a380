// diff-exit: 42
/*
 * exit_status - the exit status reaches the parent, and stdio buffers are
 * flushed by exit() before exit_group.
 */
#include "common.h"

int main(void)
{
	printf("exiting with status 42\n");
	fprintf(stderr, "stderr before exit\n");
	exit(42);
}
