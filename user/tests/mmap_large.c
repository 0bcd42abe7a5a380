// diff-pagesize: 4096
/*
 * mmap_large - a 64 MiB anonymous mapping: every page is zero on first
 * read, every page is written (one fault per page), and a checksum over all
 * of it is printed.  Then it is unmapped in two halves.
 */
#include "common.h"

#define SIZE (64UL << 20)

int main(void)
{
	size_t ps = page_size();
	size_t pages = SIZE / ps;
	unsigned char *p = map_anon(SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	unsigned long nonzero = 0;
	uint64_t sum = FNV_INIT;

	/* Read one word of every page before anything is written. */
	for (size_t i = 0; i < pages; i++)
		if (((volatile uint64_t *)(p + i * ps))[ps / 16] != 0)
			nonzero++;
	printf("pages = %zu\n", pages);
	printf("pages with a non-zero word before writing: %lu\n", nonzero);

	/* Write every page: a page number at the start and near the end. */
	for (size_t i = 0; i < pages; i++) {
		uint64_t *w = (uint64_t *)(p + i * ps);
		w[0] = i;
		w[ps / sizeof(uint64_t) - 1] = ~(uint64_t)i;
	}

	unsigned long wrong = 0;
	for (size_t i = 0; i < pages; i++) {
		const uint64_t *w = (const uint64_t *)(p + i * ps);
		if (w[0] != i || w[ps / sizeof(uint64_t) - 1] != ~(uint64_t)i ||
		    w[1] != 0)
			wrong++;
	}
	sum = fnv1a(sum, p, SIZE);
	printf("pages with wrong contents: %lu\n", wrong);
	printf("checksum = %016llx\n", (unsigned long long)sum);

	SHOW("munmap(first half)", munmap(p, SIZE / 2));
	SHOW("munmap(second half)", munmap(p + SIZE / 2, SIZE / 2));
	return 0;
}
