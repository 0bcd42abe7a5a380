/*
 * mremap moves that span several regions (Linux 6.17 and later: only
 * MREMAP_FIXED moves that do not resize; gaps stay gaps and what lies
 * opposite them at the destination stays).  The DONTUNMAP case that ends
 * inside a region once hung Faultline's kernel.
 */
#include "common.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static size_t P;
static unsigned char *w;

/* Pages 0-3 rw, 4-5 r, 6-7 a gap, 8-9 rw; page 40 is the destination's neighbour. */
static void setup(void)
{
	munmap(w, 64 * P);
	mmap(w, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(w + 4 * P, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(w + 8 * P, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(w + 38 * P, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	memset(w, 1, 4 * P);
	memset(w + 8 * P, 2, 4 * P);
}

static void try(const char *what, long from, long old_pages, long new_pages, long flags, long to)
{
	unsigned char v[16];

	setup();
	errno = 0;
	long r = syscall(SYS_mremap, w + from * P, old_pages * P, new_pages * P, flags, w + to * P);
	printf("%-48s %s", what, r == -1 ? errno_name(errno) : r == (long)(w + to * P) ? "ok" : "elsewhere");
	if (r != -1) {
		printf("  destination:");
		for (int i = 0; i < 12; i++)
			printf("%c", syscall(SYS_mincore, w + (to + i) * P, P, v) ? '-' : "01"[v[0] & 1]);
		printf("  source:");
		for (int i = 0; i < 12; i++)
			printf("%c", syscall(SYS_mincore, w + (from + i) * P, P, v) ? '-' : "01"[v[0] & 1]);
	}
	printf("\n");
}

int main(void)
{
	P = page_size();
	w = mmap(NULL, 64 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED)
		die("mmap");
	long mf = MREMAP_MAYMOVE | MREMAP_FIXED;
	try("two adjacent regions", 0, 6, 6, mf, 32);
	try("three regions and a gap", 0, 10, 10, mf, 32);
	try("from inside the first, with the gap", 2, 7, 7, mf, 32);
	try("ending inside the last region", 0, 9, 9, mf, 32);
	try("over the destination's neighbour", 0, 10, 10, mf, 30);
	try("DONTUNMAP ending inside the last region", 0, 9, 9, mf | MREMAP_DONTUNMAP, 32);
	try("DONTUNMAP, three regions", 0, 12, 12, mf | MREMAP_DONTUNMAP, 32);
	try("starting in the gap", 6, 4, 4, mf, 32);
	try("growing across regions", 0, 10, 12, mf, 32);
	try("shrinking across regions", 0, 10, 8, mf, 32);
	try("DONTUNMAP without FIXED", 0, 6, 6, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 32);
	return 0;
}
