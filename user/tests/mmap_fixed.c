/*
 * mmap_fixed - MAP_FIXED replaces whatever was mapped there: the new pages
 * are zero, the neighbours keep their contents, and the returned address is
 * exactly the one asked for.  Also MAP_FIXED into a hole, and a change of
 * protection and sharing through MAP_FIXED.
 */
#include "common.h"

#define NPAGES 5

int main(void)
{
	size_t ps = page_size();
	size_t len = NPAGES * ps;
	volatile unsigned char *p = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	for (int pg = 0; pg < NPAGES; pg++)
		memset((void *)(p + pg * ps), 'a' + pg, ps);

	/* Replace pages 1 and 2. */
	void *r = mmap((void *)(p + ps), 2 * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r == MAP_FAILED)
		die("mmap(MAP_FIXED)");
	check("MAP_FIXED returns the requested address", r == p + ps);
	check("replaced pages 1-2 are zero", all_zero(p + ps, 2 * ps));
	for (int pg = 0; pg < NPAGES; pg++)
		printf("page %d first byte = %u\n", pg, (unsigned)p[pg * ps]);
	check("page 0 intact", all_equal(p, ps, 'a'));
	check("page 3 intact", all_equal(p + 3 * ps, ps, 'd'));
	check("page 4 intact", all_equal(p + 4 * ps, ps, 'e'));

	/* A shared page replacing a private one, in the middle. */
	p[2 * ps] = 'x';
	r = mmap((void *)(p + 2 * ps), ps, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check("MAP_FIXED shared over private", r == p + 2 * ps);
	printf("page 2 first byte after replacement = %u\n",
	       (unsigned)p[2 * ps]);
	p[2 * ps] = 'y';
	printf("page 2 first byte after write = '%c'\n", p[2 * ps]);

	/* A read-only page replacing page 4: reading gives zero. */
	r = mmap((void *)(p + 4 * ps), ps, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check("MAP_FIXED read-only over read-write", r == p + 4 * ps);
	check("read-only replacement reads as zero", all_zero(p + 4 * ps, ps));

	/* MAP_FIXED into a hole left by munmap. */
	SHOW("munmap(page 3)", munmap((void *)(p + 3 * ps), ps));
	r = mmap((void *)(p + 3 * ps), ps, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check("MAP_FIXED into a hole", r == p + 3 * ps);
	check("page in the hole is zero", all_zero(p + 3 * ps, ps));

	/* One MAP_FIXED over the whole range, spanning several mappings. */
	r = mmap((void *)p, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check("MAP_FIXED over several mappings", r == p);
	check("whole range zero", all_zero(p, len));
	SHOW("munmap(all)", munmap((void *)p, len));
	return 0;
}
