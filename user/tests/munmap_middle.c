/*
 * munmap_middle - unmapping the middle page of a three-page mapping splits
 * it in two: the neighbours stay accessible with their contents, a second
 * munmap of the hole succeeds, and the hole can be mapped again (a hint at
 * a free address is honoured) with fresh zero contents.  Touching the hole
 * itself is segv_munmapped's job.
 */
#include "common.h"

int main(void)
{
	size_t ps = page_size();
	volatile unsigned char *p = map_anon(3 * ps, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	memset((void *)p, 'a', ps);
	memset((void *)(p + ps), 'b', ps);
	memset((void *)(p + 2 * ps), 'c', ps);

	SHOW("munmap(middle page)", munmap((void *)(p + ps), ps));
	printf("first page: '%c' ... '%c'\n", p[0], p[ps - 1]);
	printf("last page: '%c' ... '%c'\n", p[2 * ps], p[3 * ps - 1]);
	check("first page intact", all_equal(p, ps, 'a'));
	check("last page intact", all_equal(p + 2 * ps, ps, 'c'));

	/* Both halves are still writable. */
	p[ps - 1] = 'A';
	p[2 * ps] = 'C';
	printf("after writes: '%c' '%c'\n", p[ps - 1], p[2 * ps]);

	SHOW("munmap(middle page) again", munmap((void *)(p + ps), ps));

	/* The hole is free: a hint pointing at it is honoured. */
	void *r = mmap((void *)(p + ps), ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		die("mmap(hint)");
	check("hint at the hole honoured", r == p + ps);
	if (r == p + ps) {
		check("refilled hole reads as zero", all_zero(p + ps, ps));
		p[ps] = 'B';
		printf("middle page now '%c'\n", p[ps]);
	}

	/* Unmap a range covering both original pages and the new one. */
	SHOW("munmap(all three)", munmap((void *)p, 3 * ps));
	if (r != p + ps)
		SHOW("munmap(elsewhere)", munmap(r, ps));
	return 0;
}
