/*
 * mmap_shared_anon - MAP_SHARED|MAP_ANONYMOUS: zero on first read, writes
 * read back, partial munmap keeps the rest, and two shared anonymous
 * mappings are independent objects.  (Sharing with a child process needs
 * fork, which comes later.)
 */
#include "common.h"

#define NPAGES 4

int main(void)
{
	size_t ps = page_size();
	size_t len = NPAGES * ps;
	volatile unsigned char *a = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_SHARED);
	volatile unsigned char *b = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_SHARED);

	check("shared mapping reads as zero", all_zero(a, len));
	for (int pg = 0; pg < NPAGES; pg++) {
		a[pg * ps] = (unsigned char)('a' + pg);
		a[pg * ps + ps - 1] = (unsigned char)('A' + pg);
	}
	for (int pg = 0; pg < NPAGES; pg++)
		printf("page %d: first '%c', last '%c'\n", pg, a[pg * ps],
		       a[pg * ps + ps - 1]);

	check("second shared mapping still zero", all_zero(b, len));
	b[0] = 'z';
	printf("a[0] = '%c', b[0] = '%c'\n", a[0], b[0]);

	/* Unmap pages 1 and 2 of a; pages 0 and 3 keep their contents. */
	SHOW("munmap(a + 1 page, 2 pages)", munmap((void *)(a + ps), 2 * ps));
	printf("after munmap: page 0 '%c', page 3 '%c'\n", a[0], a[3 * ps]);

	volatile int *counter = (volatile int *)(b + ps);
	for (int i = 0; i < 1000; i++)
		(*counter)++;
	printf("counter = %d\n", *counter);

	SHOW("munmap(a page 0)", munmap((void *)a, ps));
	SHOW("munmap(a page 3)", munmap((void *)(a + 3 * ps), ps));
	SHOW("munmap(b)", munmap((void *)b, len));
	return 0;
}
