/*
 * stack_growth - the main thread's stack grows on demand below the
 * initial pages, page by page (a fault just below the stack VMA extends
 * it), up to RLIMIT_STACK.  Here 6 MiB, under the usual 8 MiB limit.
 */
#include "common.h"

#define FRAME (64 * 1024)
#define DEPTH 96          /* 96 * 64 KiB = 6 MiB */

static unsigned long dive(int depth)
{
	volatile unsigned char frame[FRAME];
	unsigned long sum;

	for (size_t i = 0; i < FRAME; i += 4096)
		frame[i] = (unsigned char)depth;
	if (depth == 0)
		return frame[0];
	sum = dive(depth - 1);
	return sum + frame[FRAME - 4096];  /* not a tail call */
}

int main(void)
{
	printf("sum = %lu\n", dive(DEPTH));
	return 0;
}
