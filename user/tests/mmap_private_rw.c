// diff-pagesize: 4096
/*
 * mmap_private_rw - private anonymous memory: read first (zero), then write,
 * then read back, at the start, middle and end of each of several pages,
 * with byte, int and 64-bit accesses, and one access straddling a page
 * boundary.
 */
#include "common.h"

#define NPAGES 4

int main(void)
{
	size_t ps = page_size();
	size_t len = NPAGES * ps;
	volatile unsigned char *p = map_anon(len, PROT_READ | PROT_WRITE,
					     MAP_PRIVATE);

	for (int pg = 0; pg < NPAGES; pg++) {
		size_t offs[3] = { 0, ps / 2, ps - 1 };
		for (int k = 0; k < 3; k++) {
			size_t o = pg * ps + offs[k];
			unsigned before = p[o];
			p[o] = (unsigned char)(0x10 * pg + k + 1);
			printf("page %d offset %4zu: read %u, wrote %u, "
			       "read back %u\n", pg, offs[k], before,
			       (unsigned)(0x10 * pg + k + 1), (unsigned)p[o]);
		}
	}

	volatile int *ip = (volatile int *)(p + ps + 64);
	printf("int before = %d\n", *ip);
	*ip = -123456;
	printf("int after = %d\n", *ip);

	volatile uint64_t *qp = (volatile uint64_t *)(p + 3 * ps + 128);
	printf("u64 before = %llx\n", (unsigned long long)*qp);
	*qp = 0x0123456789abcdefULL;
	printf("u64 after = %llx\n", (unsigned long long)*qp);

	/* 8 bytes across the boundary between page 1 and page 2. */
	uint64_t v = 0x1122334455667788ULL, r;
	memcpy((void *)(p + 2 * ps - 4), &v, sizeof(v));
	memcpy(&r, (const void *)(p + 2 * ps - 4), sizeof(r));
	printf("straddling u64 = %llx\n", (unsigned long long)r);

	/* Bytes that were never written are still zero. */
	size_t zeros = 0;
	for (size_t i = 0; i < len; i++)
		zeros += p[i] == 0;
	printf("zero bytes left = %zu of %zu\n", zeros, len);
	SHOW("munmap", munmap((void *)p, len));
	return 0;
}
