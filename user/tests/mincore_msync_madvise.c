/*
 * mincore (which pages are in the page table), msync on anonymous memory,
 * madvise(MADV_DONTNEED) on private and shared memory, MAP_POPULATE and
 * the faults each of them costs.
 */
#include "common.h"
#include <sys/resource.h>

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void show_vec(const char *what, const unsigned char *v, int n)
{
	printf("%s:", what);
	for (int i = 0; i < n; i++)
		printf(" %d", v[i] & 1);
	printf("\n");
}

int main(void)
{
	size_t P = page_size();
	unsigned char vec[8];
	unsigned char *p = map_anon(8 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	volatile unsigned char sink;

	SHOW("mincore untouched", mincore(p, 8 * P, vec));
	show_vec("  resident", vec, 8);
	p[0] = 1;
	sink = p[2 * P];		/* the zero page counts as resident */
	p[5 * P + 9] = 2;
	SHOW("mincore after touching 0, 2, 5", mincore(p, 8 * P, vec));
	show_vec("  resident", vec, 8);
	SHOW("mincore unaligned", mincore(p + 1, P, vec));
	SHOW("mincore bad vector", mincore(p, P, hide((void *)8)));
	munmap(p + 3 * P, P);
	SHOW("mincore over a hole", mincore(p, 8 * P, vec));
	SHOW("mincore partial length", mincore(p, P + 1, vec));
	show_vec("  resident", vec, 2);

	SHOW("msync MS_SYNC", msync(p, 2 * P, MS_SYNC));
	SHOW("msync MS_ASYNC|MS_SYNC", msync(p, P, MS_ASYNC | MS_SYNC));
	SHOW("msync bad flag", msync(p, P, 64));
	SHOW("msync unaligned", msync(p + 1, P, MS_SYNC));
	SHOW("msync over a hole", msync(p, 8 * P, MS_SYNC));
	SHOW("msync length 0", msync(p, 0, MS_SYNC));

	/* MADV_DONTNEED: private pages read zero again; shared ones keep data */
	p[0] = 7;
	SHOW("madvise DONTNEED private", madvise(p, 3 * P, MADV_DONTNEED));
	check("private page reads zero after DONTNEED", p[0] == 0);
	SHOW("mincore after DONTNEED", mincore(p, P, vec));
	show_vec("  resident", vec, 1);
	unsigned char *s = map_anon(2 * P, PROT_READ | PROT_WRITE, MAP_SHARED);
	s[10] = 9;
	SHOW("madvise DONTNEED shared", madvise(s, 2 * P, MADV_DONTNEED));
	check("shared page keeps its data", s[10] == 9);
	SHOW("madvise unknown advice", madvise(p, P, 77));
	SHOW("madvise unaligned", madvise(p + 1, P, MADV_NORMAL));
	SHOW("madvise over a hole", madvise(p, 8 * P, MADV_NORMAL));
	SHOW("madvise WILLNEED", madvise(p, P, MADV_WILLNEED));
	SHOW("madvise length 0", madvise(p, 0, MADV_DONTNEED));

	/* MAP_POPULATE faults pages in at mmap time, and counts those faults */
	long before = minflt();
	unsigned char *q = mmap(NULL, 16 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	long after_map = minflt();
	for (int i = 0; i < 16; i++)
		q[(size_t)i * P] = (unsigned char)i;
	printf("MAP_POPULATE of 16 pages: %ld faults at mmap, %ld when written\n", after_map - before,
	       minflt() - after_map);
	SHOW("mincore populated", mincore(q, 8 * P, vec));
	show_vec("  resident", vec, 8);
	(void)sink;
	return 0;
}
