/*
 * seed001 - the anonymous-page fault of seed 001: a private anonymous page
 * is read before it is ever written.  The read fault maps the one shared
 * zero page, read-only (nothing is allocated); the write that follows
 * faults again, and only then does the page get a frame of its own,
 * copied from (here: as zero as) the zero page.  Two faults, two decisions.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

/* Faultline's trace marker (./faultline run --trace=marked records only the
 * faults between on and off); on Linux the call fails and changes nothing. */
#define FAULTLINE_TRACE 0x46540001

static long minor_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int main(void)
{
	size_t len = (size_t)getpagesize();
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long f0, f1, f2;
	char before;

	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	f0 = minor_faults();
	prctl(FAULTLINE_TRACE, 1, 0, 0, 0);
	before = p[0];				/* read: the zero page */
	f1 = minor_faults();
	p[0] = 'x';				/* write: a page of its own */
	prctl(FAULTLINE_TRACE, 0, 0, 0, 0);
	f2 = minor_faults();
	printf("read %d from the untouched page (%ld fault), wrote 'x' (%ld fault), read back '%c'\n",
	       before, f1 - f0, f2 - f1, p[0]);
	return munmap((void *)p, len) == 0 ? 0 : 1;
}
