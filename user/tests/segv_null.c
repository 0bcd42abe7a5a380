// diff-exit: 139
/*
 * segv_null - a write to address 0 has no region behind it: the process
 * dies of SIGSEGV (status 139 as a shell reports it).  The message goes out
 * with write(2) first, since stdio buffers would be lost.
 */
#include "common.h"

int main(void)
{
	volatile int *volatile null = NULL;  /* the compiler must emit it */

	say(2, "about to write to NULL\n");
	*null = 1;
	say(2, "survived the write to NULL\n");
	return 0;
}
