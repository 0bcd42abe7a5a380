// diff-exit: 139
/*
 * stack_overflow - unbounded recursion runs into RLIMIT_STACK (and the
 * guard gap below the stack): SIGSEGV.
 */
#include "common.h"

/* Never reached; it keeps the compiler from proving the recursion
 * infinite (and warning about it). */
static volatile unsigned long limit = (unsigned long)-1;

static unsigned long dive(unsigned long depth)
{
	volatile unsigned char frame[4096];

	if (depth >= limit)
		return 0;
	frame[0] = (unsigned char)depth;
	return dive(depth + 1) + frame[0];   /* not a tail call */
}

int main(void)
{
	say(2, "recursing until the stack is exhausted\n");
	printf("%lu\n", dive(0));
	return 0;
}
