// diff-pagesize: 4096
/*
 * mmap_hint - the address argument without MAP_FIXED is a hint: honoured
 * when the range is free, ignored (not an error) when it is taken, and the
 * result is always page aligned.  The seed article's fixed-looking address
 * 0x7000003000 is used as one hint.
 */
#include "common.h"

int main(void)
{
	size_t ps = page_size();
	int prot = PROT_READ | PROT_WRITE;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;

	/* A hint in a range that is known to be free: map, unmap, reuse.
	 * Nothing may run in between that could mmap (no printing). */
	unsigned char *probe = map_anon(4 * ps, prot, MAP_PRIVATE);
	int unmapped = munmap(probe, 4 * ps) == 0;
	unsigned char *h = mmap(probe + ps, ps, prot, flags, -1, 0);
	if (h == MAP_FAILED)
		die("mmap(free hint)");
	check("probe unmapped", unmapped);
	check("free hint honoured", h == probe + ps);

	/* A hint at an occupied page: placed elsewhere, the old mapping is
	 * left alone. */
	h[0] = 'h';
	unsigned char *o = mmap(h, ps, prot, flags, -1, 0);
	if (o == MAP_FAILED)
		die("mmap(occupied hint)");
	check("occupied hint placed elsewhere", o != h);
	printf("old mapping still holds '%c'\n", h[0]);
	check("new mapping is zero", all_zero(o, ps));
	check("new mapping page aligned", ((uintptr_t)o & (ps - 1)) == 0);

	/* An unaligned hint into a free range: the result is page aligned;
	 * x86-64 Linux rounds the hint down, the generic code rounds up. */
	unsigned char *probe2 = map_anon(4 * ps, prot, MAP_PRIVATE);
	unmapped = munmap(probe2, 4 * ps) == 0;
	unsigned char *u = mmap(probe2 + ps + 5, ps, prot, flags, -1, 0);
	if (u == MAP_FAILED)
		die("mmap(unaligned hint)");
	check("probe2 unmapped", unmapped);
	check("unaligned hint: result page aligned",
	      ((uintptr_t)u & (ps - 1)) == 0);
	printf("unaligned hint: result is %s\n",
	       u == probe2 + ps ? "the hint rounded down" :
	       u == probe2 + 2 * ps ? "the hint rounded up" : "elsewhere");

	/* The seed article's address. */
	volatile int *x = mmap((void *)0x7000003000, 80, prot,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (x == MAP_FAILED)
		die("mmap(0x7000003000)");
	check("hint 0x7000003000 honoured", x == (int *)0x7000003000);
	printf("x = %d\n", *x);
	*x = 1;
	printf("x = %d\n", *x);
	/* The 80 bytes were rounded up to a whole page. */
	((volatile char *)x)[ps - 1] = 1;
	printf("last byte of the page = %d\n", ((volatile char *)x)[ps - 1]);

	SHOW("munmap(h)", munmap(h, ps));
	SHOW("munmap(o)", munmap(o, ps));
	SHOW("munmap(u)", munmap(u, ps));
	SHOW("munmap(x)", munmap((void *)x, 80));
	return 0;
}
