/*
 * seed002 - the example of the seed article: a shared anonymous mapping at
 * a chosen address is zero until it is written.
 *
 * The address is only a hint (no MAP_FIXED): the kernel may put the mapping
 * elsewhere, so the program never relies on where it landed.  80 bytes are
 * asked for; the kernel rounds the length up to a whole page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static const char *errno_name(int e)
{
	switch (e) {
	case EACCES: return "EACCES";
	case EAGAIN: return "EAGAIN";
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case ENODEV: return "ENODEV";
	case ENOMEM: return "ENOMEM";
	case ENOSYS: return "ENOSYS";
	case EOVERFLOW: return "EOVERFLOW";
	case EPERM: return "EPERM";
	default: return "unknown errno";
	}
}

/* Faultline's trace marker (./faultline run --trace=marked records only the
 * faults between on and off); on Linux the call fails and changes nothing. */
#define FAULTLINE_TRACE 0x46540001

int main(void)
{
	volatile int *x = mmap((void *)0x7000003000, 80,
			       PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (x == MAP_FAILED) {
		printf("mmap failed: %s\n", errno_name(errno));
		return 1;
	}
	prctl(FAULTLINE_TRACE, 1, 0, 0, 0);
	int before = *x;		/* the first touch: a read fault */
	prctl(FAULTLINE_TRACE, 0, 0, 0, 0);
	printf("before write, x = %d\n", before);
	*x = 1;
	printf("after write, x = %d\n", *x);
	return 0;
}
