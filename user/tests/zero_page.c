/*
 * zero_page - reading fresh private anonymous pages: all zero (Linux maps
 * the shared zero page on a read fault).  Writing one page must not change
 * the others that were only read, and the written page then holds exactly
 * what was written.
 */
#include "common.h"

#define NPAGES 8

int main(void)
{
	size_t ps = page_size();
	size_t len = NPAGES * ps;
	volatile unsigned char *p = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	/* Read faults only. */
	check("fresh page 0 reads as zero", all_zero(p, ps));
	check("all fresh pages read as zero", all_zero(p, len));

	/* A write fault on a page that was read first. */
	p[3 * ps + 100] = 42;
	printf("page 3 byte 100 = %u\n", (unsigned)p[3 * ps + 100]);
	check("page 3 otherwise zero",
	      all_zero(p + 3 * ps, 100) &&
	      all_zero(p + 3 * ps + 101, ps - 101));
	check("pages 0-2 still zero", all_zero(p, 3 * ps));
	check("pages 4-7 still zero", all_zero(p + 4 * ps, 4 * ps));

	/* Fill one page completely and read it back. */
	memset((void *)(p + 5 * ps), 0xa5, ps);
	check("page 5 all 0xa5", all_equal(p + 5 * ps, ps, 0xa5));
	check("page 6 still zero", all_zero(p + 6 * ps, ps));

	/* A page that was never touched before is written without a read. */
	p[7 * ps] = 9;
	printf("page 7 byte 0 = %u\n", (unsigned)p[7 * ps]);
	SHOW("munmap", munmap((void *)p, len));

	/* A new mapping is zero again, even if it reuses the same pages. */
	volatile unsigned char *q = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);
	check("new mapping reads as zero", all_zero(q, len));
	SHOW("munmap", munmap((void *)q, len));
	return 0;
}
