/*
 * malloc_stress - many malloc/realloc/free of small and large sizes, so the
 * allocator uses both brk (small) and mmap (above the 128 KiB threshold).
 * Every block is filled with a pattern derived from its index and checked
 * later; only checksums of the contents are printed, never addresses.
 */
#include "common.h"

#define NBLOCKS 256
#define ROUNDS 4

struct block {
	unsigned char *p;
	size_t len;
	unsigned char seed;
};

static struct block blocks[NBLOCKS];

static size_t pick_size(uint64_t *rng)
{
	uint64_t r = xorshift64(rng);

	switch (r % 8) {
	case 0: return 1 + (r >> 8) % 16;                       /* tiny */
	case 1: case 2: case 3: return 1 + (r >> 8) % 512;      /* small */
	case 4: case 5: return 512 + (r >> 8) % 8192;           /* medium */
	case 6: return 8192 + (r >> 8) % (120 * 1024);         /* below 128 KiB */
	default: return 128 * 1024 + (r >> 8) % (384 * 1024);   /* mmap'd */
	}
}

static void fill(struct block *b)
{
	for (size_t i = 0; i < b->len; i++)
		b->p[i] = (unsigned char)(b->seed + i * 7);
}

static int verify(const struct block *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (b->p[i] != (unsigned char)(b->seed + i * 7))
			return 0;
	return 1;
}

int main(void)
{
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	int bad = 0, large = 0;
	size_t total = 0;

	for (int round = 0; round < ROUNDS; round++) {
		uint64_t sum = FNV_INIT;

		/* Allocate (or replace) every block. */
		for (int i = 0; i < NBLOCKS; i++) {
			struct block *b = &blocks[i];
			free(b->p);
			b->len = pick_size(&rng);
			b->seed = (unsigned char)(i + round * 31);
			b->p = malloc(b->len);
			if (b->p == NULL)
				die("malloc");
			if (b->len >= 128 * 1024)
				large++;
			total += b->len;
			fill(b);
		}
		/* Free a pseudo-random half, then check the survivors. */
		for (int i = 0; i < NBLOCKS; i++) {
			if (xorshift64(&rng) & 1) {
				free(blocks[i].p);
				blocks[i].p = NULL;
				blocks[i].len = 0;
			}
		}
		for (int i = 0; i < NBLOCKS; i++) {
			if (!verify(&blocks[i], blocks[i].len))
				bad++;
			sum = fnv1a(sum, blocks[i].p ? blocks[i].p : (void *)"",
				    blocks[i].len);
		}
		/* Grow or shrink the survivors with realloc: the old contents
		 * (up to the smaller size) must survive a move. */
		for (int i = 0; i < NBLOCKS; i++) {
			struct block *b = &blocks[i];
			if (b->p == NULL)
				continue;
			size_t nlen = pick_size(&rng);
			unsigned char *np = realloc(b->p, nlen);
			if (np == NULL)
				die("realloc");
			b->p = np;
			if (!verify(b, nlen < b->len ? nlen : b->len))
				bad++;
			b->len = nlen;
			fill(b);
		}
		printf("round %d: checksum %016llx\n", round,
		       (unsigned long long)sum);
	}

	/* calloc memory is zero, also when it reuses freed memory. */
	int calloc_zero = 1;
	for (int i = 0; i < NBLOCKS; i++) {
		free(blocks[i].p);
		size_t n = pick_size(&rng);
		blocks[i].p = calloc(1, n);
		if (blocks[i].p == NULL)
			die("calloc");
		if (!all_zero(blocks[i].p, n))
			calloc_zero = 0;
	}
	for (int i = 0; i < NBLOCKS; i++)
		free(blocks[i].p);

	/* Alignment requests are honoured. */
	int aligned = 1;
	for (size_t align = sizeof(void *); align <= 65536; align *= 2) {
		void *p = NULL;
		if (posix_memalign(&p, align, 100) != 0)
			die("posix_memalign");
		if ((uintptr_t)p % align != 0)
			aligned = 0;
		free(p);
	}

	printf("allocated bytes in total: %zu\n", total);
	printf("allocations of 128 KiB or more: %d\n", large);
	printf("corrupted blocks: %d\n", bad);
	check("calloc memory is zero", calloc_zero);
	check("posix_memalign alignment honoured", aligned);
	return 0;
}
