/*
 * enosys - unknown system calls return ENOSYS and the program carries on.
 * argv[1] (default 1000) is called 100 times; any further arguments are
 * called once each afterwards.
 */
#include "common.h"

static void probe(long nr, int times)
{
	int enosys = 0;

	for (int i = 0; i < times; i++) {
		errno = 0;
		if (syscall(nr) == -1 && errno == ENOSYS)
			enosys++;
	}
	printf("syscall(%ld) x%d: %d ENOSYS\n", nr, times, enosys);
}

int main(int argc, char **argv)
{
	probe(argc > 1 ? atol(argv[1]) : 1000, 100);
	for (int i = 2; i < argc; i++)
		probe(atol(argv[i]), 1);
	printf("still running\n");
	return 0;
}
