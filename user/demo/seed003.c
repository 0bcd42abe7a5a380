/*
 * seed003 - a fresh private anonymous page: write one byte, read it back,
 * give the page back.  The first write is what makes the kernel allocate
 * the page (a page fault on a present-in-the-VMA but not-yet-backed page).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Faultline's trace marker (./faultline run --trace=marked records only the
 * faults between on and off); on Linux the call fails and changes nothing. */
#define FAULTLINE_TRACE 0x46540001

int main(void)
{
	size_t len = (size_t)getpagesize();
	volatile char *p = mmap(0, len, PROT_READ | PROT_WRITE,
				MAP_ANON | MAP_PRIVATE, -1, 0);

	if (p == MAP_FAILED) {
		printf("mmap failed (errno %d)\n", errno);
		return 1;
	}
	prctl(FAULTLINE_TRACE, 1, 0, 0, 0);
	p[0] = 'A';
	prctl(FAULTLINE_TRACE, 0, 0, 0, 0);
	printf("wrote 'A' to a fresh private page; read back '%c'\n", p[0]);
	if (munmap((void *)p, len) != 0) {
		printf("munmap failed (errno %d)\n", errno);
		return 1;
	}
	return 0;
}
