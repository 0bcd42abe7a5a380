/*
 * mremap: shrink, grow in place, move (contents and sharing kept, no new
 * faults for moved pages), MREMAP_FIXED, MREMAP_DONTUNMAP, the shared
 * old_len = 0 duplicate, and the errno of each bad call.  Everything happens
 * inside one reserved PROT_NONE window so that layouts are the same on Linux
 * and Faultline.
 */
#include "common.h"
#include <sys/resource.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static size_t P;
static unsigned char *win;		/* 64 pages reserved, PROT_NONE */

static long minflt(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static unsigned char *at(int page) { return win + (size_t)page * P; }

static long raw_mremap(void *old, size_t old_len, size_t new_len, long flags, void *new_addr)
{
	return syscall(SYS_mremap, (long)old, (long)old_len, (long)new_len, flags, (long)new_addr);
}

/* Map n private RW pages at window page `page`, filled with value+i per page. */
static unsigned char *place(int page, int n, int flags, int value)
{
	void *p = mmap(at(page), (size_t)n * P, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		die("mmap fixed");
	for (int i = 0; i < n; i++)
		memset((unsigned char *)p + (size_t)i * P, value + i, P);
	return p;
}

static const char *where(long r)
{
	static char buf[48];
	if (r == -1)
		return errno_name(errno);
	if ((unsigned char *)r >= win && (unsigned char *)r < at(64)) {
		snprintf(buf, sizeof(buf), "window page %ld", (long)(((unsigned char *)r - win) / (long)P));
		return buf;
	}
	return "elsewhere";
}

static void show(const char *what, long r)
{
	printf("%s -> %s\n", what, where(r));
}

int main(void)
{
	P = page_size();
	win = mmap(NULL, 64 * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (win == MAP_FAILED)
		die("reserve");
	munmap(win, 64 * P);		/* keep the address, free the space */

	/* shrink: the tail goes away */
	unsigned char *a = place(0, 4, MAP_PRIVATE, 10);
	errno = 0;
	show("shrink 4 -> 2 pages", raw_mremap(a, 4 * P, 2 * P, 0, NULL));
	check("byte of page 1 kept", a[P] == 11);
	SHOW("mprotect of the dropped tail", raw_mprotect(at(2), P, PROT_READ));

	/* grow in place into free space */
	errno = 0;
	show("grow 2 -> 6 pages in place", raw_mremap(a, 2 * P, 6 * P, 0, NULL));
	check("new pages read zero", all_zero(at(2), 4 * P));
	check("old pages kept", a[0] == 10 && a[P] == 11);

	/* grow blocked by a neighbour: ENOMEM without MAYMOVE, a move with it */
	place(6, 1, MAP_PRIVATE, 99);
	errno = 0;
	show("grow 6 -> 8 blocked, no MAYMOVE", raw_mremap(a, 6 * P, 8 * P, 0, NULL));
	long before = minflt();
	errno = 0;
	long moved = raw_mremap(a, 6 * P, 8 * P, MREMAP_MAYMOVE, NULL);
	printf("grow 6 -> 8 blocked, MAYMOVE -> %s\n", moved == -1 ? errno_name(errno) : "moved");
	unsigned char *m = (unsigned char *)moved;
	check("contents moved", m[0] == 10 && m[P] == 11 && all_zero(m + 2 * P, 6 * P));
	printf("faults reading moved pages 0-1: %ld\n", (volatile unsigned char)m[0] + (volatile unsigned char)m[P] > 0 ? minflt() - before : -1);
	SHOW("old place is unmapped (mprotect)", raw_mprotect(a, P, PROT_READ));
	munmap(m, 8 * P);

	/* MREMAP_FIXED */
	unsigned char *b = place(10, 2, MAP_PRIVATE, 20);
	place(20, 3, MAP_PRIVATE, 77);		/* will be replaced */
	errno = 0;
	show("FIXED to page 20", raw_mremap(b, 2 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_FIXED, at(20)));
	check("page 20 has the moved data", at(20)[0] == 20 && at(21)[0] == 21);
	check("page 22 (grown) reads zero", all_zero(at(22), P));
	errno = 0;
	show("FIXED overlapping itself", raw_mremap(at(20), 3 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_FIXED, at(21)));
	errno = 0;
	show("FIXED without MAYMOVE", raw_mremap(at(20), P, P, MREMAP_FIXED, at(30)));
	errno = 0;
	show("FIXED to an unaligned address", raw_mremap(at(20), P, P, MREMAP_MAYMOVE | MREMAP_FIXED, at(30) + 1));
	errno = 0;
	show("FIXED shrinking 3 -> 1", raw_mremap(at(20), 3 * P, P, MREMAP_MAYMOVE | MREMAP_FIXED, at(40)));
	check("page 40 has the data", at(40)[0] == 20);
	SHOW("old tail page 21 is gone", raw_mprotect(at(21), P, PROT_READ));
	munmap(at(40), P);

	/* MREMAP_DONTUNMAP: the old range stays mapped and reads zero */
	unsigned char *c = place(44, 2, MAP_PRIVATE, 30);
	errno = 0;
	show("DONTUNMAP 2 pages", raw_mremap(c, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL));
	check("old range still mapped, reads zero", all_zero(c, 2 * P));
	errno = 0;
	show("DONTUNMAP with a new size", raw_mremap(c, 2 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL));

	/* shared: a move keeps the object; old_len 0 makes a second view */
	unsigned char *s = place(50, 2, MAP_SHARED, 40);
	errno = 0;
	long dup = raw_mremap(s, 0, 2 * P, MREMAP_MAYMOVE, NULL);
	printf("shared duplicate (old_len 0) -> %s\n", dup == -1 ? errno_name(errno) : "ok");
	if (dup != -1) {
		unsigned char *d = (unsigned char *)dup;
		s[5] = 123;
		check("the duplicate sees the write", d[5] == 123);
		d[P + 7] = 45;
		check("the original sees the duplicate's write", s[P + 7] == 45);
	}
	errno = 0;
	show("private duplicate (old_len 0)", raw_mremap(at(6), 0, P, MREMAP_MAYMOVE, NULL));

	/* errors */
	errno = 0;
	show("unknown flag", raw_mremap(s, P, P, 8, NULL));
	errno = 0;
	show("unaligned old address", raw_mremap(s + 1, P, P, 0, NULL));
	errno = 0;
	show("new length 0", raw_mremap(s, P, 0, 0, NULL));
	errno = 0;
	show("grow an unmapped address", raw_mremap(at(60), P, 2 * P, MREMAP_MAYMOVE, NULL));
	errno = 0;
	show("grow across two regions", raw_mremap(s, 4 * P, 5 * P, MREMAP_MAYMOVE, NULL));
	errno = 0;
	show("same size, unmapped", raw_mremap(at(60), P, P, 0, NULL));
	errno = 0;
	show("shrink, unmapped", raw_mremap(at(60), 2 * P, P, 0, NULL));
	errno = 0;
	show("shrink past the region's end", raw_mremap(s + P, 3 * P, P, 0, NULL));
	errno = 0;
	show("private, old_len 0, same size", raw_mremap(at(6), 0, P, 0, NULL));
	/* A shared duplicate FIXED onto itself: the destination's unmapping
	 * takes the source too (this once crashed Faultline's kernel). */
	unsigned char *d2 = place(56, 2, MAP_SHARED, 60);
	errno = 0;
	show("shared duplicate FIXED onto itself", raw_mremap(d2, 0, 4 * P, MREMAP_MAYMOVE | MREMAP_FIXED, d2));
	SHOW("  its range afterwards (mprotect)", raw_mprotect(d2, P, PROT_READ));
	return 0;
}
